// The group view: two read-only pages, refreshed every second while visible, from
// /dispatch/api/groups and /dispatch/api/groups/{name}. Text from the cluster (group and
// consumer names, tags, failure reasons) only ever goes into textContent, never into markup.
"use strict";

const base = "/dispatch";
const groupPrefix = base + "/group/";
const refreshMs = 1000;
const app = document.getElementById("app");
let refreshes = 0;

function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== null && value !== undefined && value !== false) {
      element.setAttribute(name, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) {
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return element;
}

function svg(tag, attributes, ...children) {
  const element = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    element.setAttribute(name, String(value));
  }
  element.append(...children);
  return element;
}

const rate = value => value >= 100 ? value.toFixed(0) : value.toFixed(1);
const ms = value => value === null || value === undefined ? "–" : value >= 100 ? value.toFixed(0) + " ms" : value.toFixed(2) + " ms";
const when = millis => new Date(millis).toLocaleTimeString();

function bar(inFlight, capacity) {
  const share = capacity > 0 ? Math.min(1, inFlight / capacity) : 0;
  return h("span", { class: share >= 1 ? "bar full" : "bar", role: "meter", "aria-valuenow": inFlight, "aria-valuemax": capacity },
    h("span", { style: `width:${(share * 100).toFixed(1)}%` }));
}

function failures(byKind) {
  const kinds = Object.entries(byKind || {});
  return kinds.length === 0 ? h("span", { class: "muted" }, "none")
    : kinds.map(([kind, count]) => h("span", { class: "badge failure", "data-kind": kind }, `${kind.replace(/Exception$/, "")} ${count}`));
}

function groupsPage(data) {
  setCrumbs([]);
  if (data.groups.length === 0) {
    return h("div", { class: "card" }, "No group yet. Register a consumer (",
      h("code", {}, "dotnet run --project src/Cli -- quickstart demo"), ") and it appears here.");
  }
  return [
    h("h1", {}, "Consumer groups"),
    h("table", { id: "groups" },
      h("thead", {}, h("tr", {},
        ["group", "routing function", "consumers", "in flight / capacity", "waiting", "delivered/s", "rerouted/s", "failed/s", "p50 / p99", "failures (5 min)", "dead letters", "ordered by"]
          .map((title, i) => h("th", { class: i >= 4 && i <= 7 || i === 10 ? "num" : null }, title)))),
      h("tbody", {}, data.groups.map(group => group.problem
        ? h("tr", { "data-group": group.name }, h("td", {}, link(group.name)), h("td", { colspan: 11, class: "failed" }, group.problem))
        : h("tr", { "data-group": group.name },
          h("td", {}, link(group.name)),
          h("td", {}, h("code", {}, group.routingFunction)),
          h("td", { class: "num consumers" }, group.consumers),
          h("td", { class: "in-flight" }, bar(group.inFlight, group.capacity), `${group.inFlight} / ${group.capacity}`),
          h("td", { class: "num waiting" }, group.waiting > 0 ? `${group.waiting} (oldest ${ms(group.oldestWaitingMs)})` : "0"),
          h("td", { class: "num delivered" }, rate(group.deliveredPerSecond)),
          h("td", { class: "num rerouted" }, rate(group.reroutedPerSecond)),
          h("td", { class: "num failed" }, rate(group.failedPerSecond)),
          h("td", { class: "num" }, `${ms(group.latencyP50Ms)} / ${ms(group.latencyP99Ms)}`),
          h("td", { class: "failures" }, failures(group.failures)),
          h("td", { class: "num dead-letters" }, group.deadLetters),
          h("td", {}, group.orderingKey ? h("code", {}, group.orderingKey) : h("span", { class: "muted" }, "–")))))),
  ];
}

function link(name) {
  return h("a", { href: groupPrefix + encodeURIComponent(name) }, name);
}

function tile(label, value, name) {
  return h("div", { class: "card tile", "data-tile": name }, h("div", { class: "value" }, value), h("div", { class: "label" }, label));
}

function groupPage(data) {
  const group = data.group;
  setCrumbs([group.name]);
  const totals = data.seconds.reduce((sum, s) => ({ delivered: sum.delivered + s.delivered, rerouted: sum.rerouted + s.rerouted, failed: sum.failed + s.failed }),
    { delivered: 0, rerouted: 0, failed: 0 });
  return [
    h("h1", {}, group.name, " ", h("span", { class: "muted" }, "routed by "), h("code", { id: "routing-function" }, group.routingFunction ?? "?")),
    group.problem ? h("div", { class: "card failed" }, group.problem) : null,
    h("div", { class: "tiles" },
      tile("in flight / capacity", `${group.inFlight} / ${group.capacity}`, "in-flight"),
      tile("waiting for room", group.waiting > 0 ? `${group.waiting} (${ms(group.oldestWaitingMs)})` : "0", "waiting"),
      tile("delivered/s (10 s)", rate(group.deliveredPerSecond), "delivered"),
      tile("rerouted/s (10 s)", rate(group.reroutedPerSecond), "rerouted"),
      tile("failed/s (10 s)", rate(group.failedPerSecond), "failed"),
      tile("latency p50 / p99", `${ms(group.latencyP50Ms)} / ${ms(group.latencyP99Ms)}`, "latency"),
      tile("dead letters", group.deadLetters, "dead-letters"),
      tile("ordered by", group.orderingKey ? `${group.orderingKey} (${data.activeKeys} keys active, longest queue ${data.longestKeyQueue})` : "–", "ordering")),
    h("h2", {}, "Last five minutes"),
    h("div", { class: "charts" },
      h("div", { class: "card" }, chart("throughput", data.seconds, [["delivered", "delivered"], ["rerouted", "rerouted"], ["failed", "failed"]], "/s"),
        h("div", { class: "legend", id: "throughput-legend" },
          h("span", { class: "delivered", "data-total": totals.delivered }, `delivered ${totals.delivered}`),
          h("span", { class: "rerouted", "data-total": totals.rerouted }, `rerouted ${totals.rerouted}`),
          h("span", { class: "failed", "data-total": totals.failed }, `failed ${totals.failed}`))),
      h("div", { class: "card" }, chart("latency", data.seconds, [["latencyP50Ms", "p50"], ["latencyP99Ms", "p99"]], " ms"),
        h("div", { class: "legend" }, h("span", { class: "p50" }, "p50"), h("span", { class: "p99" }, "p99")))),
    h("h2", {}, `Consumers (${data.consumers.filter(c => !c.draining).length})`),
    h("table", { id: "consumers" },
      h("thead", {}, h("tr", {}, ["consumer", "in flight / max", "buffer depth", "tags", "silo", "grain"].map((title, i) => h("th", { class: i === 2 ? "num" : null }, title)))),
      h("tbody", {}, data.consumers.map(c => h("tr", { "data-consumer": c.id, class: c.draining ? "draining" : null },
        h("td", {}, c.id, c.draining ? h("span", { class: "badge draining" }, "draining") : null,
          c.worker ? h("span", { class: "badge worker", title: `worker process on ${c.worker}` }, "worker") : null,
          c.health ? h("span", { class: `badge health ${c.health}`, title: c.lastFailure ? `last failure: ${c.lastFailure}` : "" },
            c.healthSecondsLeft != null ? `${c.health} ${c.healthSecondsLeft.toFixed(1)} s` : c.health) : null),
        h("td", { class: "in-flight" }, c.draining ? `${c.inFlight} left` : [bar(c.inFlight, c.maxInFlight), `${c.inFlight} / ${c.maxInFlight}`]),
        h("td", { class: "num" }, c.bufferDepth),
        h("td", {}, c.tags.length ? c.tags.map(tag => h("span", { class: "tag" }, tag)) : h("span", { class: "muted" }, "–")),
        h("td", { class: "silo" }, c.worker ? `${c.worker} (via ${c.silo ?? "?"})` : c.silo ?? h("span", { class: "muted" }, c.draining ? "–" : "not active")),
        h("td", {}, h("code", {}, c.grain ?? "")))))),
    h("h2", {}, `Latest dead letters (${group.deadLetters} kept)`),
    data.deadLetters.length === 0 ? h("p", { class: "muted" }, "None.")
      : h("table", { id: "dead-letters" },
        h("thead", {}, h("tr", {}, ["#", "message", "failure", "crash chain", "reason", "failed at"].map(title => h("th", {}, title)))),
        h("tbody", {}, data.deadLetters.map(letter => h("tr", { "data-sequence": letter.sequence },
          h("td", {}, letter.sequence),
          h("td", {}, h("code", {}, letter.messageId)),
          h("td", {}, h("span", { class: "badge failure" }, letter.failure.replace(/Exception$/, ""))),
          h("td", {}, letter.reroutedFrom.length ? letter.reroutedFrom.join(" → ") : h("span", { class: "muted" }, "no crash")),
          h("td", {}, letter.reason),
          h("td", {}, when(letter.failedAt)))))),
  ];
}

function chart(name, seconds, series, unit) {
  const width = 600, height = 150, left = 40, bottom = 18;
  const values = series.flatMap(([key]) => seconds.map(s => s[key] ?? 0));
  const top = Math.max(1, ...values);
  const x = i => left + (i / Math.max(1, seconds.length - 1)) * (width - left - 4);
  const y = v => 4 + (1 - v / top) * (height - bottom - 8);
  const lines = series.map(([key, css]) => svg("polyline", {
    class: css, stroke: "currentColor", "data-series": key,
    points: seconds.map((s, i) => `${x(i).toFixed(1)},${y(s[key] ?? 0).toFixed(1)}`).join(" "),
  }));
  const start = seconds.length ? when(seconds[0].at) : "";
  const end = seconds.length ? when(seconds[seconds.length - 1].at) : "";
  return svg("svg", { class: "chart", id: name + "-chart", viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: "none" },
    svg("line", { class: "axis", x1: left, x2: width, y1: y(0), y2: y(0) }),
    svg("line", { class: "axis", x1: left, x2: width, y1: y(top), y2: y(top) }),
    svg("text", { x: 2, y: y(top) + 4 }, document.createTextNode(`${rate(top)}${unit}`)),
    svg("text", { x: 2, y: y(0) }, document.createTextNode("0")),
    svg("text", { x: left, y: height - 2 }, document.createTextNode(start)),
    svg("text", { x: width - 60, y: height - 2 }, document.createTextNode(end)),
    ...lines);
}

function setCrumbs(path) {
  const crumbs = document.getElementById("crumbs");
  crumbs.replaceChildren(...path.map(name => h("span", {}, " / ", link(name))));
}

function showProblem(text) {
  const problem = document.getElementById("problem");
  problem.hidden = !text;
  problem.textContent = text || "";
  document.getElementById("live").classList.toggle("stale", Boolean(text));
}

async function refresh() {
  const path = location.pathname;
  const group = path.startsWith(groupPrefix) ? decodeURIComponent(path.slice(groupPrefix.length)) : null;
  const url = group === null ? `${base}/api/groups` : `${base}/api/groups/${encodeURIComponent(group)}`;
  const response = await fetch(url, { cache: "no-store", credentials: "same-origin" });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(body.error || `${url} answered ${response.status}`);
  }
  app.replaceChildren(...[group === null ? groupsPage(body) : groupPage(body)].flat().filter(Boolean));
  document.getElementById("served-by").textContent = body.servedBy;
  const updated = document.getElementById("updated");
  updated.dataset.refreshes = String(++refreshes);
  updated.textContent = "updated " + new Date().toLocaleTimeString();
  document.title = group === null ? "Groups · Orleans.Dispatch" : `${group} · Orleans.Dispatch`;
}

async function loop() {
  if (!document.hidden) {
    try {
      await refresh();
      showProblem(null);
    } catch (error) {
      showProblem(`Could not refresh: ${error.message}. Retrying every second.`);
    }
  }
  setTimeout(loop, refreshMs);
}

document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh().catch(() => {}); });
loop();

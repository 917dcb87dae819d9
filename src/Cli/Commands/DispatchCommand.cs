using System.CommandLine;
using System.Globalization;
using Orleans.Dispatch.Cli.Connection;
using Orleans.Dispatch.Cli.Load;
using Spectre.Console;

namespace Orleans.Dispatch.Cli.Commands;

/// <summary><c>dispatch</c>: send N messages at concurrency C through the retrying client and report what happened.</summary>
internal static class DispatchCommand
{
    public static readonly Option<int> Count = new("--count", "-n") { Description = "How many messages.", DefaultValueFactory = _ => 1000 };
    public static readonly Option<int> Concurrency = new("--concurrency", "-c") { Description = "How many in flight at once.", DefaultValueFactory = _ => 16 };
    public static readonly Option<double> DeadlineSeconds = new("--deadline-seconds") { Description = "Per-message client deadline, retries included.", DefaultValueFactory = _ => DispatchClientOptions.DefaultDeadline.TotalSeconds };
    public static readonly Option<double> CallTimeoutSeconds = new("--call-timeout-seconds") { Description = "How long the client waits for one call before sending it again.", DefaultValueFactory = _ => DispatchClientOptions.DefaultCallTimeout.TotalSeconds };

    public static Command Create()
    {
        var group = new Argument<string>("group") { Description = "The group." };
        var fields = new Option<string[]>("--field", "-f") { Description = "A field, name=value (repeatable): integers, floats, true/false and null are typed, the rest is text." };
        var keyField = new Option<string?>("--key-field") { Description = "A text field set to key-<i mod keys> per message (for consistent-hash and by-field)." };
        var keys = new Option<int>("--keys") { Description = "How many distinct --key-field values.", DefaultValueFactory = _ => 100 };
        var payload = new Option<int>("--payload-bytes") { Description = "Payload size in bytes.", DefaultValueFactory = _ => 0 };
        var command = new Command("dispatch", "Dispatch N messages at concurrency C with the retrying client, and print delivered, rerouted, failures by kind, throughput and latency.")
        {
            group, Count, Concurrency, fields, keyField, keys, payload, DeadlineSeconds, CallTimeoutSeconds,
        };
        command.SetConnectedAction(
            async (parse, connection, cancellationToken) =>
            {
                var plan = new LoadPlan(
                    parse.GetValue(group)!,
                    Positive(parse.GetValue(Count), "--count"),
                    Positive(parse.GetValue(Concurrency), "--concurrency"),
                    [.. (parse.GetValue(fields) ?? []).Select(FieldSpec.Parse)],
                    parse.GetValue(keyField),
                    Positive(parse.GetValue(keys), "--keys"),
                    Math.Max(0, parse.GetValue(payload)),
                    $"cli-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}");
                plan.Message(0); // Bad field names fail here, before anything is sent.
                var report = await RunWithProgressAsync(connection.Dispatcher, plan, cancellationToken);
                Print(report);
                return report.Failures.Count == 0 ? 0 : 1;
            },
            Retries);
        return command;
    }

    public static Action<DispatchClientOptions> Retries(ParseResult parse) => o =>
    {
        o.Deadline = TimeSpan.FromSeconds(parse.GetValue(DeadlineSeconds));
        o.CallTimeout = TimeSpan.FromSeconds(parse.GetValue(CallTimeoutSeconds));
    };

    public static async Task<LoadReport> RunWithProgressAsync(IDispatchClient client, LoadPlan plan, CancellationToken cancellationToken)
    {
        LoadReport? report = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"dispatching {plan.Count} to {Markup.Escape(plan.Group)}", maxValue: plan.Count);
                report = await LoadRunner.RunAsync(client, plan, n => task.Increment(n), cancellationToken);
            });
        return report!;
    }

    public static void Print(LoadReport report)
    {
        var table = new Table().AddColumns("result", "value");
        table.AddRow("messages", report.Completed.ToString(CultureInfo.InvariantCulture));
        table.AddRow("delivered", report.Delivered.ToString(CultureInfo.InvariantCulture));
        table.AddRow("rerouted (delivered after a crash)", report.Rerouted.ToString(CultureInfo.InvariantCulture));
        foreach (var (kind, count) in report.Failures.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            table.AddRow($"[red]failed: {Markup.Escape(kind)}[/]", count.ToString(CultureInfo.InvariantCulture));
        }

        if (report.Waited > 0)
        {
            table.AddRow("waited for room (backpressure)", string.Create(CultureInfo.InvariantCulture, $"{report.Waited}, wait p50 / p99 {report.WaitMs(0.50):0.00} / {report.WaitMs(0.99):0.00} ms"));
        }

        table.AddRow("throughput", string.Create(CultureInfo.InvariantCulture, $"{report.Throughput:0} msg/s"));
        table.AddRow("latency p50 / p99 / max", string.Create(CultureInfo.InvariantCulture, $"{report.LatencyMs(0.50):0.00} / {report.LatencyMs(0.99):0.00} / {report.LatencyMs(1):0.00} ms"));
        table.AddRow("elapsed", string.Create(CultureInfo.InvariantCulture, $"{report.Elapsed.TotalSeconds:0.00} s"));
        AnsiConsole.Write(table);

        var spread = new Table().AddColumns("delivered to", "messages");
        foreach (var (consumer, count) in report.DeliveredTo.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            spread.AddRow(Markup.Escape(consumer), count.ToString(CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(spread);
    }

    private static int Positive(int value, string option) =>
        value > 0 ? value : throw new CliException($"{option}: must be positive, not {value}.");
}

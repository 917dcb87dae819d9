using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Orleans.Dispatch.Silo.View;

/// <summary>
/// The group view at <c>/dispatch</c>: a page that lists the cluster's groups and one per group,
/// both read-only, refreshed by the browser every second from two JSON endpoints. Every asset is
/// embedded in the host: nothing comes from a CDN.
/// </summary>
internal static class GroupViewEndpoints
{
    public const string Path = "/dispatch";

    private static readonly Dictionary<string, (byte[] Content, string Type)> Assets = new(StringComparer.Ordinal)
    {
        ["index.html"] = (Read("index.html"), "text/html; charset=utf-8"),
        ["view.js"] = (Read("view.js"), "text/javascript; charset=utf-8"),
        ["view.css"] = (Read("view.css"), "text/css; charset=utf-8"),
    };

    public static void Map(WebApplication app)
    {
        app.MapGet(Path, () => Asset("index.html"));
        app.MapGet(Path + "/group/{name}", (string name) => Asset("index.html"));
        app.MapGet(Path + "/view.js", () => Asset("view.js"));
        app.MapGet(Path + "/view.css", () => Asset("view.css"));
        app.MapGet(Path + "/api/groups", async (GroupViewReader reader) => Results.Json(await reader.GroupsAsync(), ViewJson.Default.GroupsPage));
        app.MapGet(Path + "/api/groups/{name}", async (string name, GroupViewReader reader) =>
            await reader.GroupAsync(name) is { } page
                ? Results.Json(page, ViewJson.Default.GroupPage)
                : Results.NotFound(new Dictionary<string, string> { ["error"] = $"The cluster has no group named '{name}'." }));
    }

    private static IResult Asset(string name)
    {
        var (content, type) = Assets[name];
        return Results.Bytes(content, type);
    }

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("view/" + name)
            ?? throw new InvalidOperationException($"The group view's asset {name} is not embedded in the silo host.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

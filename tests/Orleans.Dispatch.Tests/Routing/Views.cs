namespace Orleans.Dispatch.Tests.Routing;

/// <summary>Builds candidate lists the way the group does: ordered by id.</summary>
internal static class Views
{
    public static ConsumerStateView View(string id, int inFlight = 0, int max = 10, params string[] tags) =>
        new(new ConsumerId(id), max) { CurrentInFlight = inFlight, AffinityTags = tags };

    public static ConsumerStateView[] Of(params ConsumerStateView[] views) => [.. views.OrderBy(v => v.Consumer)];

    public static string? Pick(this IRoutingFunction function, IReadOnlyList<ConsumerStateView> views, RoutingMessage? message = null) =>
        function.Route(message ?? new RoutingMessage(), views).Consumer?.Value;
}

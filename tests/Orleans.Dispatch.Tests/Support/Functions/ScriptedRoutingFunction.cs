
namespace Orleans.Dispatch.Tests.Support.Functions;

/// <summary>
/// A routing function steered by the message's <c>script</c> field: <c>throw</c> throws,
/// <c>hang</c> blocks its thread for four routing timeouts, <c>stranger</c> selects an id that is
/// in no group, <c>nobody</c> selects nobody, <c>wait</c> waits, <c>select:&lt;id&gt;</c> selects that id whatever
/// the candidates are; otherwise it selects the first candidate.
/// </summary>
public sealed class ScriptedRoutingFunction : IRoutingFunction
{
    public const string Name = "scripted";

    public RoutingDecision Route(RoutingMessage message, IReadOnlyList<ConsumerStateView> consumers)
    {
        message.TryGetText("script", out var script);
        switch (script)
        {
            case "throw":
                throw new InvalidOperationException("scripted routing failure");
            case "hang":
                Thread.Sleep(TestSettings.RoutingTimeout * 4);
                break;
            case "stranger":
                return RoutingDecision.Select(new ConsumerId("ghost"));
            case "nobody":
                return RoutingDecision.None;
            case "wait":
                return RoutingDecision.Wait;
            case not null when script.StartsWith("select:", StringComparison.Ordinal):
                return RoutingDecision.Select(new ConsumerId(script["select:".Length..]));
        }

        return RoutingDecision.Select(consumers[0].Consumer);
    }
}

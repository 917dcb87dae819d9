namespace Orleans.Dispatch.Group.Claims;

/// <summary>The consumer and routing function of deliveries the <see cref="OutcomeLog"/> keeps: one shared object for all of them.</summary>
/// <param name="Consumer">The consumer that acknowledged.</param>
/// <param name="Function">The routing function that chose it.</param>
internal sealed record DeliveredBy(ConsumerId Consumer, string Function);

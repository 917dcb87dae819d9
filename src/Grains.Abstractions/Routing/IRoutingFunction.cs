namespace Orleans.Dispatch;

/// <summary>
/// Chooses the consumer a message goes to, from the live state of the group's remaining consumers.
/// </summary>
/// <remarks>
/// <para>
/// An instance is built through dependency injection for each group activation (so it may take
/// services) and is called for one decision at a time per group, so it may keep per-group state
/// such as a round-robin cursor. Register it on the silo with
/// <c>siloBuilder.AddRoutingFunction&lt;TFunction&gt;("name")</c>.
/// </para>
/// <para>
/// The call is synchronous and runs under supervision: an exception, or a run longer than
/// <c>DispatchOptions.RoutingTimeout</c>, fails that dispatch with
/// <see cref="RoutingEvaluationException"/>. A run that overruns cannot be stopped: it is
/// abandoned (its thread stays busy until it returns) and the group builds a fresh instance for
/// its next decision.
/// </para>
/// </remarks>
public interface IRoutingFunction
{
    /// <summary>Selects a consumer for <paramref name="message"/>.</summary>
    /// <param name="message">The message, without its payload.</param>
    /// <param name="consumers">The candidates, ordered by id: the group's consumers minus those excluded for this message. Never empty.</param>
    /// <returns><see cref="RoutingDecision.Select(ConsumerId)"/> with one of the candidates' ids, or <see cref="RoutingDecision.None"/>.</returns>
    RoutingDecision Route(RoutingMessage message, IReadOnlyList<ConsumerStateView> consumers);
}

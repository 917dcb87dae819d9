using Microsoft.Extensions.Logging;
using Orleans.Dispatch.Diagnostics;

namespace Orleans.Dispatch.Conversation;

/// <summary>What every dispatch loop of a silo shares.</summary>
/// <param name="Options">The dispatch options.</param>
/// <param name="Time">The clock.</param>
/// <param name="Metrics">The instruments.</param>
/// <param name="Logger">Where the loop logs.</param>
/// <param name="Silo">The silo running the loop (whose high-resolution clock its timestamps read).</param>
/// <param name="Grains">Where the group's dead-letter store is reached; null keeps no dead letters (tests that run the loop alone).</param>
internal sealed record ConversationServices(
    DispatchOptions Options,
    TimeProvider Time,
    DispatchMetrics Metrics,
    ILogger Logger,
    string Silo,
    IGrainFactory? Grains);

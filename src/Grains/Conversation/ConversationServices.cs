using Microsoft.Extensions.Logging;
using Orleans.Dispatch.DeadLetters;
using Orleans.Dispatch.Diagnostics;
using Orleans.Runtime;

namespace Orleans.Dispatch.Conversation;

/// <summary>What every dispatch loop of a silo shares.</summary>
/// <param name="Options">The dispatch options.</param>
/// <param name="Time">The clock.</param>
/// <param name="Metrics">The instruments.</param>
/// <param name="Logger">Where the loop logs.</param>
/// <param name="Silo">The silo running the loop: its high-resolution clock times crashes, and the group ends the loop's claims when it is declared dead.</param>
/// <param name="DeadLetters">Where a message that failed for good is kept.</param>
/// <param name="CallsEndOnCancel">Whether a grain call ends as soon as its token is cancelled (Orleans' default, unless <c>WaitForCancellationAcknowledgement</c>): an attempt then needs no wait of its own on the token.</param>
internal sealed record ConversationServices(
    DispatchOptions Options,
    TimeProvider Time,
    DispatchMetrics Metrics,
    ILogger Logger,
    SiloAddress Silo,
    IDeadLetterSink DeadLetters,
    bool CallsEndOnCancel = false);

using System.Threading.Channels;
using Orleans.Dispatch.Group;
using Orleans.Dispatch.Group.Calls;

namespace Orleans.Dispatch.Tests.Support.Fakes;

/// <summary>
/// A group grain's router side that holds every two-way batch until the test answers it, and
/// tells each message sent to it as it arrives: what a silo's batching sees of its group.
/// </summary>
internal sealed class HeldRouter : IConsumerGroupRouterGrain
{
    private readonly Channel<Sent> sent = Channel.CreateUnbounded<Sent>();

    /// <summary>The next message sent to the group, waited for in real time.</summary>
    public async Task<Sent> NextAsync() => await sent.Reader.ReadAsync().AsTask().WaitAsync(TestSettings.Patience);

    /// <summary>Whether a message was sent that <see cref="NextAsync"/> has not taken yet.</summary>
    public bool HasSent => sent.Reader.Count > 0;

    public Task<AnswerBatch> Decide(CallBatch calls)
    {
        var answer = new TaskCompletionSource<AnswerBatch>(TaskCreationOptions.RunContinuationsAsynchronously);
        sent.Writer.TryWrite(new Sent(calls.Calls, answer));
        return answer.Task;
    }

    public Task EndAll(CallBatch ends)
    {
        sent.Writer.TryWrite(new Sent(ends.Calls, null));
        return Task.CompletedTask;
    }

    public Task<OutcomeRecord?> AwaitOutcome(string messageId) => throw new NotSupportedException();

    public Task<RouteAnswer> AwaitGrant(string messageId, Guid owner) => throw new NotSupportedException();

    public Task ServeWaiters() => throw new NotSupportedException();

    public Task Forget(string[] messageIds) => throw new NotSupportedException();

    /// <summary>One message to the group: its calls, and where to answer it (null: one-way).</summary>
    internal sealed record Sent(GroupCall[] Calls, TaskCompletionSource<AnswerBatch>? Answer)
    {
        /// <summary>The message ids of its calls, in order, routing calls as "route:id" and ends as "end:id".</summary>
        public string[] Names => [.. Calls.Select(call => call switch
        {
            RouteCall route => $"route:{route.Request.Message.Id}",
            EndCall end => $"end:{end.MessageId}",
            _ => call.GetType().Name,
        })];

        /// <summary>Answers every call of the batch with <paramref name="answer"/>.</summary>
        public void AnswerAll(RouteAnswer answer) => Answer!.SetResult(new AnswerBatch([.. Calls.Select(_ => answer)]));
    }
}

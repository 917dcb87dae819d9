using System.Reflection;
using System.Threading.Channels;
using Orleans.Dispatch.Group;
using Orleans.Dispatch.Group.Calls;

namespace Orleans.Dispatch.Tests.Support.Fakes;

/// <summary>
/// A group grain's router side that holds every two-way batch until the test answers it, and
/// tells each message sent to it as it arrives: what a silo's batching sees of its group.
/// </summary>
/// <remarks>
/// It reaches the code under test as <see cref="Grain"/>, a proxy made at run time: a class of
/// this assembly that implemented the grain interface would be taken by Orleans for a second
/// grain class of it, and the test clusters could no longer tell which class a group is.
/// </remarks>
internal sealed class HeldRouter
{
    private readonly Channel<Sent> sent = Channel.CreateUnbounded<Sent>();

    public HeldRouter()
    {
        Grain = DispatchProxy.Create<IConsumerGroupRouterGrain, HeldRouterProxy>();
        ((HeldRouterProxy)Grain).Router = this;
    }

    /// <summary>The grain reference the code under test calls.</summary>
    public IConsumerGroupRouterGrain Grain { get; }

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

using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Activators;

namespace Orleans.Dispatch.Tests.Contracts;

/// <summary>A message read off the wire is the message written, and is built without drawing a fresh id.</summary>
[Trait("Category", "Unit")]
public sealed class MessageSerializationTests : IDisposable
{
    private readonly CountingActivator activator = new();
    private readonly ServiceProvider services;

    public MessageSerializationTests()
    {
        var collection = new ServiceCollection().AddSerializer();
        collection.AddSingleton<IActivator<RoutingMessage>>(activator);
        services = collection.BuildServiceProvider();
    }

    public void Dispose() => services.Dispose();

    public static TheoryData<RoutingMessage> Messages => new()
    {
        new RoutingMessage("m-1"),
        new RoutingMessage("m-2").With("zone", FieldValue.Text("eu")).With("size", FieldValue.Integer(42)),
        new RoutingMessage("m-3").With("key", FieldValue.Text("k")).WithPayload(new byte[] { 1, 2, 3 }),
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void A_message_read_back_equals_the_one_written_and_is_built_by_the_activator(RoutingMessage message)
    {
        var serializer = services.GetRequiredService<Serializer<RoutingMessage>>();

        var read = serializer.Deserialize(serializer.SerializeToArray(message));

        Assert.NotNull(read);
        Assert.Equal(message, read);
        Assert.Equal(message.Id, read.Id);
        Assert.Equal(message.Fields, read.Fields);
        Assert.Equal(message.Payload.ToArray(), read.Payload.ToArray());
        Assert.Equal(1, activator.Created); // Not the public constructor, which draws a fresh random id.
    }

    [Fact]
    public void The_library_activator_builds_an_empty_shell_without_an_id()
    {
        var shell = new RoutingMessageActivator().Create();

        Assert.Equal(string.Empty, shell.Id);
        Assert.Empty(shell.Fields);
        Assert.True(shell.Payload.IsEmpty);
    }

    /// <summary>The library's activator, counted.</summary>
    private sealed class CountingActivator : IActivator<RoutingMessage>
    {
        private readonly RoutingMessageActivator inner = new();

        public int Created { get; private set; }

        public RoutingMessage Create()
        {
            Created++;
            return inner.Create();
        }
    }
}

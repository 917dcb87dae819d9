using System.Diagnostics;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Consumers;
using Orleans.Runtime;

namespace Orleans.Dispatch.Tests.Failover;

/// <summary>
/// Behaviour 7: a consumer whose silo goes away mid-dispatch is a crash like any other. Runs on
/// its own cluster, since it kills a silo. (Real process kills are tested with the deployable cluster.)
/// </summary>
[Trait("Category", "Cluster")]
public sealed class SiloLossTests(SiloLossClusterFixture fixture) : IClassFixture<SiloLossClusterFixture>
{
    [Fact]
    public async Task A_consumer_on_a_silo_that_dies_mid_dispatch_is_a_crash_and_the_message_is_rerouted()
    {
        var scenario = new Scenario(fixture.Client);
        var groupSilo = await WhereIsAsync(scenario.GroupGrain);
        var primary = fixture.Cluster.Primary!.SiloAddress;
        var victimSilo = fixture.Cluster.SecondarySilos.First(s => !s.SiloAddress.Equals(groupSilo));

        var victimKey = SiloPinnedPlacement.Key(victimSilo.SiloAddress, $"{scenario.Group}/A");
        var backupKey = SiloPinnedPlacement.Key(primary, $"{scenario.Group}/B");
        var neverCancelled = new TaskCompletionSource();
        ConsumerScript.Set(victimKey, Behave.HangUntilCancelled(neverCancelled));
        var victim = fixture.Client.GetGrain<IPinnedConsumerGrain>(victimKey);
        var backup = fixture.Client.GetGrain<IPinnedConsumerGrain>(backupKey);
        Assert.Equal(victimSilo.SiloAddress.ToParsableString(), await victim.GetSilo());
        Assert.Equal(primary.ToParsableString(), await backup.GetSilo());
        await scenario.GroupGrain.AddConsumer(new ConsumerRegistration(new ConsumerId("A"), victim));
        await scenario.GroupGrain.AddConsumer(new ConsumerRegistration(new ConsumerId("B"), backup));
        await scenario.UseAsync("first-available");
        var message = new RoutingMessage().With("k", FieldValue.Text("v")).WithPayload([7]);

        var dispatch = scenario.DispatchAsync(message);
        await Eventually.HoldsAsync(() => Task.FromResult(ConsumerScript.Receipts(victimKey).Count == 1), what: "the victim received the message");
        await fixture.Cluster.KillSiloAsync(victimSilo);
        var outcome = await dispatch.Within();

        Assert.Equal("B", outcome.DeliveredTo.Value);
        Assert.Equal([new ConsumerId("A")], outcome.ReroutedFrom);
        Assert.Equal([message], ConsumerScript.Receipts(backupKey));
        // The silo's loss itself is the crash, not the attempt timeout running out.
        Assert.DoesNotContain("attempt timeout", outcome.Crashes[0].Failure, StringComparison.Ordinal);
        await Eventually.HoldsAsync(scenario.NothingInFlightAsync, what: "both leases released (the release is one-way)");
    }

    private async Task<SiloAddress> WhereIsAsync(IConsumerGroupGrain group)
    {
        await group.GetSnapshot();
        var statistics = await fixture.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics.Single(s => s.GrainId == group.GetGrainId()).SiloAddress;
    }
}

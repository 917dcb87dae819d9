using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Group;
using Orleans.Dispatch.Group.Ordering;
using Orleans.Dispatch.Group.Claims;
using Orleans.Dispatch.Group.Calls;

namespace Orleans.Dispatch.Tests.Ordering;

/// <summary>The group's ordered keys on their own: numbering in a key as keys go idle and come back.</summary>
[Trait("Category", "Unit")]
public sealed class KeyOrderingTests
{
    /// <summary>As many idle keys as the group remembers the numbers of (the README's "last 100,000 idle keys").</summary>
    private const int IdleKeysRemembered = 100_000;

    private long arrivals;

    [Fact]
    public void A_key_that_went_idle_again_recently_keeps_its_numbers_when_older_idle_keys_are_forgotten()
    {
        var ordering = new KeyOrdering { Field = "k" };
        Assert.Equal(1, Run(ordering, "busy"));
        Assert.Equal(2, Run(ordering, "busy"));

        // "busy" went idle twice; its latest idle is younger than every key below but the last.
        for (var i = 0; i < IdleKeysRemembered - 1; i++)
        {
            Run(ordering, $"other-{i}");
        }

        Assert.Equal(3, Run(ordering, "busy"));
    }

    [Fact]
    public void The_numbers_of_the_key_idle_longest_are_forgotten_past_the_bound()
    {
        var ordering = new KeyOrdering { Field = "k" };
        Assert.Equal(1, Run(ordering, "first"));
        for (var i = 0; i < IdleKeysRemembered; i++)
        {
            Run(ordering, $"other-{i}");
        }

        Assert.Equal(1, Run(ordering, "first"));
        Assert.Equal(2, Run(ordering, "other-1"));
    }

    /// <summary>Admits one dispatch of <paramref name="key"/>, which heads its key, and ends it: the key goes idle. Returns the dispatch's number in its key.</summary>
    private long Run(KeyOrdering ordering, string key)
    {
        var message = new RoutingMessage($"m{++arrivals}").With("k", FieldValue.Text(key));
        var claim = new Claim(Guid.NewGuid(), TestSilos.Elsewhere, Guid.Empty, long.MaxValue, arrivals, 0);
        var request = new RouteRequest(message, null, [], 0, Guid.Empty, claim.Owner, 1, TestSilos.Elsewhere);
        Assert.Null(ordering.Admit(claim, request, "round-robin", 0));
        Assert.Null(ordering.Ended(claim));
        return claim.KeySequence!.Value;
    }
}

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>The iptables rules of one partition (<see cref="Firewall.Cut"/>); disposing removes them, healing it.</summary>
internal sealed class FirewallCut(string[][] rules) : IDisposable
{
    private bool healed;

    public void Dispose()
    {
        if (healed)
        {
            return;
        }

        healed = true;
        foreach (var rule in rules)
        {
            Command.Run("iptables", ["-D", .. rule]);
        }
    }
}

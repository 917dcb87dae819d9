using System.Globalization;

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>
/// Cuts a silo off from its peers, and heals it, with iptables rules in the test run's private
/// network namespace. Connections the silo opens are marked from its start (by its user), so the
/// cut covers both directions of every connection between it and a peer's silo port, and nothing
/// else: its gateway, its HTTP port and Redis stay reachable.
/// </summary>
internal static class Firewall
{
    /// <summary>Marks every connection <paramref name="user"/> opens with its uid, so a partition can match both of its directions.</summary>
    public static void MarkConnectionsOf(SiloUser user)
    {
        PrivateNetwork.Require();
        var rule = MarkRule(user);
        if (Command.TryRun("iptables", ["-t", "mangle", "-C", .. rule]).ExitCode != 0)
        {
            Command.Run("iptables", ["-t", "mangle", "-A", .. rule]);
        }
    }

    /// <summary>Drops every packet between <paramref name="victim"/> and the silo ports of <paramref name="peers"/>, until the result is disposed.</summary>
    public static FirewallCut Cut(LocalSilo victim, IEnumerable<LocalSilo> peers)
    {
        PrivateNetwork.Require();
        var user = victim.User ?? throw new InvalidOperationException($"{victim.Name} does not run as a user of its own: its traffic cannot be told apart.");
        var port = victim.SiloPort.ToString(CultureInfo.InvariantCulture);
        var peerPorts = string.Join(',', peers.Select(p => p.SiloPort.ToString(CultureInfo.InvariantCulture)));
        string[][] rules =
        [
            ["INPUT", "-p", "tcp", "--dport", port, "-j", "DROP"],
            ["INPUT", "-p", "tcp", "--sport", port, "-j", "DROP"],
            ["INPUT", "-p", "tcp", "-m", "connmark", "--mark", Mark(user), "-m", "multiport", "--ports", peerPorts, "-j", "DROP"],
        ];
        foreach (var rule in rules)
        {
            Command.Run("iptables", ["-A", .. rule]);
        }

        return new FirewallCut(rules);
    }

    private static string[] MarkRule(SiloUser user) => ["OUTPUT", "-m", "owner", "--uid-owner", user.Uid.ToString(CultureInfo.InvariantCulture), "-j", "CONNMARK", "--set-mark", Mark(user)];

    private static string Mark(SiloUser user) => string.Create(CultureInfo.InvariantCulture, $"0x{user.Uid:x}");
}

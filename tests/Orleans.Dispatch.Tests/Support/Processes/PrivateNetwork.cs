namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>
/// Where firewall rules may be changed: only as root, with iptables, inside a network namespace
/// of the test run's own (<c>unshare -n</c>), so that no rule ever touches the machine's network.
/// <c>./scripts/test.sh</c> runs the tests that way.
/// </summary>
internal static class PrivateNetwork
{
    private static readonly Lazy<string?> Problem = new(Find);

    /// <summary>Throws, saying how to run the test, when rules may not be changed here.</summary>
    public static void Require()
    {
        if (Problem.Value is { } problem)
        {
            throw new InvalidOperationException(
                $"This test cuts silos off with iptables rules, which it changes only as root inside a private network namespace, and {problem}. " +
                "Run it through ./scripts/test.sh (as root: it runs the tests under unshare -n), or: sudo unshare -n sh -c 'ip link set lo up && dotnet test ...'.");
        }
    }

    private static string? Find()
    {
        if (Environment.UserName != "root" && Command.TryRun("id", "-u").Output.Trim() != "0")
        {
            return "the tests do not run as root";
        }

        if (Command.TryRun("iptables", "--version").ExitCode != 0)
        {
            return "iptables is not installed (apt-get install -y iptables)";
        }

        var own = Command.TryRun("readlink", "/proc/self/ns/net").Output.Trim();
        var machine = Command.TryRun("readlink", "/proc/1/ns/net").Output.Trim();
        return own.Length > 0 && own != machine ? null : "the tests run in the machine's own network namespace";
    }
}

using System.Globalization;

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>
/// A system user a silo process runs as, so that the firewall can tell its traffic apart
/// (<c>iptables -m owner --uid-owner</c>): one per silo of a partition test, made on first use.
/// </summary>
public sealed record SiloUser(string Name, int Uid, int Gid, string Home)
{
    private static readonly Lock Making = new();

    /// <summary>The user <c>dispatch-silo{index}</c>, made with <c>useradd --system</c> when missing (root only).</summary>
    public static SiloUser Get(int index)
    {
        var name = $"dispatch-silo{index}";
        lock (Making)
        {
            if (Command.TryRun("id", "-u", name).ExitCode != 0)
            {
                Command.Run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name);
            }
        }

        var uid = int.Parse(Command.Run("id", "-u", name).Trim(), CultureInfo.InvariantCulture);
        var gid = int.Parse(Command.Run("id", "-g", name).Trim(), CultureInfo.InvariantCulture);
        var home = Path.Combine(Path.GetTempPath(), $"dispatch-home-{name}");
        Directory.CreateDirectory(home);
        Command.Run("chown", $"{uid}:{gid}", home);
        return new SiloUser(name, uid, gid, home);
    }

    /// <summary>Runs <paramref name="fileName"/> as this user: the command line for <see cref="ChildProcess.Start"/>.</summary>
    public (string FileName, string[] Arguments) Wrap(string fileName, IEnumerable<string> arguments) =>
        ("setpriv", [$"--reuid={Uid}", $"--regid={Gid}", "--clear-groups", fileName, .. arguments]);
}

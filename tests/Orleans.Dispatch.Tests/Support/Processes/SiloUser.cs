using System.Globalization;

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>
/// A system user a silo process runs as, so that the firewall can tell its traffic apart
/// (<c>iptables -m owner --uid-owner</c>): one per silo of a partition test, made on first use.
/// </summary>
public sealed record SiloUser(string Name, int Uid, int Gid, string Home)
{
    private static readonly Lock Making = new();

    /// <summary>
    /// The silo's build output, copied once per test run to a folder every user can read: the
    /// clone may live under a folder other users cannot enter (root's home, a <c>mktemp -d</c>
    /// folder), and a silo started as another user could not even load its own assembly there.
    /// </summary>
    private static readonly Lazy<string> ReadableSiloDll = new(() => OperatingSystem.IsWindows() ? RepoPaths.SiloDll : ReadableCopy.Of(RepoPaths.SiloDll));

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

    /// <summary>The silo's assembly as this user can load it, wherever the clone lives.</summary>
    public static string SiloDll => ReadableSiloDll.Value;

    /// <summary>Runs <paramref name="fileName"/> as this user, in its home (the test's own folder may be closed to it): the command line for <see cref="ChildProcess.Start"/>.</summary>
    public (string FileName, string[] Arguments) Wrap(string fileName, IEnumerable<string> arguments) =>
        ("setpriv", [$"--reuid={Uid}", $"--regid={Gid}", "--clear-groups", "env", $"--chdir={Home}", fileName, .. arguments]);
}

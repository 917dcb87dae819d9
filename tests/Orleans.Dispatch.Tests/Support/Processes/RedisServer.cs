using System.Globalization;
using StackExchange.Redis;

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>
/// A fresh, empty redis-server on a free loopback port, for one test class. With
/// <see cref="AppendOnly"/> it keeps an append-only file in a directory of its own, fsynced on
/// every write, as compose's Redis does (<c>--appendonly yes</c>), so it can be killed and
/// restarted with its data.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"dispatch-redis-{Guid.NewGuid():N}");
    private ChildProcess? server;

    /// <summary>An in-memory server, as a class fixture.</summary>
    public RedisServer()
        : this(appendOnly: false)
    {
    }

    internal RedisServer(bool appendOnly) => AppendOnly = appendOnly;

    public int Port { get; } = FreePort.Next();

    /// <summary>The password it requires, as compose's Redis does (<c>--requirepass</c>).</summary>
    public string Password { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>Its address, without the password (what a silo's <c>Redis:ConnectionString</c> holds next to <c>Redis:Password</c>).</summary>
    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Address and password, for clients in the test process.</summary>
    public string ConnectionString => $"{Endpoint},password={Password}";

    /// <summary>Whether it persists every write to an append-only file, and comes back with it after a kill.</summary>
    public bool AppendOnly { get; }

    public ConnectionMultiplexer Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        await StartAsync();
        Connection = await ConnectionMultiplexer.ConnectAsync($"{ConnectionString},connectTimeout=1000,abortConnect=false");
    }

    /// <summary>Freezes the server (SIGSTOP): connections stay open, nothing answers.</summary>
    public void Pause() => server!.Pause();

    public void Resume() => server!.Resume();

    /// <summary>SIGKILL: no shutdown, no save beyond what the append-only file already holds.</summary>
    public async Task KillAsync()
    {
        server!.Kill();
        await server.WaitForExitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Starts it again on the same port, from its append-only file.</summary>
    public Task RestartAsync() => StartAsync();

    public async Task DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }

        if (server is not null)
        {
            await server.DisposeAsync();
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task StartAsync()
    {
        var executable = FindRedisServer() ?? throw new InvalidOperationException(
            "redis-server is not installed: the real-process tests need it. scripts/test.sh installs it (apt-get install -y redis-server).");
        string[] persistence = AppendOnly ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"];
        server = ChildProcess.Start(
            "redis",
            executable,
            ["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory, "--save", "", .. persistence, "--requirepass", Password],
            new Dictionary<string, string>());
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                await using var probe = await ConnectionMultiplexer.ConnectAsync($"{ConnectionString},connectTimeout=1000");
                await probe.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline && !server.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    private static string? FindRedisServer() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator)
            .Append("/usr/bin").Append("/usr/local/bin")
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists);
}

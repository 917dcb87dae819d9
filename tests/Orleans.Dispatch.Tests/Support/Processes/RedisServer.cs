using StackExchange.Redis;

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>A fresh, empty redis-server on a free loopback port, for one test class.</summary>
public sealed class RedisServer : IAsyncLifetime
{
    private ChildProcess? server;

    public int Port { get; } = FreePort.Next();

    /// <summary>The password it requires, as compose's Redis does (<c>--requirepass</c>).</summary>
    public string Password { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>Its address, without the password (what a silo's <c>Redis:ConnectionString</c> holds next to <c>Redis:Password</c>).</summary>
    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Address and password, for clients in the test process.</summary>
    public string ConnectionString => $"{Endpoint},password={Password}";

    public ConnectionMultiplexer Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var executable = FindRedisServer() ?? throw new InvalidOperationException(
            "redis-server is not installed: the real-process tests need it. scripts/test.sh installs it (apt-get install -y redis-server).");
        server = ChildProcess.Start("redis", executable, ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--requirepass", Password], new Dictionary<string, string>());
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                Connection = await ConnectionMultiplexer.ConnectAsync($"{ConnectionString},connectTimeout=1000");
                await Connection.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline && !server.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

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
    }

    private static string? FindRedisServer() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator)
            .Append("/usr/bin").Append("/usr/local/bin")
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists);
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Orleans.Dispatch.Bench.Measurement;
using Orleans.Dispatch.Bench.Report;

namespace Orleans.Dispatch.Bench.Scenarios;

/// <summary>
/// A load run from a separate client process over the loopback gateway (real serialization):
/// the bench runs itself with <c>--client-mode</c>, and takes this process's resources over the
/// child's measured window, marked by the lines it prints.
/// </summary>
internal static class ClientProcess
{
    public static async Task<(ClientReport Client, Snapshot Silos, DispatchCounters Counters)> RunAsync(string target, int[] gatewayPorts, int concurrency, TimeSpan warmup, TimeSpan duration)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (!Environment.ProcessPath!.EndsWith("Orleans.Dispatch.Bench", StringComparison.Ordinal))
        {
            info.ArgumentList.Add(typeof(ClientProcess).Assembly.Location);
        }

        foreach (var argument in new[]
        {
            "--client-mode", target, string.Join(",", gatewayPorts), concurrency.ToString(CultureInfo.InvariantCulture),
            warmup.TotalSeconds.ToString(CultureInfo.InvariantCulture), duration.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        })
        {
            info.ArgumentList.Add(argument);
        }

        using var child = Process.Start(info)!;
        Snapshot? begin = null;
        var counters = default(DispatchCounters);
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line == "BEGIN")
            {
                begin = Snapshot.Take();
                counters = DispatchCounters.Take();
            }
            else if (line.StartsWith("END ", StringComparison.Ordinal))
            {
                var silos = Snapshot.Take() - begin!.Value;
                counters = DispatchCounters.Take() - counters;
                var report = JsonSerializer.Deserialize(line[4..], ClientJson.Default.ClientReport)!;
                await child.WaitForExitAsync();
                return (report, silos, counters);
            }
        }

        await child.WaitForExitAsync();
        throw new InvalidOperationException($"the client process exited with {child.ExitCode} before reporting");
    }
}

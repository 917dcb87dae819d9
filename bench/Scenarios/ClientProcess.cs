using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Orleans.Dispatch.Bench.Measurement;
using Orleans.Dispatch.Bench.Report;

namespace Orleans.Dispatch.Bench.Scenarios;

/// <summary>
/// A load run from a separate client process over the loopback gateway (real serialization):
/// the bench runs itself with <c>--client-mode</c>, and takes this process's resources over the
/// child's measured slices of each path, marked by the lines it prints.
/// </summary>
internal static class ClientProcess
{
    /// <summary>Runs <paramref name="targets"/> interleaved from one client process; one result per target, in order.</summary>
    public static async Task<(ClientReport Client, Snapshot Silos, DispatchCounters Counters)[]> RunAsync(
        IReadOnlyList<string> targets, int[] gatewayPorts, int concurrency, BenchSettings settings)
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
            "--client-mode", string.Join(",", targets), string.Join(",", gatewayPorts), concurrency.ToString(CultureInfo.InvariantCulture),
            settings.Warmup.TotalSeconds.ToString(CultureInfo.InvariantCulture), settings.Window.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            settings.Rounds.ToString(CultureInfo.InvariantCulture),
        })
        {
            info.ArgumentList.Add(argument);
        }

        using var child = Process.Start(info)!;
        var slices = new SliceTotals(targets.Count);
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("BEGIN ", StringComparison.Ordinal))
            {
                slices.Started(int.Parse(line[6..], CultureInfo.InvariantCulture));
            }
            else if (line.StartsWith("SLICE ", StringComparison.Ordinal))
            {
                slices.Ended(int.Parse(line[6..], CultureInfo.InvariantCulture));
            }
            else if (line.StartsWith("END ", StringComparison.Ordinal))
            {
                var reports = JsonSerializer.Deserialize(line[4..], ClientJson.Default.ClientReportArray)!;
                await child.WaitForExitAsync();
                return [.. reports.Select((report, path) => (report, slices.Resources(path), slices.Counters(path)))];
            }
        }

        await child.WaitForExitAsync();
        throw new InvalidOperationException($"the client process exited with {child.ExitCode} before reporting");
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orleans.Dispatch.Tests.Support.Processes;

namespace Orleans.Dispatch.Tests.Docs;

/// <summary>
/// The README's figures stay true: its throughput paragraph quotes the latest committed bench run
/// (<c>bench/results/latest.json</c>) as that run's numbers compute, and every figure of its
/// failure table is in the tables of the pages it cites (failures, workers).
/// </summary>
[Trait("Category", "Unit")]
public sealed partial class ReadmeFiguresTests
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    [Fact]
    public void The_throughput_paragraph_quotes_the_latest_committed_bench_run()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")).ReplaceLineEndings(" ");
        using var latest = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "bench/results/latest.json")));
        var run = latest.RootElement;
        double Figure(string path, string client, int inFlight, string field) =>
            run.GetProperty("scenarios").EnumerateArray()
                .Single(s => s.GetProperty("name").GetString() == path && s.GetProperty("client").GetString() == client && s.GetProperty("concurrency").GetInt32() == inFlight)
                .GetProperty(field).GetDouble();

        var expected = new[]
        {
            $"commit `{run.GetProperty("commit").GetString()}`",
            $"{Ratio(Figure("dispatch", "in-process", 64, "throughput_per_s"), Figure("relay", "in-process", 64, "throughput_per_s"))} a plain relay grain",
            $"{Ratio(Figure("dispatch", "in-process", 64, "throughput_per_s"), Figure("skeleton", "in-process", 64, "throughput_per_s"))} the floor of its shape",
            $"one message to the group per {1 / Figure("dispatch", "in-process", 64, "group_calls_per_dispatch"):0} dispatches",
            $"{Ratio(Figure("dispatch", "in-process", 64, "alloc_bytes_per_msg"), Figure("skeleton", "in-process", 64, "alloc_bytes_per_msg"))} the floor's allocation",
            $"its p99.9 is {Figure("dispatch", "in-process", 64, "p999_us") / 1000:0.0} ms, the floor's {Figure("skeleton", "in-process", 64, "p999_us") / 1000:0.0} ms",
            $"Over TCP: {Ratio(Figure("dispatch", "tcp", 64, "throughput_per_s"), Figure("relay", "tcp", 64, "throughput_per_s"))} the relay",
            $"{Ratio(Figure("dispatch", "in-process", 1, "p50_us"), Figure("skeleton", "in-process", 1, "p50_us"))} the floor's median latency",
        };

        var missing = expected.Where(figure => !readme.Contains(figure, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "The README does not quote bench/results/latest.json as it computes (update one or the other):\n" + string.Join('\n', missing));
    }

    [Fact]
    public void Every_figure_of_the_failure_table_is_in_the_pages_it_cites()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var cited = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs/operations/failures.md")) + File.ReadAllText(Path.Combine(RepoPaths.Root, "docs/workers.md"));
        var table = readme[readme.IndexOf("| fault |", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n\n", StringComparison.Ordinal)];
        var quoted = Duration().Matches(table).SelectMany(m => new[] { m.Groups["from"].Value, m.Groups["to"].Value }).Where(n => n.Length > 0).Distinct().ToList();

        Assert.True(quoted.Count >= 10, $"only {quoted.Count} figures read from the README's failure table");
        var missing = quoted.Where(n => !Regex.IsMatch(cited, $@"(?<![\d.]){Regex.Escape(n)}(?![\d.])")).ToList();
        Assert.True(missing.Count == 0, "Figures of the README's failure table that docs/operations/failures.md and docs/workers.md do not hold: " + string.Join(", ", missing));
    }

    private static string Ratio(double of, double to) => (of / to).ToString("0.00", Invariant) + "x";

    [GeneratedRegex(@"(?<from>\d+(?:\.\d+)?)(?:-(?<to>\d+(?:\.\d+)?))? ?(?:s|ms)\b")]
    private static partial Regex Duration();
}

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>
/// Measured figures, also written to <c>$DISPATCH_FIGURES_DIR</c> (scripts/test.sh prints them
/// after the run: the test logger shows test output only at detailed verbosity).
/// </summary>
internal static class Figures
{
    private static readonly Lock Gate = new();

    public static void Report(Xunit.Abstractions.ITestOutputHelper output, string file, string line)
    {
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("DISPATCH_FIGURES_DIR") is { Length: > 0 } dir)
        {
            lock (Gate)
            {
                Directory.CreateDirectory(dir);
                File.AppendAllLines(Path.Combine(dir, file), [line]);
            }
        }
    }
}

using System.Diagnostics;

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>Runs a short system command (iptables, useradd, id) and returns its output, throwing with its errors when it fails.</summary>
internal static class Command
{
    public static string Run(string fileName, params string[] arguments)
    {
        var (exitCode, output, errors) = TryRun(fileName, arguments);
        return exitCode == 0
            ? output
            : throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed with exit code {exitCode}: {errors}{output}");
    }

    public static (int ExitCode, string Output, string Errors) TryRun(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within 30 s.");
        }

        return (process.ExitCode, output.Result, errors.Result);
    }
}

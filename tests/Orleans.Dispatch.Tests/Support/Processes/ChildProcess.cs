using System.Collections.Concurrent;
using System.Diagnostics;

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>A process the test started, with its output kept for diagnostics, killed on dispose.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> awaited = new(StringComparer.Ordinal);
    private Action<string>? onLine;

    private ChildProcess(Process process, string name)
    {
        this.process = process;
        Name = name;
    }

    public string Name { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>The process's output so far, stdout and stderr interleaved.</summary>
    public string Output => string.Join(Environment.NewLine, output);

    /// <param name="name">How the process is named in diagnostics.</param>
    /// <param name="fileName">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="environment">Variables set in its environment.</param>
    /// <param name="onLine">Called with each line it prints, as it prints it.</param>
    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, Action<string>? onLine = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        // Keep the child's console plain and its logs at information.
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["NO_COLOR"] = "1";
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, name) { onLine = onLine };
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>
    /// The first line of output, from now or already kept, that contains every one of
    /// <paramref name="fragments"/>; it keeps watching however much output follows.
    /// </summary>
    public Task<string> LineContainingAsync(params string[] fragments)
    {
        var key = string.Join('\u0001', fragments);
        var found = awaited.GetOrAdd(key, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
        foreach (var line in output)
        {
            if (fragments.All(f => line.Contains(f, StringComparison.Ordinal)))
            {
                found.TrySetResult(line);
            }
        }

        return found.Task;
    }

    /// <summary>A real crash: SIGKILL, no shutdown of any kind.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Sends SIGTERM, as an orchestrator does to stop a container.</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>Freezes the process (SIGSTOP): it keeps its connections open and answers nothing, as a hung or paused machine does.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>Lets a paused process run again (SIGCONT).</summary>
    public void Resume() => Signal("CONT");

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            await WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        process.Dispose();
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0 && !process.HasExited)
        {
            throw new InvalidOperationException($"kill -{signal} {process.Id} ({Name}) failed with exit code {kill.ExitCode}.");
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        onLine?.Invoke(line);

        foreach (var (key, found) in awaited)
        {
            if (!found.Task.IsCompleted && key.Split('\u0001').All(f => line.Contains(f, StringComparison.Ordinal)))
            {
                found.TrySetResult(line);
            }
        }

        output.Enqueue(line);
        while (output.Count > 2000)
        {
            output.TryDequeue(out _);
        }
    }
}

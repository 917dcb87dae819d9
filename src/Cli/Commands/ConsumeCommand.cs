using System.CommandLine;
using System.Globalization;
using Orleans.Dispatch.Cli.Connection;
using Spectre.Console;

namespace Orleans.Dispatch.Cli.Commands;

/// <summary>
/// <c>consume</c>: this process joins a group as a worker (a consumer outside the silos) and prints
/// each message it takes and acknowledges, until Ctrl+C or SIGTERM, which drain it: no new
/// messages, and those in hand end first. Kill it with -9 to watch its messages rerouted.
/// </summary>
internal static class ConsumeCommand
{
    private const string Name = "consume";

    private static readonly Option<int> DrainSeconds = CreateDrainSeconds();

    /// <summary>
    /// How long the process may take to stop after Ctrl+C or SIGTERM before it is ended: for
    /// <c>consume</c>, its drain, one lease (a leave no silo answers) and the client's close; for any
    /// other command, null (the command line's own default).
    /// </summary>
    public static TimeSpan? StopTimeout(ParseResult parse) =>
        parse.CommandResult.Command.Name == Name && parse.Errors.Count == 0
            ? TimeSpan.FromSeconds(parse.GetValue(DrainSeconds)) + DispatchWorkerOptions.DefaultLease + ClusterConnection.CloseTimeout
            : null;

    private static Option<int> CreateDrainSeconds()
    {
        var option = new Option<int>("--drain-timeout-seconds")
        {
            Description = "How long Ctrl+C or SIGTERM waits for the messages in hand to end.",
            DefaultValueFactory = _ => (int)DispatchWorkerOptions.DefaultDrainTimeout.TotalSeconds,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is var seconds and <= 0)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"--drain-timeout-seconds: {seconds} is not a positive number of seconds."));
            }
        });
        return option;
    }

    public static Command Create()
    {
        var group = new Argument<string>("group") { Description = "The group to consume from." };
        var id = new Option<string>("--id") { Description = "The worker's consumer id in the group (a restart with the same id replaces it).", Required = true };
        var maxInFlight = new Option<int>("--max-in-flight") { Description = "How many messages it takes at once.", DefaultValueFactory = _ => DispatchWorkerOptions.DefaultMaxInFlight };
        var delay = new Option<int>("--delay-ms") { Description = "Milliseconds each message takes.", DefaultValueFactory = _ => 0 };
        var failRate = new Option<double>("--fail-rate") { Description = "Chance from 0 to 1 that a message fails (a crash: it is rerouted).", DefaultValueFactory = _ => 0 };
        var tags = new Option<string[]>("--tag") { Description = "An affinity tag (repeatable).", AllowMultipleArgumentsPerToken = false };
        var quiet = new Option<bool>("--quiet") { Description = "Print a count per second instead of a line per message." };
        failRate.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is var rate and (< 0 or > 1))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"--fail-rate: {rate} is not from 0 to 1."));
            }
        });
        var command = new Command(Name, "Run this process as a worker of a group: it takes messages, prints them, and drains on Ctrl+C.")
        {
            group, id, maxInFlight, delay, failRate, tags, quiet, DrainSeconds,
        };
        command.SetConnectedAction(async (parse, connection, cancellationToken) =>
        {
            var rate = parse.GetValue(failRate);
            var options = new DispatchWorkerOptions
            {
                ConsumerId = parse.GetValue(id)!,
                MaxInFlight = parse.GetValue(maxInFlight),
                AffinityTags = parse.GetValue(tags) ?? [],
                DrainTimeout = TimeSpan.FromSeconds(parse.GetValue(DrainSeconds)),
            };
            var log = new WorkerLog(parse.GetValue(quiet));
            var wait = TimeSpan.FromMilliseconds(Math.Max(0, parse.GetValue(delay)));
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"worker [bold]{options.ConsumerId}[/] (process {Environment.ProcessId}) consuming from group [bold]{parse.GetValue(group)}[/], up to {options.MaxInFlight} at once; Ctrl+C drains and stops");
            using var ticker = log.StartTicking(cancellationToken);
            await connection.Dispatcher.ConsumeAsync(
                parse.GetValue(group)!,
                async (message, token) =>
                {
                    log.Took(message.Id);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, token);
                    }

                    if (rate > 0 && Random.Shared.NextDouble() < rate)
                    {
                        log.Failed(message.Id);
                        throw new InvalidOperationException($"worker {options.ConsumerId} failed {message.Id} on purpose (--fail-rate {rate})");
                    }

                    log.Acked(message.Id);
                },
                options,
                cancellationToken);
            log.Stopped();
            return 0;
        });
        return command;
    }
}

using System.CommandLine;
using System.Globalization;
using Orleans.Dispatch.Cli.Connection;
using Orleans.Dispatch.Demo;
using Orleans.Runtime;
using Spectre.Console;

namespace Orleans.Dispatch.Cli.Commands;

/// <summary><c>add</c>, <c>remove</c> and <c>demo</c>: register consumers, remove them, drive demo consumers.</summary>
internal static class ConsumerCommands
{
    public static Command Add()
    {
        var group = new Argument<string>("group") { Description = "The group." };
        var id = new Argument<string>("consumer") { Description = "The consumer id in the group." };
        var grain = new Option<string?>("--grain") { Description = "The consumer grain as TYPE/KEY (a grain id, e.g. my-consumer/7). Default: the demo consumer demo-consumer/<consumer>." };
        var maxInFlight = new Option<int>("--max-in-flight") { Description = "The consumer's capacity.", DefaultValueFactory = _ => ConsumerRegistration.DefaultMaxInFlight };
        var tags = new Option<string[]>("--tag") { Description = "An affinity tag (repeatable).", AllowMultipleArgumentsPerToken = false };
        var command = new Command("add", "Register a consumer in a group (or replace its registration).") { group, id, grain, maxInFlight, tags };
        command.SetConnectedAction(async (parse, connection, _) =>
        {
            var consumerId = new ConsumerId(parse.GetValue(id)!);
            var consumer = ResolveGrain(connection.Client, parse.GetValue(grain), consumerId.Value);
            var registration = new ConsumerRegistration(consumerId, consumer)
            {
                MaxInFlight = parse.GetValue(maxInFlight),
                AffinityTags = parse.GetValue(tags) ?? [],
            };
            var added = await connection.Client.GetGrain<IConsumerGroupGrain>(parse.GetValue(group)!).AddConsumer(registration);
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{(added ? "added" : "replaced")} consumer [bold]{consumerId.Value}[/] ({consumer.GetGrainId().ToString()}) in group [bold]{parse.GetValue(group)}[/]");
            return 0;
        });
        return command;
    }

    public static Command Remove()
    {
        var group = new Argument<string>("group") { Description = "The group." };
        var id = new Argument<string>("consumer") { Description = "The consumer id." };
        var command = new Command("remove", "Remove a consumer from a group.") { group, id };
        command.SetConnectedAction(async (parse, connection, _) =>
        {
            var removed = await connection.Client.GetGrain<IConsumerGroupGrain>(parse.GetValue(group)!).RemoveConsumer(new ConsumerId(parse.GetValue(id)!));
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{(removed ? "removed" : "no such consumer:")} [bold]{parse.GetValue(id)}[/]");
            return removed ? 0 : 1;
        });
        return command;
    }

    public static Command Demo()
    {
        var keys = new Argument<string[]>("consumer") { Description = "Demo consumer keys (the consumer ids `add` registered them under).", Arity = ArgumentArity.OneOrMore };
        var failureRate = new Option<double?>("--failure-rate") { Description = "Chance from 0 to 1 that a message fails (a crash, rerouted)." };
        var delay = new Option<int?>("--delay-ms") { Description = "Milliseconds each message takes." };
        var command = new Command("demo", "Show demo consumers' counters, and make them fail or slow down.") { keys, failureRate, delay };
        command.SetConnectedAction(async (parse, connection, _) =>
        {
            var table = new Table().AddColumns("consumer", "silo", "processed", "failed", "failure rate", "delay", "last id");
            foreach (var key in parse.GetValue(keys)!)
            {
                var consumer = connection.Client.GetGrain<IDemoConsumerGrain>(key);
                var stats = await consumer.GetStats();
                if (parse.GetValue(failureRate) is not null || parse.GetValue(delay) is not null)
                {
                    var behavior = new DemoBehavior(
                        parse.GetValue(failureRate) ?? stats.Behavior.FailureRate,
                        parse.GetValue(delay) is { } ms ? TimeSpan.FromMilliseconds(ms) : stats.Behavior.Delay);
                    await consumer.SetBehavior(behavior);
                    stats = stats with { Behavior = behavior };
                }

                table.AddRow(
                    Markup.Escape(key),
                    Markup.Escape(stats.Silo),
                    stats.Processed.ToString(CultureInfo.InvariantCulture),
                    stats.Failed.ToString(CultureInfo.InvariantCulture),
                    stats.Behavior.FailureRate.ToString("0.###", CultureInfo.InvariantCulture),
                    stats.Behavior.Delay.ToString(),
                    Markup.Escape(stats.Recent.Count > 0 ? stats.Recent[^1] : "-"));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    /// <summary>A consumer grain from <c>TYPE/KEY</c>, or the demo consumer keyed by the consumer id.</summary>
    public static IConsumerGrain ResolveGrain(IGrainFactory grains, string? grainId, string consumerId)
    {
        if (grainId is null)
        {
            return grains.GetGrain<IDemoConsumerGrain>(consumerId);
        }

        var slash = grainId.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == grainId.Length - 1)
        {
            throw new CliException($"--grain '{grainId}': expected TYPE/KEY, for example demo-consumer/{consumerId}.");
        }

        return grains.GetGrain<IConsumerGrain>(GrainId.Create(grainId[..slash], grainId[(slash + 1)..]));
    }
}

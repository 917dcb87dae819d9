using System.CommandLine;
using System.Globalization;
using Orleans.Dispatch.Cli.Connection;
using Spectre.Console;

namespace Orleans.Dispatch.Cli.Commands;

/// <summary><c>groups</c>, <c>show</c> and <c>use</c>: list groups, show one, set its routing function.</summary>
internal static class GroupCommands
{
    public static Command Groups()
    {
        var command = new Command("groups", "List the consumer groups of the cluster.");
        command.SetConnectedAction(async (_, connection, _) =>
        {
            var groups = await connection.Client.GetGrain<IGroupRegistryGrain>(IGroupRegistryGrain.Key).GetGroups();
            var table = new Table().AddColumn("group");
            foreach (var group in groups)
            {
                table.AddRow(Markup.Escape(group));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{groups.Count} group(s)");
            return 0;
        });
        return command;
    }

    public static Command Show()
    {
        var group = new Argument<string>("group") { Description = "The group." };
        var command = new Command("show", "Show a group: its routing function and its consumers' live state.") { group };
        command.SetConnectedAction(async (parse, connection, _) =>
        {
            var snapshot = await connection.Client.GetGrain<IConsumerGroupGrain>(parse.GetValue(group)!).GetSnapshot();
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"group [bold]{snapshot.Group}[/], routing function [bold]{snapshot.RoutingFunction}[/]");
            var table = new Table().AddColumns("consumer", "kind", "health", "in flight", "max in flight", "capacity", "buffer depth", "tags", "last failure");
            foreach (var consumer in snapshot.Consumers)
            {
                table.AddRow(
                    Markup.Escape(consumer.Consumer.Value),
                    snapshot.Workers.TryGetValue(consumer.Consumer, out var worker)
                        ? Markup.Escape($"{(worker.Kind == WorkerKind.WorkerProtocol ? "worker (worker protocol)" : "worker")} on {worker.Host}, process {worker.ProcessId} (via {worker.Gateway})")
                        : "grain",
                    Health(consumer),
                    consumer.CurrentInFlight.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    consumer.MaxInFlight.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    consumer.HasCapacity ? "[green]yes[/]" : "[red]full[/]",
                    consumer.BufferDepth.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join(",", consumer.AffinityTags)),
                    Markup.Escape(consumer.LastFailure ?? string.Empty));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"waiting: {snapshot.Waiting} (longest wait for room {snapshot.OldestWaitingFor.TotalMilliseconds:0} ms)");
            if (snapshot.OrderingKey is { } key)
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"ordered by field [bold]{key}[/]: {snapshot.ActiveKeys} key(s) active, longest key queue {snapshot.LongestKeyQueue}");
            }
            else
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"unordered (order it with: order {snapshot.Group} FIELD)");
            }
            if (snapshot.Draining.Count > 0)
            {
                var draining = string.Join(", ", snapshot.Draining.Select(d => $"{d.Consumer} ({d.InFlight} in flight)"));
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"draining (removed, attempts still in flight): {draining}");
            }

            return 0;
        });
        return command;
    }

    public static Command Cordon() => CordonCommand("cordon", "Take a consumer out of rotation by hand: it gets no new message until uncordoned (attempts in flight finish).", cordon: true);

    public static Command Uncordon() => CordonCommand("uncordon", "Bring a cordoned consumer back: it ramps up over the health policy's slow start.", cordon: false);

    /// <summary>A consumer's health as <c>show</c> prints it: the state, what is left of it, its recent failures.</summary>
    private static string Health(ConsumerStateView consumer)
    {
        var state = consumer.Health switch
        {
            ConsumerHealth.Healthy => "[green]healthy[/]",
            ConsumerHealth.Ramping => "[yellow]ramping[/]",
            ConsumerHealth.Probing => "[yellow]probing[/]",
            ConsumerHealth.Suspect => "[yellow]suspect[/]",
            ConsumerHealth.Degraded => "[red]degraded[/]",
            ConsumerHealth.Ejected => "[red]ejected[/]",
            _ => "[red]cordoned[/]",
        };
        var left = consumer.HealthTimeLeft is { } time ? string.Create(CultureInfo.InvariantCulture, $" {time.TotalSeconds:0.0} s left") : string.Empty;
        var recent = consumer.RecentFailures > 0 ? string.Create(CultureInfo.InvariantCulture, $", {consumer.RecentFailures} recent failure(s)") : string.Empty;
        return state + left + recent;
    }

    private static Command CordonCommand(string name, string description, bool cordon)
    {
        var group = new Argument<string>("group") { Description = "The group." };
        var id = new Argument<string>("consumer") { Description = "The consumer id." };
        var command = new Command(name, description) { group, id };
        command.SetConnectedAction(async (parse, connection, _) =>
        {
            var groupGrain = connection.Client.GetGrain<IConsumerGroupGrain>(parse.GetValue(group)!);
            var consumer = new ConsumerId(parse.GetValue(id)!);
            var known = cordon ? await groupGrain.Cordon(consumer) : await groupGrain.Uncordon(consumer);
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{(cordon ? "cordoned" : "uncordoned")} [bold]{consumer.Value}[/] in group [bold]{parse.GetValue(group)}[/]{(known ? string.Empty : " (not registered now: it applies when the id is added)")}");
            return 0;
        });
        return command;
    }

    public static Command Order()
    {
        var group = new Argument<string>("group") { Description = "The group." };
        var field = new Argument<string?>("field") { Description = "The field whose value orders messages per key; leave out with --off.", Arity = ArgumentArity.ZeroOrOne };
        var off = new Option<bool>("--off") { Description = "Turn ordering off: messages go unordered." };
        var command = new Command("order", "Order a group's messages per key: one at a time per value of FIELD, in the order received.") { group, field, off };
        command.SetConnectedAction(async (parse, connection, _) =>
        {
            var name = parse.GetValue(field);
            if (parse.GetValue(off) == (name is not null))
            {
                throw new CliException("Give either a FIELD or --off.");
            }

            await connection.Client.GetGrain<IConsumerGroupGrain>(parse.GetValue(group)!).SetOrderingKey(name);
            if (name is null)
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"group [bold]{parse.GetValue(group)}[/] is now unordered");
            }
            else
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"group [bold]{parse.GetValue(group)}[/] now orders by field [bold]{name}[/]");
            }
            return 0;
        });
        return command;
    }

    public static Command Use()
    {
        var group = new Argument<string>("group") { Description = "The group." };
        var function = new Argument<string>("function") { Description = "A registered routing function: round-robin, least-loaded, first-available, consistent-hash:FIELD, by-field:FIELD, affinity:FIELD" };
        var command = new Command("use", "Set a group's routing function (hot swap: the next dispatch uses it).") { group, function };
        command.SetConnectedAction(async (parse, connection, _) =>
        {
            await connection.Client.GetGrain<IConsumerGroupGrain>(parse.GetValue(group)!).SetRoutingFunction(parse.GetValue(function)!);
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"group [bold]{parse.GetValue(group)}[/] now routes with [bold]{parse.GetValue(function)}[/]");
            return 0;
        });
        return command;
    }
}

using System.Globalization;
using System.CommandLine;
using Orleans.Dispatch.Cli.Load;
using Spectre.Console;

namespace Orleans.Dispatch.Cli.Commands;

/// <summary><c>quickstart</c>: register demo consumers in a group and dispatch to them, in one go.</summary>
internal static class QuickstartCommand
{
    public static Command Create()
    {
        var group = new Argument<string>("group") { Description = "The group.", DefaultValueFactory = _ => "demo" };
        var consumers = new Option<int>("--consumers") { Description = "How many demo consumers (demo-1 ... demo-N).", DefaultValueFactory = _ => 4 };
        var command = new Command("quickstart", "Register N demo consumers in a group, dispatch to them, and show the group.")
        {
            group, consumers, DispatchCommand.Count, DispatchCommand.Concurrency, DispatchCommand.DeadlineSeconds, DispatchCommand.CallTimeoutSeconds,
        };
        command.SetConnectedAction(
            async (parse, connection, cancellationToken) =>
            {
                var name = parse.GetValue(group)!;
                var grain = connection.Client.GetGrain<IConsumerGroupGrain>(name);
                for (var i = 1; i <= Math.Max(1, parse.GetValue(consumers)); i++)
                {
                    var id = $"demo-{i}";
                    await grain.AddConsumer(new ConsumerRegistration(new ConsumerId(id), connection.Client.GetGrain<Demo.IDemoConsumerGrain>(id)));
                }

                var snapshot = await grain.GetSnapshot();
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"group [bold]{name}[/]: {snapshot.Consumers.Count} consumer(s), routing function [bold]{snapshot.RoutingFunction}[/]");
                var plan = new LoadPlan(name, Math.Max(1, parse.GetValue(DispatchCommand.Count)), Math.Max(1, parse.GetValue(DispatchCommand.Concurrency)), [], null, 1, 0, $"quickstart-{Guid.NewGuid():N}");
                var report = await DispatchCommand.RunWithProgressAsync(connection.Dispatcher, plan, cancellationToken);
                DispatchCommand.Print(report);
                return report.Failures.Count == 0 ? 0 : 1;
            },
            DispatchCommand.Retries);
        return command;
    }
}

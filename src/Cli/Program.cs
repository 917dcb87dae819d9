using System.CommandLine;
using Orleans.Dispatch.Cli.Commands;
using Orleans.Dispatch.Cli.Connection;

var root = new RootCommand("Operate an Orleans.Dispatch cluster: groups, consumers, routing functions, and dispatch load.")
{
    GroupCommands.Groups(),
    GroupCommands.Show(),
    GroupCommands.Use(),
    GroupCommands.Order(),
    GroupCommands.Cordon(),
    GroupCommands.Uncordon(),
    ConsumerCommands.Add(),
    ConsumerCommands.Remove(),
    ConsumerCommands.Demo(),
    DispatchCommand.Create(),
    ConsumeCommand.Create(),
    QuickstartCommand.Create(),
    DeadLetterCommands.List(),
    DeadLetterCommands.Redispatch(),
    DeadLetterCommands.Purge(),
};
GlobalOptions.AddTo(root);
var parse = root.Parse(args);
// Ctrl+C and SIGTERM cancel the command; consume then drains, for longer than the command line's default of 2 s.
var invocation = new InvocationConfiguration();
if (ConsumeCommand.StopTimeout(parse) is { } drain)
{
    invocation.ProcessTerminationTimeout = drain;
}

return await parse.InvokeAsync(invocation);

using System.Globalization;
using System.CommandLine;
using Orleans.Dispatch.Cli.Connection;
using Spectre.Console;

namespace Orleans.Dispatch.Cli.Commands;

/// <summary>Connects, runs a command's body and turns expected failures into one-line errors and exit codes.</summary>
internal static class CommandRunner
{
    public static void SetConnectedAction(this Command command, Func<ParseResult, ClusterConnection, CancellationToken, Task<int>> body, Func<ParseResult, Action<DispatchClientOptions>?>? retries = null) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                await using var connection = await ClusterConnection.OpenAsync(parse, retries?.Invoke(parse), cancellationToken);
                return await body(parse, connection, cancellationToken);
            }
            catch (CliException exception)
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]error:[/] {exception.Message}");
                return 2;
            }
            catch (Exception exception) when (exception is ArgumentException or DispatchException)
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]{exception.GetType().Name}:[/] {exception.Message}");
                return 1;
            }
        });
}

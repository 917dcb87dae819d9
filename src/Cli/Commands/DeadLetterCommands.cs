using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace Orleans.Dispatch.Cli.Commands;

/// <summary><c>dead-letters</c>, <c>redispatch</c> and <c>purge</c>: a group's undeliverable messages.</summary>
internal static class DeadLetterCommands
{
    private static Option<int> Max() => new("--max") { Description = "The most dead letters to act on (1 to 10,000).", DefaultValueFactory = _ => 100 };

    public static Command List()
    {
        var group = new Argument<string>("group") { Description = "The group." };
        var max = Max();
        var command = new Command("dead-letters", "List a group's dead letters, oldest first.") { group, max };
        command.SetConnectedAction(async (parse, connection, _) =>
        {
            var letters = await connection.Client.GetGrain<IDeadLetterGrain>(parse.GetValue(group)!).List(parse.GetValue(max));
            var table = new Table().AddColumns("#", "message", "failed at", "failure", "rerouted from", "payload");
            foreach (var letter in letters)
            {
                table.AddRow(
                    letter.Sequence.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(letter.Message.Id),
                    letter.FailedAt.ToString("u", CultureInfo.InvariantCulture),
                    Markup.Escape(letter.Failure),
                    Markup.Escape(string.Join(",", letter.ReroutedFrom)),
                    letter.Message.Payload.Length.ToString(CultureInfo.InvariantCulture) + " B");
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{letters.Count} dead letter(s)");
            return 0;
        });
        return command;
    }

    public static Command Redispatch()
    {
        var group = new Argument<string>("group") { Description = "The group." };
        var max = Max();
        var command = new Command("redispatch", "Dispatch a group's oldest dead letters again; those that fail again are kept again.") { group, max };
        command.SetConnectedAction(async (parse, connection, _) =>
        {
            var result = await connection.Client.GetGrain<IDeadLetterGrain>(parse.GetValue(group)!).Redispatch(parse.GetValue(max));
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"redispatched {result.Redispatched}: delivered {result.Delivered}, failed again {result.FailedAgain} (kept again), left in the store {result.Left}");
            return result.FailedAgain == 0 && result.Left == 0 ? 0 : 1;
        });
        return command;
    }

    public static Command Purge()
    {
        var group = new Argument<string>("group") { Description = "The group." };
        var command = new Command("purge", "Delete every dead letter of a group.") { group };
        command.SetConnectedAction(async (parse, connection, _) =>
        {
            var purged = await connection.Client.GetGrain<IDeadLetterGrain>(parse.GetValue(group)!).Purge();
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"purged {purged} dead letter(s)");
            return 0;
        });
        return command;
    }
}

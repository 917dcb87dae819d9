namespace Orleans.Dispatch.Cli.Load;

/// <summary>What <c>dispatch</c> sends: how many messages, how many at once, and what each carries.</summary>
internal sealed record LoadPlan(string Group, int Count, int Concurrency, IReadOnlyList<(string Name, FieldValue Value)> Fields, string? KeyField, int Keys, int PayloadBytes, string RunId)
{
    public RoutingMessage Message(int index)
    {
        var message = new RoutingMessage($"{RunId}-{index}");
        foreach (var (name, value) in Fields)
        {
            message = message.With(name, value);
        }

        if (KeyField is not null)
        {
            message = message.With(KeyField, FieldValue.Text($"key-{index % Keys}"));
        }

        return PayloadBytes > 0 ? message.WithPayload(new byte[PayloadBytes]) : message;
    }
}

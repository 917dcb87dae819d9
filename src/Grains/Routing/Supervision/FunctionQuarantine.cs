namespace Orleans.Dispatch.Routing.Supervision;

/// <summary>
/// A group's record of routing-function overruns, by function name: a function that overruns
/// <c>QuarantineAfterOverruns</c> times within the window is quarantined until a deadline or
/// until the group's function is set again.
/// </summary>
internal sealed class FunctionQuarantine(int threshold, long windowTicks, long durationTicks)
{
    private readonly Dictionary<string, (Queue<long> Overruns, long Until)> functions = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="function"/> is quarantined at <paramref name="now"/>; when it is, until when.</summary>
    public bool IsQuarantined(string function, long now, out long until)
    {
        until = 0;
        if (functions.Count == 0 || !functions.TryGetValue(function, out var state) || state.Until <= now)
        {
            return false;
        }

        until = state.Until;
        return true;
    }

    /// <summary>Counts an overrun of <paramref name="function"/>; true when it now enters quarantine.</summary>
    public bool RecordOverrun(string function, long now)
    {
        if (threshold == 0)
        {
            return false;
        }

        if (!functions.TryGetValue(function, out var state))
        {
            state = (new Queue<long>(), 0);
        }

        state.Overruns.Enqueue(now);
        while (state.Overruns.TryPeek(out var oldest) && now - oldest > windowTicks)
        {
            state.Overruns.Dequeue();
        }

        var enters = state.Overruns.Count >= threshold && state.Until <= now;
        if (enters)
        {
            state.Until = now + durationTicks;
            state.Overruns.Clear();
        }

        functions[function] = state;
        return enters;
    }

    /// <summary>Lifts every quarantine: the group's function was set again.</summary>
    public void Clear() => functions.Clear();
}

namespace Orleans.Dispatch.Internal;

/// <summary>Validation shared by every name and id the library accepts.</summary>
internal static class Identifier
{
    /// <summary>The longest id, group name, field name or tag accepted.</summary>
    public const int MaxLength = 256;

    /// <summary>
    /// Returns <paramref name="value"/> when it is a valid identifier: not null, not empty or
    /// whitespace-only, no control characters, at most <see cref="MaxLength"/> characters.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> breaks one of the rules.</exception>
    public static string Validate(string? value, string paramName, string what)
    {
        if (value is null)
        {
            throw new ArgumentNullException(paramName, $"The {what} must not be null.");
        }

        var problem = Check(value);
        if (problem is not null)
        {
            throw new ArgumentException($"The {what} {problem}.", paramName);
        }

        return value;
    }

    /// <summary>Returns why <paramref name="value"/> is not a valid identifier, or null when it is.</summary>
    public static string? Check(string? value)
    {
        if (value is null)
        {
            return "is null";
        }

        if (value.Length == 0)
        {
            return "is empty";
        }

        if (value.Length > MaxLength)
        {
            return $"is {value.Length} characters long, more than the {MaxLength} allowed";
        }

        // char.IsControl's two ranges, searched vectorized: this runs for every message a silo takes.
        var span = value.AsSpan();
        var low = span.IndexOfAnyInRange('\u0000', '\u001F');
        var high = span.IndexOfAnyInRange('\u007F', '\u009F');
        var control = low < 0 ? high : high < 0 ? low : Math.Min(low, high);
        if (control >= 0)
        {
            return $"contains the control character U+{(int)value[control]:X4} at index {control}";
        }

        return span.IsWhiteSpace() ? "is whitespace only" : null;
    }

    /// <summary>
    /// Returns why <paramref name="items"/> is not a set of valid identifiers in strictly
    /// ascending ordinal order (so sorted and unique), or null when it is. Used to check arrays
    /// that arrive by deserialization, which skips the checks of the public API.
    /// </summary>
    public static string? CheckSortedSet(string[] items, string what)
    {
        for (var i = 0; i < items.Length; i++)
        {
            if (Check(items[i]) is { } problem)
            {
                return $"{what} {i} {problem}";
            }

            if (i > 0 && string.CompareOrdinal(items[i - 1], items[i]) >= 0)
            {
                return $"its {what}s are not unique and sorted at '{items[i]}'";
            }
        }

        return null;
    }
}

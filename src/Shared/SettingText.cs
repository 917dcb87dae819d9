namespace Orleans.Dispatch.Settings;

/// <summary>
/// Parses setting values the same way in the silo host and the CLI: blank takes the default, and
/// anything unreadable adds a problem naming the key and the value. Compiled into both.
/// </summary>
internal static class SettingText
{
    public static bool Bool(string? text, string key, bool fallback, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        problems.Add($"{key}: '{text}' is not true or false.");
        return fallback;
    }

    /// <summary>One of <typeparamref name="TEnum"/>'s names, in any case; numbers are refused.</summary>
    public static TEnum Choice<TEnum>(string? text, string key, TEnum fallback, List<string> problems)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (Enum.TryParse<TEnum>(text.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _))
        {
            return value;
        }

        problems.Add($"{key}: '{text}' is not one of {string.Join(", ", Enum.GetNames<TEnum>())}.");
        return fallback;
    }
}

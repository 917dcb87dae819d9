using System.Globalization;
using Orleans.Dispatch.Cli.Connection;

namespace Orleans.Dispatch.Cli.Load;

/// <summary>Parses <c>name=value</c> fields: an integer, a float, true/false and null are typed; anything else is text.</summary>
internal static class FieldSpec
{
    public static (string Name, FieldValue Value) Parse(string spec)
    {
        var equals = spec.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new CliException($"--field '{spec}': expected name=value.");
        }

        var name = spec[..equals];
        var text = spec[(equals + 1)..];
        return (name, ParseValue(text));
    }

    public static FieldValue ParseValue(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) ? FieldValue.Integer(integer)
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? FieldValue.Float(number)
        : bool.TryParse(text, out var flag) ? FieldValue.Boolean(flag)
        : text == "null" ? FieldValue.Null
        : FieldValue.Text(text);
}

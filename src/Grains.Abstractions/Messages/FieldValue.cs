using System.Globalization;

namespace Orleans.Dispatch;

/// <summary>
/// The value of one field of a <see cref="RoutingMessage"/>: text, a 64-bit integer, a double,
/// a boolean or null, with value equality.
/// </summary>
/// <remarks>Floats compare with <see cref="double.Equals(double)"/>: NaN equals NaN.</remarks>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.FieldValue")]
public sealed class FieldValue : IEquatable<FieldValue>
{
    private static readonly FieldValue True = new(FieldKind.Boolean, null, 1, 0);
    private static readonly FieldValue False = new(FieldKind.Boolean, null, 0, 0);

    [Id(0)]
    private readonly FieldKind kind;

    [Id(1)]
    private readonly string? text;

    [Id(2)]
    private readonly long integer;

    [Id(3)]
    private readonly double number;

    private FieldValue(FieldKind kind, string? text, long integer, double number)
    {
        this.kind = kind;
        this.text = text;
        this.integer = integer;
        this.number = number;
    }

    /// <summary>Gets the null value.</summary>
    public static FieldValue Null { get; } = new(FieldKind.Null, null, 0, 0);

    /// <summary>Gets the kind of value held.</summary>
    public FieldKind Kind => kind;

    /// <summary>Gets whether this is the null value.</summary>
    public bool IsNull => kind == FieldKind.Null;

    /// <summary>Creates a text value.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null (use <see cref="Null"/>).</exception>
    public static FieldValue Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(FieldKind.Text, value, 0, 0);
    }

    /// <summary>Creates a 64-bit integer value.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The public contract names the value kinds Integer and Float.")]
    public static FieldValue Integer(long value) => new(FieldKind.Integer, null, value, 0);

    /// <summary>Creates a double value. Negative zero is stored as zero, and every NaN as <see cref="double.NaN"/>, so equal values have one representation (the same content fingerprint and hash key).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The public contract names the value kinds Integer and Float.")]
    public static FieldValue Float(double value) => new(FieldKind.Float, null, 0, value == 0 ? 0.0 : double.IsNaN(value) ? double.NaN : value);

    /// <summary>Creates a boolean value.</summary>
    public static FieldValue Boolean(bool value) => value ? True : False;

    /// <summary>Gets the text, when this is a text value.</summary>
    public bool TryGetText(out string value)
    {
        value = text ?? string.Empty;
        return kind == FieldKind.Text;
    }

    /// <summary>Gets the integer, when this is an integer value.</summary>
    public bool TryGetInteger(out long value)
    {
        value = kind == FieldKind.Integer ? integer : 0;
        return kind == FieldKind.Integer;
    }

    /// <summary>Gets the double, when this is a float value.</summary>
    public bool TryGetFloat(out double value)
    {
        value = number;
        return kind == FieldKind.Float;
    }

    /// <summary>Gets the boolean, when this is a boolean value.</summary>
    public bool TryGetBoolean(out bool value)
    {
        value = kind == FieldKind.Boolean && integer != 0;
        return kind == FieldKind.Boolean;
    }

    /// <summary>Returns true when both are null or hold equal values of the same kind.</summary>
    public static bool operator ==(FieldValue? left, FieldValue? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Returns true when the values differ.</summary>
    public static bool operator !=(FieldValue? left, FieldValue? right) => !(left == right);

    /// <inheritdoc />
    public bool Equals(FieldValue? other) =>
        other is not null
        && kind == other.kind
        && kind switch
        {
            FieldKind.Null => true,
            FieldKind.Text => string.Equals(text, other.text, StringComparison.Ordinal),
            FieldKind.Float => number.Equals(other.number),
            _ => integer == other.integer,
        };

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FieldValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => kind switch
    {
        FieldKind.Null => 0,
        FieldKind.Text => HashCode.Combine(kind, StringComparer.Ordinal.GetHashCode(text!)),
        FieldKind.Float => HashCode.Combine(kind, number),
        _ => HashCode.Combine(kind, integer),
    };

    /// <summary>Writes the value's kind and exact content to <paramref name="writer"/> (the message content fingerprint).</summary>
    internal void AppendTo(System.Buffers.IBufferWriter<byte> writer)
    {
        var head = writer.GetSpan(9);
        head[0] = (byte)kind;
        var bits = kind == FieldKind.Float ? BitConverter.DoubleToInt64Bits(number) : integer;
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(head[1..], bits);
        writer.Advance(9);
        if (kind == FieldKind.Text)
        {
            Internal.ContentHash.AppendText(writer, text!);
        }
    }

    /// <summary>The value as invariant text: the string itself, a number, <c>true</c>/<c>false</c> or <c>null</c>.</summary>
    public override string ToString() => kind switch
    {
        FieldKind.Null => "null",
        FieldKind.Text => text!,
        FieldKind.Integer => integer.ToString(CultureInfo.InvariantCulture),
        FieldKind.Float => number.ToString("R", CultureInfo.InvariantCulture),
        _ => integer != 0 ? "true" : "false",
    };
}

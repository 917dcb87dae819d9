namespace Orleans.Dispatch;

/// <summary>The kind of value a <see cref="FieldValue"/> holds.</summary>
public enum FieldKind
{
    /// <summary>No value.</summary>
    Null = 0,

    /// <summary>A string.</summary>
    Text = 1,

    /// <summary>A 64-bit signed integer.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The public contract names the value kinds Integer and Float.")]
    Integer = 2,

    /// <summary>A 64-bit floating-point number.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The public contract names the value kinds Integer and Float.")]
    Float = 3,

    /// <summary>True or false.</summary>
    Boolean = 4,
}

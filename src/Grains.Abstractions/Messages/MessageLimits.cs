using System.Globalization;

namespace Orleans.Dispatch;

/// <summary>
/// How big a <see cref="RoutingMessage"/> may be. A silo checks its own limits
/// (<c>DispatchOptions.MessageLimits</c>) on every dispatch, and the retrying client its own
/// (<c>DispatchClientOptions.MessageLimits</c>) before it sends anything, so an oversized message
/// fails in the caller (Orleans closes a connection that carries a message over its own size
/// limit, failing every other call on it). Builders (<see cref="RoutingMessage.With"/>,
/// <see cref="RoutingMessage.WithPayload"/>) check the largest limits a silo may set (<see cref="MaxFieldsLimit"/>, <see cref="MaxPayloadBytesLimit"/>, names of 256 characters), beyond which no silo accepts a message.
/// </summary>
public sealed class MessageLimits
{
    /// <summary>The default of <see cref="MaxFields"/>: 64.</summary>
    public static readonly int DefaultMaxFields = 64;

    /// <summary>The default and the largest <see cref="MaxFieldNameLength"/>: 256 characters (the identifier rule).</summary>
    public static readonly int DefaultMaxFieldNameLength = 256;

    /// <summary>The default of <see cref="MaxPayloadBytes"/>: 1 MiB.</summary>
    public static readonly int DefaultMaxPayloadBytes = 1024 * 1024;

    /// <summary>The largest <see cref="MaxFields"/> accepted: 4,096.</summary>
    public static readonly int MaxFieldsLimit = 4096;

    /// <summary>The largest <see cref="MaxPayloadBytes"/> accepted: 64 MiB (Orleans' default message body limit is 100 MiB).</summary>
    public static readonly int MaxPayloadBytesLimit = 64 * 1024 * 1024;

    /// <summary>Gets new limits with every default.</summary>
    public static MessageLimits Default => new();

    /// <summary>Gets or sets the most fields a message may have.</summary>
    /// <value>64 by default. From 1 to 4,096.</value>
    public int MaxFields { get; set; } = DefaultMaxFields;

    /// <summary>Gets or sets the longest field name, in characters.</summary>
    /// <value>256 by default. From 1 to 256.</value>
    public int MaxFieldNameLength { get; set; } = DefaultMaxFieldNameLength;

    /// <summary>Gets or sets the largest payload, in bytes.</summary>
    /// <value>1 MiB by default. From 0 to 64 MiB.</value>
    public int MaxPayloadBytes { get; set; } = DefaultMaxPayloadBytes;

    /// <summary>Throws when a limit is out of its range, naming it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of its range.</exception>
    public void Validate()
    {
        if (MaxFields < 1 || MaxFields > MaxFieldsLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFields), MaxFields, $"MaxFields must be from 1 to {MaxFieldsLimit}.");
        }

        if (MaxFieldNameLength < 1 || MaxFieldNameLength > DefaultMaxFieldNameLength)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFieldNameLength), MaxFieldNameLength, $"MaxFieldNameLength must be from 1 to {DefaultMaxFieldNameLength}.");
        }

        if (MaxPayloadBytes < 0 || MaxPayloadBytes > MaxPayloadBytesLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPayloadBytes), MaxPayloadBytes, $"MaxPayloadBytes must be from 0 to {MaxPayloadBytesLimit}.");
        }
    }

    /// <summary>Returns how <paramref name="message"/> breaks these limits, or null when it does not.</summary>
    internal string? FindViolation(RoutingMessage message)
    {
        if (message.FieldCount > MaxFields)
        {
            return string.Create(CultureInfo.InvariantCulture, $"it has {message.FieldCount} fields, over MaxFields ({MaxFields})");
        }

        foreach (var name in message.FieldNames)
        {
            if (name.Length > MaxFieldNameLength)
            {
                return string.Create(CultureInfo.InvariantCulture, $"field name '{name[..16]}...' is {name.Length} characters, over MaxFieldNameLength ({MaxFieldNameLength})");
            }
        }

        return message.Payload.Length > MaxPayloadBytes
            ? string.Create(CultureInfo.InvariantCulture, $"its payload is {message.Payload.Length} bytes, over MaxPayloadBytes ({MaxPayloadBytes})")
            : null;
    }

    /// <summary>The check <see cref="RoutingMessage.With"/> makes, against the largest limits (the name length is the identifier rule's).</summary>
    internal static void CheckField(string field, int fieldsAfter)
    {
        if (fieldsAfter > MaxFieldsLimit)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Adding field '{field}' would give the message {fieldsAfter} fields, over the largest MessageLimits.MaxFields ({MaxFieldsLimit})."), nameof(field));
        }
    }

    /// <summary>The check <see cref="RoutingMessage.WithPayload"/> makes, against the largest limits.</summary>
    internal static void CheckPayload(int bytes)
    {
        if (bytes > MaxPayloadBytesLimit)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The payload is {bytes} bytes, over the largest MessageLimits.MaxPayloadBytes ({MaxPayloadBytesLimit})."), nameof(bytes));
        }
    }
}

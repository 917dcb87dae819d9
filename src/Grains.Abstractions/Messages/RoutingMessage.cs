using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch;

/// <summary>
/// An immutable message to dispatch: an id, named fields the routing function reads, and an
/// optional opaque payload that is delivered untouched and is invisible to routing.
/// </summary>
/// <remarks>
/// <see cref="Fields"/> iterates in field-name order (ordinal). Ids and field names follow the
/// consumer id rules: not empty or whitespace-only, no control characters, at most 256 characters.
/// Two messages are equal when their ids, fields and payloads are equal.
/// </remarks>
[GenerateSerializer, Immutable, UseActivator, Alias("Orleans.Dispatch.RoutingMessage")]
public sealed class RoutingMessage : IEquatable<RoutingMessage>
{
    [Id(0)]
    private readonly string id;

    [Id(1)]
    private readonly string[] names;

    [Id(2)]
    private readonly FieldValue[] values;

    [Id(3)]
    private readonly byte[]? payload;

    [NonSerialized]
    private FieldMap? fields;

    /// <summary>Creates an empty message with a fresh unique id.</summary>
    public RoutingMessage()
        : this(Guid.CreateVersion7().ToString("N"), [], [], null)
    {
    }

    /// <summary>Creates an empty message with the given id.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty, whitespace-only, has control characters or is over 256 characters.</exception>
    public RoutingMessage(string id)
        : this(Identifier.Validate(id, nameof(id), "message id"), [], [], null)
    {
    }

    private RoutingMessage(string id, string[] names, FieldValue[] values, byte[]? payload)
    {
        this.id = id;
        this.names = names;
        this.values = values;
        this.payload = payload;
    }

    /// <summary>
    /// An empty shell for the serializer to fill (<see cref="RoutingMessageActivator"/>): without it,
    /// Orleans would construct every message it reads through the public constructor, which draws a
    /// fresh random id only to have it overwritten.
    /// </summary>
    internal static RoutingMessage Unfilled() => new(string.Empty, [], [], null);

    /// <summary>Gets the message id.</summary>
    public string Id => id;

    /// <summary>Gets the fields, iterating in name order (ordinal).</summary>
    public IReadOnlyDictionary<string, FieldValue> Fields => fields ??= names.Length == 0 ? FieldMap.Empty : new FieldMap(names, values);

    /// <summary>Gets the opaque payload (empty when none was set).</summary>
    public ReadOnlyMemory<byte> Payload => payload;

    /// <summary>
    /// Returns a copy of this message with a fresh unique id: the way to build many messages from
    /// one template. A copy made with <see cref="With"/> or <see cref="WithPayload"/> keeps the id,
    /// and a message id dispatched again within the idempotency window is answered with the record
    /// of its first dispatch, not delivered again.
    /// </summary>
    public RoutingMessage WithNewId() => new(Guid.CreateVersion7().ToString("N"), names, values, payload);

    /// <summary>Returns a copy of this message with the id <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty, whitespace-only, has control characters or is over 256 characters.</exception>
    public RoutingMessage WithId(string id) => new(Identifier.Validate(id, nameof(id), "message id"), names, values, payload);

    /// <summary>Returns a copy of this message with <paramref name="field"/> set to <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="field"/> or <paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="field"/> is empty, whitespace-only, has control characters or is over 256 characters, or the message would have more than <see cref="MessageLimits.MaxFieldsLimit"/> fields.</exception>
    public RoutingMessage With(string field, FieldValue value)
    {
        Identifier.Validate(field, nameof(field), "field name");
        ArgumentNullException.ThrowIfNull(value);

        var index = Array.BinarySearch(names, field, StringComparer.Ordinal);
        MessageLimits.CheckField(field, index >= 0 ? names.Length : names.Length + 1);
        if (index >= 0)
        {
            var replaced = (FieldValue[])values.Clone();
            replaced[index] = value;
            return new RoutingMessage(id, names, replaced, payload);
        }

        index = ~index;
        var newNames = new string[names.Length + 1];
        var newValues = new FieldValue[names.Length + 1];
        Array.Copy(names, newNames, index);
        Array.Copy(values, newValues, index);
        newNames[index] = field;
        newValues[index] = value;
        Array.Copy(names, index, newNames, index + 1, names.Length - index);
        Array.Copy(values, index, newValues, index + 1, names.Length - index);
        return new RoutingMessage(id, newNames, newValues, payload);
    }

    /// <summary>Returns a copy of this message carrying a copy of <paramref name="bytes"/> as its payload.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is larger than <see cref="MessageLimits.MaxPayloadBytesLimit"/> (64 MiB); the limits a silo or client sets are checked when the message is dispatched.</exception>
    public RoutingMessage WithPayload(ReadOnlySpan<byte> bytes)
    {
        MessageLimits.CheckPayload(bytes.Length);
        return new(id, names, values, bytes.IsEmpty ? null : bytes.ToArray());
    }

    /// <summary>Gets a field's value, when the message has that field.</summary>
    public bool TryGetField(string field, out FieldValue value)
    {
        ArgumentNullException.ThrowIfNull(field);
        var index = Array.BinarySearch(names, field, StringComparer.Ordinal);
        value = index >= 0 ? values[index] : FieldValue.Null;
        return index >= 0;
    }

    /// <summary>Gets a text field's value, when the message has that field and it holds text.</summary>
    public bool TryGetText(string field, out string value)
    {
        value = string.Empty;
        return TryGetField(field, out var fieldValue) && fieldValue.TryGetText(out value);
    }

    /// <inheritdoc />
    public bool Equals(RoutingMessage? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (string.Equals(id, other.id, StringComparison.Ordinal)
                && names.AsSpan().SequenceEqual(other.names)
                && values.AsSpan().SequenceEqual(other.values)
                && Payload.Span.SequenceEqual(other.Payload.Span)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RoutingMessage other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(id), names.Length, payload?.Length ?? 0);

    /// <inheritdoc />
    public override string ToString() =>
        $"RoutingMessage {id} {{{string.Join(", ", names.Select((n, i) => $"{n}={values[i]}"))}}}" + (payload is null ? string.Empty : $" +{payload.Length} bytes");

    /// <summary>How many fields the message has.</summary>
    internal int FieldCount => names?.Length ?? 0;

    /// <summary>Roughly how many bytes the message's id and fields take in a call (its payload aside: routing calls carry none), for bounding batches.</summary>
    internal int EstimatedFieldBytes
    {
        get
        {
            var bytes = 16 + (2 * id.Length);
            for (var i = 0; i < FieldCount; i++)
            {
                bytes += 8 + (2 * names[i].Length) + (values[i].TryGetText(out var text) ? 2 * text.Length : 8);
            }

            return bytes;
        }
    }

    /// <summary>The field names, in order.</summary>
    internal IReadOnlyList<string> FieldNames => names ?? [];

    /// <summary>The same message without its payload: what routing decisions are made over.</summary>
    internal RoutingMessage WithoutPayload() => payload is null ? this : new RoutingMessage(id, names, values, null);

    /// <summary>
    /// A 128-bit digest (SHA-256, truncated) of the fields and payload, not the id: two messages
    /// with the same id and fingerprint have the same content. Stable across processes.
    /// </summary>
    internal Guid ContentFingerprint()
    {
        var writer = ContentHash.RentWriter();
        ContentHash.AppendLength(writer, names.Length);
        for (var i = 0; i < names.Length; i++)
        {
            ContentHash.AppendText(writer, names[i]);
            values[i].AppendTo(writer);
        }

        ContentHash.AppendLength(writer, payload?.Length ?? -1);
        if (payload is not null)
        {
            System.Buffers.BuffersExtensions.Write(writer, (ReadOnlySpan<byte>)payload);
        }

        Span<byte> digest = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(writer.WrittenSpan, digest);
        ContentHash.ReturnWriter(writer);
        return new Guid(digest[..16]);
    }

    /// <summary>
    /// Returns why this message is malformed, or null when it is well formed. A message built
    /// through the public API is always well formed; one deserialized from a hostile or buggy
    /// client may not be.
    /// </summary>
    internal string? FindDefect()
    {
        var idProblem = Identifier.Check(id);
        if (idProblem is not null)
        {
            return $"its id {idProblem}";
        }

        if (names is null || values is null || names.Length != values.Length)
        {
            return "its fields are corrupt (names and values differ in number)";
        }

        if (Identifier.CheckSortedSet(names, "field name") is { } namesProblem)
        {
            return namesProblem;
        }

        var missing = Array.FindIndex(values, v => v is null);
        return missing >= 0 ? $"field '{names[missing]}' has no value" : null;
    }
}

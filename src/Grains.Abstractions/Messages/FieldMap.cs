using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Orleans.Dispatch;

/// <summary>A read-only view over a message's fields, sorted by name (ordinal).</summary>
internal sealed class FieldMap(string[] names, FieldValue[] values) : IReadOnlyDictionary<string, FieldValue>
{
    public static FieldMap Empty { get; } = new([], []);

    public int Count => names.Length;

    public IEnumerable<string> Keys => names;

    public IEnumerable<FieldValue> Values => values;

    public FieldValue this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The message has no field '{key}'.");

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out FieldValue value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? values[index] : null;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, FieldValue>> GetEnumerator()
    {
        for (var i = 0; i < names.Length; i++)
        {
            yield return new KeyValuePair<string, FieldValue>(names[i], values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Array.BinarySearch(names, key, StringComparer.Ordinal);
    }
}

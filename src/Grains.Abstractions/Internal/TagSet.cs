namespace Orleans.Dispatch.Internal;

/// <summary>Affinity tags kept as a sorted, de-duplicated array so lookups are a binary search.</summary>
internal static class TagSet
{
    public static string[] Normalize(IEnumerable<string>? tags, string paramName)
    {
        if (tags is null)
        {
            throw new ArgumentNullException(paramName, "The affinity tags must not be null; use an empty collection.");
        }

        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            set.Add(Identifier.Validate(tag, paramName, "affinity tag"));
        }

        return [.. set];
    }

    public static bool Contains(string[] sortedTags, string tag) =>
        Array.BinarySearch(sortedTags, tag, StringComparer.Ordinal) >= 0;
}

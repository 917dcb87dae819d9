using System.Globalization;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Group.Claims;
using Orleans.Dispatch.Group.Waiting;

namespace Orleans.Dispatch.Group.Ordering;

/// <summary>
/// Ordered keys: while an ordering field is set, the messages whose field has the same value go
/// one at a time, in the order the group first received them. Each key has a head (the one
/// dispatch of the key in progress) and a queue of dispatches held behind it; when the head's
/// dispatch ends (delivered, failed for good, cancelled, lost), the next one becomes the head.
/// Keys hold only their own messages: one stuck key never holds up another.
/// </summary>
internal sealed class KeyOrdering
{
    /// <summary>How many idle keys keep their sequence numbers, so a key's messages stay numbered without gaps while it comes and goes.</summary>
    private const int IdleKeysRemembered = 100_000;

    private readonly Dictionary<string, KeyQueue> active = new(StringComparer.Ordinal);
    private readonly Action<int>? activeKeysChanged;
    private readonly Action<int>? queued;
    private readonly Dictionary<string, LinkedListNode<IdleKey>> idle = new(StringComparer.Ordinal);

    /// <summary>The idle keys, the one idle longest first: each key once, as it last went idle.</summary>
    private readonly LinkedList<IdleKey> idleOrder = new();

    /// <param name="activeKeysChanged">Told +1 when a key gets a dispatch in progress, -1 when it has none left.</param>
    /// <param name="queued">Told a key's queue length (head included) each time a dispatch is held behind its key.</param>
    public KeyOrdering(Action<int>? activeKeysChanged = null, Action<int>? queued = null)
    {
        this.activeKeysChanged = activeKeysChanged;
        this.queued = queued;
    }

    /// <summary>The field messages are ordered by, or null when ordering is off.</summary>
    public string? Field { get; set; }

    /// <summary>How many dispatches are held behind their key's head.</summary>
    public int Held { get; private set; }

    /// <summary>How many keys have a dispatch in progress.</summary>
    public int ActiveKeys => active.Count;

    /// <summary>The most dispatches of one key in progress or held (0 when none).</summary>
    public int LongestQueue => active.Count == 0 ? 0 : active.Values.Max(q => q.Held.Count + 1);

    /// <summary>
    /// A dispatch's first routing call: with ordering on and the key field set, the dispatch is
    /// numbered in its key and becomes the key's head, or is held behind it (a <see cref="Waiter"/>,
    /// returned). Null when the dispatch may route now.
    /// </summary>
    public Waiter? Admit(Claim claim, RouteRequest request, string function, long now)
    {
        if (KeyOf(request.Message) is not { } key)
        {
            return null;
        }

        if (!active.TryGetValue(key, out var queue))
        {
            queue = new KeyQueue(WakeUp(key));
            active.Add(key, queue);
            activeKeysChanged?.Invoke(1);
        }

        claim.Key = key;
        claim.KeySequence = ++queue.Admitted;
        if (queue.Head is null)
        {
            queue.Head = claim;
            return null;
        }

        var waiter = new Waiter(claim, request, function, now);
        queue.Held.Enqueue(waiter);
        Held++;
        queued?.Invoke(queue.Held.Count + 1);
        return waiter;
    }

    /// <summary>Whether <paramref name="message"/> would be held behind its key's head if it arrived now.</summary>
    public bool WouldHold(RoutingMessage message) => KeyOf(message) is { } key && active.TryGetValue(key, out var queue) && queue.Head is not null;

    /// <summary>The dispatch of <paramref name="claim"/> ended: when it was its key's head, the next held one becomes the head, returned to be routed.</summary>
    public Waiter? Ended(Claim claim)
    {
        if (claim.Key is not { } key || !active.TryGetValue(key, out var queue))
        {
            return null;
        }

        if (queue.Head != claim)
        {
            // A held dispatch that ended (cancelled, lost) before its turn.
            if (claim.Waiting is { } held && Remove(queue, held))
            {
                Held--;
            }

            return null;
        }

        queue.Head = null;
        while (queue.Held.TryDequeue(out var next))
        {
            Held--;
            if (next.Claim.Waiting == next)
            {
                queue.Head = next.Claim;
                return next;
            }
        }

        Idle(key, queue);
        return null;
    }

    /// <summary>Ordering turned off or to another field: every held dispatch may route now.</summary>
    public IReadOnlyList<Waiter> ReleaseAll()
    {
        var released = active.Values.SelectMany(q => q.Held).Where(w => w.Claim.Waiting == w).ToList();
        foreach (var queue in active.Values)
        {
            queue.Held.Clear();
        }

        Held = 0;
        return released;
    }

    /// <summary>The message's key: the ordering field and its value's kind and invariant text (as <c>consistent-hash</c> compares values); null when unordered.</summary>
    private string? KeyOf(RoutingMessage message) =>
        Field is { } field && message.TryGetField(field, out var value) && !value.IsNull ? KeyOf(field, value) : null;

    private static string KeyOf(string field, FieldValue value) => string.Create(CultureInfo.InvariantCulture, $"{field}\\u0001{(int)value.Kind}:{value}");

    private static bool Remove(KeyQueue queue, Waiter waiter)
    {
        var kept = queue.Held.Where(w => w != waiter).ToList();
        if (kept.Count == queue.Held.Count)
        {
            return false;
        }

        queue.Held.Clear();
        foreach (var w in kept)
        {
            queue.Held.Enqueue(w);
        }

        return true;
    }

    private void Idle(string key, KeyQueue queue)
    {
        active.Remove(key);
        activeKeysChanged?.Invoke(-1);
        idle.Add(key, idleOrder.AddLast(new IdleKey(key, queue.Admitted)));
        if (idleOrder.Count > IdleKeysRemembered)
        {
            idle.Remove(idleOrder.First!.Value.Key);
            idleOrder.RemoveFirst();
        }
    }

    /// <summary>An idle key gets a dispatch again: the number of its last message (0 for a new key, or one idle too long to be remembered).</summary>
    private long WakeUp(string key)
    {
        if (!idle.Remove(key, out var node))
        {
            return 0;
        }

        idleOrder.Remove(node);
        return node.Value.Admitted;
    }

    private readonly record struct IdleKey(string Key, long Admitted);

    private sealed class KeyQueue(long admitted)
    {
        public long Admitted { get; set; } = admitted;

        public Claim? Head { get; set; }

        public Queue<Waiter> Held { get; } = new();
    }
}

using CsCheck;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Group.Claims;

namespace Orleans.Dispatch.Tests.Group;

/// <summary>
/// The outcome log's ring and index against a model of what it must remember (a dictionary and a
/// queue, as the log was first written), over generated records, lookups, forgets and the passing
/// of time, with a memory bound and a window small enough to drop records often, and records kept
/// as values and whole (which count more against the bound).
/// </summary>
[Trait("Category", "Unit")]
public sealed class OutcomeLogProperties
{
    /// <summary>One step: 0 record, 1 find, 2 forget; the id picked from a small pool; the time moved on by <paramref name="Elapsed"/>.</summary>
    private sealed record Step(int Kind, int Id, int Elapsed);

    private sealed record Case(long MemoryLimit, int Lifetime, Step[] Steps);

    private static readonly string[] Ids = [.. Enumerable.Range(0, 40).Select(i => i % 3 == 0 ? $"a-long-message-id-kept-as-its-own-string-{i}" : i % 3 == 1 ? $"m{i}" : $"é-{i}")];

    private static readonly Gen<Case> GenCase = Gen.Select(
        Gen.Select(Gen.Int[1, 24], Gen.Int[0, 1_200], (records, extra) => ((long)records * OutcomeLog.RecordBytes) + extra),
        Gen.Int[1, 60],
        Gen.Select(Gen.Int[0, 9].Select(k => k < 5 ? 0 : k < 9 ? 1 : 2), Gen.Int[0, Ids.Length - 1], Gen.Int[0, 3], (kind, id, elapsed) => new Step(kind, id, elapsed)).Array[1, 300],
        (limit, lifetime, steps) => new Case(limit, lifetime, steps));

    [Fact]
    public void The_log_remembers_exactly_what_the_model_remembers()
    {
        GenCase.Sample(c =>
        {
            var log = new OutcomeLog(c.MemoryLimit, c.Lifetime);
            var model = new Model(c.MemoryLimit, c.Lifetime);
            var now = 0L;
            foreach (var step in c.Steps)
            {
                now += step.Elapsed;
                var id = Ids[step.Id];
                switch (step.Kind)
                {
                    case 0:
                        var record = new OutcomeRecord(id, Guid.NewGuid(), new DispatchOutcome(id, new ConsumerId($"c{step.Id % 3}"), "round-robin", []) { KeySequence = step.Elapsed == 0 ? now : null }, null);
                        log.Record(record, now);
                        model.Record(record, now);
                        break;
                    case 1:
                        var (found, expected) = (log.Find(id, now), model.Find(id, now));
                        if (expected is null ? found is not null : found is null || found.Fingerprint != expected.Fingerprint || found.Outcome!.KeySequence != expected.Outcome!.KeySequence)
                        {
                            return false;
                        }

                        break;
                    default:
                        log.Forget(id);
                        model.Forget(id);
                        break;
                }

                if (log.Count != model.Count || log.Bytes != model.Bytes)
                {
                    return false;
                }
            }

            return true;
        });
    }

    /// <summary>What the log must remember, written plainly.</summary>
    private sealed class Model(long memoryLimit, long lifetime)
    {
        private readonly Dictionary<string, (OutcomeRecord Record, long Sequence)> records = [];
        private readonly Queue<(string Id, long At, long Sequence)> order = new();
        private long sequence;

        public int Count => records.Count;

        /// <summary>A record costs <see cref="OutcomeLog.RecordBytes"/>, and one kept whole (here: ordered) <see cref="OutcomeLog.WholeRecordBytes"/> more.</summary>
        public long Bytes => records.Values.Sum(r => OutcomeLog.RecordBytes + (r.Record.Outcome!.KeySequence is null ? 0L : OutcomeLog.WholeRecordBytes));

        public void Record(OutcomeRecord record, long now)
        {
            Trim(now);
            if (records.TryAdd(record.MessageId, (record, ++sequence)))
            {
                order.Enqueue((record.MessageId, now, sequence));
                while (Bytes > memoryLimit && records.Count > 1 && order.TryDequeue(out var oldest))
                {
                    RemoveIfCurrent(oldest);
                }
            }
        }

        public OutcomeRecord? Find(string id, long now)
        {
            Trim(now);
            return records.TryGetValue(id, out var entry) ? entry.Record : null;
        }

        public void Forget(string id) => records.Remove(id);

        private void Trim(long now)
        {
            while (order.TryPeek(out var oldest) && now - oldest.At >= lifetime)
            {
                order.Dequeue();
                RemoveIfCurrent(oldest);
            }
        }

        /// <summary>Removes the record the queue entry stands for, not a later record of the same id.</summary>
        private void RemoveIfCurrent((string Id, long At, long Sequence) entry)
        {
            if (records.TryGetValue(entry.Id, out var current) && current.Sequence == entry.Sequence)
            {
                records.Remove(entry.Id);
            }
        }
    }
}

using Bio.Core.Ingest;

namespace Bio.Core.Lake;

/// <summary>One value of the silver <c>daily</c> table and where it came from.</summary>
public readonly record struct DailyCell(double Value, string Source, string ImportId);

/// <summary>A quarantined row, kept with the import that brought it.</summary>
public sealed record QuarantineRow(string ImportId, string File, long Line, string Reason, string Raw);

/// <summary>The data-quality log: one line per check per import.</summary>
public sealed record DqLogRow(string ImportId, DateTimeOffset At, string Check, long Count);

/// <summary>How one batch changed silver, row by row.</summary>
public sealed record MergeOutcome(
    long RowsAccepted, long RowsDuplicate, long ValuesInserted, long ValuesUpdated, long ValuesKeptFromStrongerSource, long NewQuarantineRows)
{
    /// <summary>The earliest day whose daily values or workouts changed: the analytics recompute from there.</summary>
    public DateOnly? EarliestChange { get; init; }

    /// <summary>True when the merge changed silver; otherwise no new lake version is written.</summary>
    public bool Changed => RowsAccepted > 0 || NewQuarantineRows > 0;
}

/// <summary>
/// One person's silver tables in memory, merged by natural key: daily by (date, metric), workouts by
/// (start instant, discipline), journal by (date, question, source). A row of an import whose every
/// value is already there unchanged is a duplicate; importing the same file twice changes nothing.
/// </summary>
public sealed class Silver
{
    public SortedDictionary<(DateOnly Date, Metric Metric), DailyCell> Daily { get; } = [];

    public SortedDictionary<(DateTimeOffset Start, string Discipline), WorkoutRecord> Workouts { get; } = new(WorkoutKeyComparer.Instance);

    public SortedDictionary<(DateOnly Date, string Question, string Source), JournalRecord> Journal { get; } = [];

    public SortedDictionary<(DateOnly Date, string Source), FeedbackRecord> Feedback { get; } = [];

    public List<QuarantineRow> Quarantine { get; } = [];

    public List<DqLogRow> DqLog { get; } = [];

    /// <summary>
    /// A copy to merge into while this one stays as it is (its rows are immutable records, so the tables'
    /// entries are shared): readers of the current version never see a merge half done.
    /// </summary>
    public Silver Copy()
    {
        var copy = new Silver();
        foreach (var (key, cell) in Daily)
        {
            copy.Daily.Add(key, cell);
        }

        foreach (var (key, workout) in Workouts)
        {
            copy.Workouts.Add(key, workout);
        }

        foreach (var (key, entry) in Journal)
        {
            copy.Journal.Add(key, entry);
        }

        foreach (var (key, feedback) in Feedback)
        {
            copy.Feedback.Add(key, feedback);
        }

        copy.Quarantine.AddRange(Quarantine);
        copy.DqLog.AddRange(DqLog);
        return copy;
    }

    public MergeOutcome Merge(ImportBatch batch, string importId)
    {
        // Per input row: did anything change? A row with no change is a duplicate.
        var changedRows = new HashSet<long>();
        var seenRows = new HashSet<long>();
        long inserted = 0, updated = 0, kept = 0;
        DateOnly? earliest = null;
        void Touched(DateOnly date) => earliest = earliest is null || date < earliest ? date : earliest;

        foreach (var o in batch.Daily)
        {
            seenRows.Add(o.Row);
            var key = (o.Date, o.Metric);
            if (!Daily.TryGetValue(key, out var existing))
            {
                Daily[key] = new DailyCell(o.Value, o.Source, importId);
                inserted++;
                Touched(o.Date);
                changedRows.Add(o.Row);
            }
            else if (existing.Source == o.Source && existing.Value.Equals(o.Value))
            {
                // the same value again
            }
            else if (SourcePriority.Replaces(o.Source, existing.Source))
            {
                Daily[key] = new DailyCell(o.Value, o.Source, importId);
                updated++;
                Touched(o.Date);
                changedRows.Add(o.Row);
            }
            else
            {
                kept++;
                changedRows.Add(o.Row); // the row brought a value; silver keeps the stronger source's
            }
        }

        foreach (var w in batch.Workouts)
        {
            seenRows.Add(w.Row);
            var key = (w.Start, w.Discipline);
            var stored = w with { Row = 0 };
            if (!Workouts.TryGetValue(key, out var existing) || existing != stored)
            {
                Workouts[key] = stored;
                changedRows.Add(w.Row);
                Touched(w.LocalDate);
                if (existing is not null)
                {
                    Touched(existing.LocalDate);
                }
            }
        }

        foreach (var j in batch.Journal)
        {
            seenRows.Add(j.Row);
            var key = (j.Date, j.Question, j.Source);
            var stored = j with { Row = 0 };
            if (!Journal.TryGetValue(key, out var existing) || existing != stored)
            {
                Journal[key] = stored;
                changedRows.Add(j.Row);
                Touched(j.Date); // the day's advice reads the journal (a reported illness means rest)
            }
        }

        foreach (var f in batch.Feedback)
        {
            seenRows.Add(f.Row);
            var stored = f with { Row = 0 };
            if (!Feedback.TryGetValue((f.Date, f.Source), out var existing) || existing != stored)
            {
                Feedback[(f.Date, f.Source)] = stored;
                changedRows.Add(f.Row);
                Touched(f.Date); // a day's perceived exertion is the load of its workouts without heart rate (session RPE)
            }
        }

        // A row folded into another (a second nap of the day) shares that row's fate.
        foreach (var (row, folded) in batch.FoldedInto)
        {
            var into = folded;
            for (var hops = 0; hops < 16 && batch.FoldedInto.TryGetValue(into, out var next); hops++)
            {
                into = next; // follow a chain of folds to the row that holds the values
            }

            if (seenRows.Contains(into))
            {
                seenRows.Add(row);
                if (changedRows.Contains(into))
                {
                    changedRows.Add(row);
                }
            }
        }

        // A rejected row already in the quarantine (the same file again, whatever its name) is not added twice.
        var known = Quarantine.Select(q => (q.Line, q.Reason, q.Raw)).ToHashSet();
        var newRejections = batch.Quarantine.Where(r => known.Add((r.Line, r.Reason, r.Raw))).ToList();
        Quarantine.AddRange(newRejections.Select(r => new QuarantineRow(importId, r.File, r.Line, r.Reason, r.Raw)));
        var duplicates = seenRows.Count - changedRows.Count;
        return new MergeOutcome(changedRows.Count, duplicates, inserted, updated, kept, newRejections.Count) { EarliestChange = earliest };
    }

    private sealed class WorkoutKeyComparer : IComparer<(DateTimeOffset Start, string Discipline)>
    {
        public static readonly WorkoutKeyComparer Instance = new();

        public int Compare((DateTimeOffset Start, string Discipline) x, (DateTimeOffset Start, string Discipline) y)
        {
            var c = x.Start.UtcDateTime.CompareTo(y.Start.UtcDateTime);
            return c != 0 ? c : string.CompareOrdinal(x.Discipline, y.Discipline);
        }
    }
}

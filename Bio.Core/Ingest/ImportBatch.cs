namespace Bio.Core.Ingest;

/// <summary>What one importer made of one file: normalized rows, rejected rows with reasons, counts.</summary>
public sealed class ImportBatch(string source)
{
    public string Source { get; } = source;

    /// <summary>Data rows read (header lines and blank trailing lines are not rows).</summary>
    public long RowsRead { get; private set; }

    public List<DailyObservation> Daily { get; } = [];

    public List<WorkoutRecord> Workouts { get; } = [];

    public List<JournalRecord> Journal { get; } = [];

    public List<FeedbackRecord> Feedback { get; } = [];

    public List<Rejection> Quarantine { get; } = [];

    /// <summary>Rows that produced at least one accepted value.</summary>
    public long RowsAccepted { get; private set; }

    private readonly List<string> files = [];

    /// <summary>Rows whose values were folded into another row's (naps of one day summed): row -> that row.</summary>
    public Dictionary<long, long> FoldedInto { get; } = [];
    private readonly List<(int File, long Line)> origins = [];

    /// <summary>Counts a data row and returns its id within the batch (unique across the files of a zip).</summary>
    public long RowRead() => RowRead("", 0);

    /// <summary>Counts a data row, remembering where it was, and returns its id within the batch.</summary>
    public long RowRead(string file, long line)
    {
        if (files.Count == 0 || files[^1] != file)
        {
            files.Add(file);
        }

        origins.Add((files.Count - 1, line));
        return ++RowsRead;
    }

    /// <summary>
    /// A file that gives one day two different values for the same metric (two rows for 2019-01-26 that
    /// disagree) cannot say which is right: the later rows are quarantined as conflicting, the first kept.
    /// Rows repeated with the same values stay, and become duplicates when merged.
    /// </summary>
    public void QuarantineConflicts()
    {
        var first = new Dictionary<(DateOnly, Metric), DailyObservation>();
        var conflicts = new Dictionary<long, string>();
        foreach (var o in Daily)
        {
            if (o.Metric == Metric.NapMinutes)
            {
                continue; // naps of one day add up; they never conflict
            }

            if (!first.TryGetValue((o.Date, o.Metric), out var earlier))
            {
                first[(o.Date, o.Metric)] = o;
            }
            else if (earlier.Row != o.Row && !earlier.Value.Equals(o.Value) && !conflicts.ContainsKey(o.Row) && !conflicts.ContainsKey(earlier.Row))
            {
                var (_, line) = Origin(earlier.Row);
                conflicts[o.Row] = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"conflicting duplicate day: {o.Date:yyyy-MM-dd} {o.Metric.Column()} is {o.Value} here but {earlier.Value} on line {line}");
            }
        }

        if (conflicts.Count == 0)
        {
            return;
        }

        Daily.RemoveAll(o => conflicts.ContainsKey(o.Row));
        foreach (var (row, reason) in conflicts.OrderBy(c => c.Key))
        {
            var (file, line) = Origin(row);
            Quarantine.Add(new Rejection(file, line, reason, ""));
            RowsAccepted--;
        }
    }

    private (string File, long Line) Origin(long row) =>
        row >= 1 && row <= origins.Count ? (files[origins[(int)row - 1].File], origins[(int)row - 1].Line) : ("", 0);

    public void RowAccepted() => RowsAccepted++;

    /// <summary>For formats that decide per day after reading every row: a row counted accepted is rejected.</summary>
    public void RowRejectedAfterwards() => RowsAccepted--;

    public void Reject(Rejection rejection) => Quarantine.Add(rejection);

    /// <summary>Rejections grouped by reason (the ingest report's "reasons with counts").</summary>
    public IReadOnlyDictionary<string, int> ReasonCounts() =>
        Quarantine.GroupBy(r => ReasonKey(r.Reason)).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>The reason without the row-specific part after ':'.</summary>
    public static string ReasonKey(string reason) => reason.Split(':', 2)[0];
}

/// <summary>What an importer needs to know about the person: their time zone makes local dates.</summary>
public sealed record ImportContext(string FileName, TimeZoneInfo Zone);

/// <summary>An importer of one export shape. Streams its input; never reads a file whole.</summary>
public interface IImporter
{
    /// <summary>The source name ("oura", "whoop", …) recorded on every row.</summary>
    string Source { get; }

    ImportBatch Import(Stream input, ImportContext context);
}

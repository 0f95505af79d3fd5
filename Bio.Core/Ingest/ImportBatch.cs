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

    public List<Rejection> Quarantine { get; } = [];

    /// <summary>Rows that produced at least one accepted value.</summary>
    public long RowsAccepted { get; private set; }

    /// <summary>Counts a data row and returns its id within the batch (unique across the files of a zip).</summary>
    public long RowRead() => ++RowsRead;

    public void RowAccepted() => RowsAccepted++;

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

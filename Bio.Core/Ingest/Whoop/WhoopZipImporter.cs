using System.IO.Compression;

namespace Bio.Core.Ingest.Whoop;

/// <summary>The WHOOP export zip: the four CSVs in a folder, imported as one batch.</summary>
public sealed class WhoopZipImporter(ZipLimits limits) : IImporter
{
    private static readonly string[] Files = ["physiological_cycles.csv", "sleeps.csv", "workouts.csv", "journal_entries.csv"];

    public string Source => WhoopCsvImporter.SourceName;

    public static bool Recognizes(ZipArchive zip) =>
        zip.Entries.Any(e => Files.Contains(e.Name, StringComparer.OrdinalIgnoreCase));

    public ImportBatch Import(Stream input, ImportContext context)
    {
        using var zip = new ZipArchive(input, ZipArchiveMode.Read, leaveOpen: true);
        var batch = new ImportBatch(Source);
        var csv = new WhoopCsvImporter();
        var budget = new ZipBudget(limits);
        // The cycles first: a journal row belongs to its cycle's day.
        foreach (var entry in zip.Entries.Where(e => Files.Contains(e.Name, StringComparer.OrdinalIgnoreCase))
                     .OrderBy(e => Array.FindIndex(Files, f => f.Equals(e.Name, StringComparison.OrdinalIgnoreCase))).ThenBy(e => e.FullName, StringComparer.Ordinal))
        {
            using var stream = budget.Open(entry);
            csv.ImportInto(batch, stream, context with { FileName = $"{context.FileName}/{entry.FullName}" });
        }

        WhoopCsvImporter.KeepMainSleeps(batch);
        return batch;
    }
}

using Bio.Core.Ingest;
using Bio.Core.Lake;

namespace Bio.Tests.Ingest;

/// <summary>Fixture files under Bio.Tests/Fixtures, written in the shapes FORMATS.md documents.</summary>
public static class Fixture
{
    public static string Path(string relative) =>
        System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", relative);

    public static FileStream Open(string relative) => File.OpenRead(Path(relative));

    /// <summary>
    /// Detects and imports a fixture the way the pipeline does (conflicts quarantined, merged into an
    /// empty silver) and asserts that every row read is accepted, a duplicate or quarantined.
    /// </summary>
    public static ImportBatch ImportReconciled(string relative, string? declared, TimeZoneInfo zone)
    {
        var importer = new FormatDetector(new ZipLimits()).Detect(() => Open(relative), relative, declared);
        using var stream = Open(relative);
        var batch = importer.Import(stream, new ImportContext(relative, zone));
        batch.QuarantineConflicts();
        var outcome = new Silver().Merge(batch, "i");
        Assert.Equal(batch.RowsRead, outcome.RowsAccepted + outcome.RowsDuplicate + batch.Quarantine.Count);
        return batch;
    }

    /// <summary>The single value of a metric on a day.</summary>
    public static double Value(ImportBatch batch, DateOnly day, Metric metric) =>
        batch.Daily.Single(o => o.Date == day && o.Metric == metric).Value;
}

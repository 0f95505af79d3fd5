using System.Diagnostics;
using Bio.Core.Lake;

namespace Bio.Core.Ingest;

/// <summary>
/// The outcome of one ingest: the report, the new lake version if one was written, and the analytics of
/// the silver after it (its analytics updated incrementally from the previous snapshot's).
/// </summary>
public sealed record IngestResult(ImportReport Report, LakeManifest? Manifest, LakeSnapshot? Snapshot = null);

/// <summary>
/// Bronze to silver to gold for one upload of one person (DESIGN §3): detect, parse, validate, merge by
/// natural key, verify that rows reconcile, and write a complete new lake version only when something
/// changed. The user grain calls it; it holds no state of its own.
/// </summary>
public sealed class IngestPipeline(LakeStore lake, FormatDetector detector, TimeProvider time, Analytics.AnalysisOptions? analysisOptions = null)
{
    private readonly Analytics.AnalysisOptions analysis = analysisOptions ?? new Analytics.AnalysisOptions();

    public async Task<IngestResult> RunAsync(
        string user, TimeZoneInfo zone, Silver silver, int currentVersion, IReadOnlyList<string> priorImports,
        BronzeRef bronze, string? declaredSource, string importId, string? mapping = null, LakeSnapshot? previous = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var started = time.GetUtcNow();
        ImportBatch batch;
        try
        {
            batch = await Task.Run(() =>
            {
                var importer = detector.Detect(() => lake.OpenBronze(user, bronze), bronze.FileName, declaredSource, mapping);
                using var input = lake.OpenBronze(user, bronze);
                return importer.Import(input, new ImportContext(bronze.FileName, zone));
            }, ct);
        }
        catch (Exception e) when (e is ImportFormatException or InvalidDataException or System.Xml.XmlException or System.Text.Json.JsonException)
        {
            await lake.SetBronzeStatusAsync(user, bronze, declaredSource ?? "unknown", ImportReport.Rejected, ct);
            BioTelemetry.Imported(declaredSource, ImportReport.Rejected, 0, 0, 0, 0, clock.Elapsed.TotalMilliseconds);
            return new IngestResult(new ImportReport(importId, bronze.FileName, bronze.Path, bronze.Sha256, null, ImportReport.Rejected, e.Message,
                0, 0, 0, 0, new Dictionary<string, int>(), null, null, currentVersion, clock.ElapsedMilliseconds, started), null);
        }

        var (report, manifest, snapshot) = await CommitAsync(user, silver, currentVersion, priorImports, batch, importId, clock, started, previous, ct);
        await lake.SetBronzeStatusAsync(user, bronze, batch.Source, ImportReport.Completed, ct);
        return new IngestResult(report with { FileName = bronze.FileName, BronzePath = bronze.Path, Sha256 = bronze.Sha256 }, manifest, snapshot);
    }

    /// <summary>Merges a batch that has no upload behind it (synthetic data) the same way as a file.</summary>
    public async Task<IngestResult> CommitBatchAsync(
        string user, Silver silver, int currentVersion, IReadOnlyList<string> priorImports, ImportBatch batch, string importId, string fileName,
        LakeSnapshot? previous = null, CancellationToken ct = default)
    {
        var (report, manifest, snapshot) = await CommitAsync(user, silver, currentVersion, priorImports, batch, importId, Stopwatch.StartNew(), time.GetUtcNow(), previous, ct);
        return new IngestResult(report with { FileName = fileName }, manifest, snapshot);
    }

    private async Task<(ImportReport, LakeManifest?, LakeSnapshot?)> CommitAsync(
        string user, Silver silver, int currentVersion, IReadOnlyList<string> priorImports, ImportBatch batch, string importId,
        Stopwatch clock, DateTimeOffset started, LakeSnapshot? previous, CancellationToken ct)
    {
        batch.QuarantineConflicts();
        var outcome = silver.Merge(batch, importId);
        // Layer verification: every row read is accepted, quarantined or a duplicate.
        if (batch.RowsRead != outcome.RowsAccepted + outcome.RowsDuplicate + batch.Quarantine.Count)
        {
            throw new InvalidOperationException(
                $"Import {importId} does not reconcile: read {batch.RowsRead}, accepted {outcome.RowsAccepted}, duplicates {outcome.RowsDuplicate}, quarantined {batch.Quarantine.Count}.");
        }

        LakeManifest? manifest = null;
        var snapshot = previous;
        var version = currentVersion;
        if (outcome.Changed)
        {
            foreach (var (check, count) in Checks(batch, outcome))
            {
                silver.DqLog.Add(new DqLogRow(importId, started, check, count));
            }

            version = currentVersion + 1;
            // Only the days from the earliest change on are recomputed (each day uses data up to it).
            snapshot = new LakeSnapshot(silver, Analytics.Analysis.Run(Analytics.DaySeries.FromSilver(silver), previous?.Analysis, outcome.EarliestChange, analysis));
            manifest = await lake.WriteVersionAsync(user, version, snapshot, [.. priorImports, importId], time.GetUtcNow(), ct);
        }

        var dates = batch.Daily.Select(o => o.Date).Concat(batch.Workouts.Select(w => w.LocalDate)).Concat(batch.Journal.Select(j => j.Date)).ToList();
        var report = new ImportReport(importId, "", "", "", batch.Source, ImportReport.Completed, null,
            batch.RowsRead, outcome.RowsAccepted, batch.Quarantine.Count, outcome.RowsDuplicate, batch.ReasonCounts(),
            dates.Count == 0 ? null : dates.Min(), dates.Count == 0 ? null : dates.Max(), version, clock.ElapsedMilliseconds, started);
        BioTelemetry.Imported(batch.Source, ImportReport.Completed, batch.RowsRead, outcome.RowsAccepted, batch.Quarantine.Count, outcome.RowsDuplicate, clock.Elapsed.TotalMilliseconds);
        return (report, manifest, snapshot);
    }

    private static IEnumerable<(string Check, long Count)> Checks(ImportBatch batch, MergeOutcome outcome)
    {
        yield return ("rows_read", batch.RowsRead);
        yield return ("rows_accepted", outcome.RowsAccepted);
        yield return ("rows_duplicate", outcome.RowsDuplicate);
        yield return ("rows_quarantined", batch.Quarantine.Count);
        foreach (var (reason, count) in batch.ReasonCounts().OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            yield return ($"quarantine:{reason}", count);
        }
    }
}

using System.Diagnostics;
using Bio.Core.Lake;

namespace Bio.Core.Ingest;

/// <summary>The outcome of one ingest: the report, and the new lake version if one was written.</summary>
public sealed record IngestResult(ImportReport Report, LakeManifest? Manifest);

/// <summary>
/// Bronze to silver to gold for one upload of one person (DESIGN §3): detect, parse, validate, merge by
/// natural key, verify that rows reconcile, and write a complete new lake version only when something
/// changed. The user grain calls it; it holds no state of its own.
/// </summary>
public sealed class IngestPipeline(LakeStore lake, FormatDetector detector, TimeProvider time)
{
    public async Task<IngestResult> RunAsync(
        string user, TimeZoneInfo zone, Silver silver, int currentVersion, IReadOnlyList<string> priorImports,
        BronzeRef bronze, string? declaredSource, string importId, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var started = time.GetUtcNow();
        ImportBatch batch;
        try
        {
            batch = await Task.Run(() =>
            {
                var importer = detector.Detect(() => lake.OpenBronze(user, bronze), bronze.FileName, declaredSource);
                using var input = lake.OpenBronze(user, bronze);
                return importer.Import(input, new ImportContext(bronze.FileName, zone));
            }, ct);
        }
        catch (Exception e) when (e is ImportFormatException or InvalidDataException or System.Xml.XmlException)
        {
            await lake.SetBronzeStatusAsync(user, bronze, declaredSource ?? "unknown", ImportReport.Rejected, ct);
            return new IngestResult(Report(bronze, importId, null, ImportReport.Rejected, e.Message, null, null, currentVersion, clock, started), null);
        }

        var outcome = silver.Merge(batch, importId);
        // Layer verification: every row read is accepted, quarantined or a duplicate.
        if (batch.RowsRead != outcome.RowsAccepted + outcome.RowsDuplicate + batch.Quarantine.Count)
        {
            throw new InvalidOperationException(
                $"Import {importId} does not reconcile: read {batch.RowsRead}, accepted {outcome.RowsAccepted}, duplicates {outcome.RowsDuplicate}, quarantined {batch.Quarantine.Count}.");
        }

        LakeManifest? manifest = null;
        var version = currentVersion;
        if (outcome.Changed)
        {
            foreach (var (check, count) in Checks(batch, outcome))
            {
                silver.DqLog.Add(new DqLogRow(importId, started, check, count));
            }

            version = currentVersion + 1;
            manifest = await lake.WriteVersionAsync(user, version, new LakeSnapshot(silver), [.. priorImports, importId], time.GetUtcNow(), ct);
        }

        await lake.SetBronzeStatusAsync(user, bronze, batch.Source, ImportReport.Completed, ct);
        var dates = batch.Daily.Select(o => o.Date).Concat(batch.Workouts.Select(w => w.LocalDate)).Concat(batch.Journal.Select(j => j.Date)).ToList();
        var report = Report(bronze, importId, batch.Source, ImportReport.Completed, null, batch, outcome, version, clock, started) with
        {
            FirstDate = dates.Count == 0 ? null : dates.Min(),
            LastDate = dates.Count == 0 ? null : dates.Max(),
        };
        return new IngestResult(report, manifest);
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

    private static ImportReport Report(
        BronzeRef bronze, string importId, string? source, string status, string? error, ImportBatch? batch, MergeOutcome? outcome,
        int version, Stopwatch clock, DateTimeOffset started) =>
        new(importId, bronze.FileName, bronze.Path, bronze.Sha256, source, status, error,
            batch?.RowsRead ?? 0, outcome?.RowsAccepted ?? 0, batch?.Quarantine.Count ?? 0, outcome?.RowsDuplicate ?? 0,
            batch?.ReasonCounts() ?? new Dictionary<string, int>(), null, null, version, clock.ElapsedMilliseconds, started);
}

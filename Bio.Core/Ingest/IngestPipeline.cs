using System.Diagnostics;
using Bio.Core.Lake;

namespace Bio.Core.Ingest;

/// <summary>
/// The outcome of one ingest: the report, the new lake version if one was written, its silver (the
/// merged copy given, or a restored export's) and the analytics of that silver (updated incrementally
/// from the previous snapshot's).
/// </summary>
public sealed record IngestResult(ImportReport Report, LakeManifest? Manifest, LakeSnapshot? Snapshot = null, Silver? Silver = null);

/// <summary>
/// The lake's life cycle for one person (DESIGN §3), in one place: bronze to silver to gold for an
/// upload (detect, parse, validate, merge by natural key, verify that rows reconcile, and write a
/// complete new lake version only when something changed), a batch with no file behind it, and the
/// restore of a Bio export. Every lake version and every bronze status is written here, through one
/// commit; the API only keeps the raw upload first (<see cref="LakeStore.WriteBronzeAsync"/>). The
/// person's data grain makes one call and persists the version and the report; this holds no state.
/// </summary>
public sealed class IngestPipeline(LakeStore lake, FormatDetector detector, TimeProvider time, Analytics.AnalysisOptions? analysisOptions = null)
{
    private readonly Analytics.AnalysisOptions analysis = analysisOptions ?? new Analytics.AnalysisOptions();

    public async Task<IngestResult> RunAsync(
        string user, TimeZoneInfo zone, Silver silver, int currentVersion,
        BronzeRef bronze, string? declaredSource, string importId, string? mapping = null, LakeSnapshot? previous = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var started = time.GetUtcNow();
        using var copy = await lake.CopyBronzeAsync(user, bronze, ct);
        bool isExport;
        using (var probe = copy.Open())
        {
            isExport = Users.UserRestore.IsExport(probe);
        }

        if (isExport)
        {
            return await RestoreAsync(user, currentVersion, bronze, copy, importId, clock, started, ct);
        }

        var (batch, rejected) = await ParseAsync(user, zone, bronze, copy, declaredSource, mapping, importId, currentVersion, clock, started, ct);
        if (batch is null)
        {
            return new IngestResult(rejected!, null);
        }

        var (report, manifest, snapshot) = await CommitAsync(user, silver, currentVersion, batch, importId, clock, started, previous, ct);
        await lake.SetBronzeStatusAsync(user, bronze, batch.Source, ImportReport.Completed, copy.Metadata, ct);
        return new IngestResult(report with { FileName = bronze.FileName, BronzePath = bronze.Path, Sha256 = bronze.Sha256 }, manifest, snapshot, silver);
    }

    /// <summary>
    /// Several raw files already in bronze (the pages one sync fetched from a device cloud), imported
    /// together: each is detected, parsed and merged in order with its own import id and report (a page
    /// Bio cannot read is rejected with the reason, the others go on), and one lake version is written for
    /// all of them when anything changed, so a backfill of a hundred pages is one version, not a hundred.
    /// </summary>
    public async Task<(IReadOnlyList<ImportReport> Reports, LakeManifest? Manifest, LakeSnapshot? Snapshot)> RunManyAsync(
        string user, TimeZoneInfo zone, Silver silver, int currentVersion,
        IReadOnlyList<(BronzeRef Bronze, string ImportId)> files, string? declaredSource, LakeSnapshot? previous = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var reports = new List<ImportReport>();
        var merged = new List<string>();
        var changed = false;
        DateOnly? earliest = null;
        var fromStart = false;
        foreach (var (bronze, importId) in files)
        {
            var clock = Stopwatch.StartNew();
            var started = time.GetUtcNow();
            using var copy = await lake.CopyBronzeAsync(user, bronze, ct);
            var (batch, rejected) = await ParseAsync(user, zone, bronze, copy, declaredSource, null, importId, currentVersion, clock, started, ct);
            if (batch is null)
            {
                reports.Add(rejected!);
                continue;
            }

            var (outcome, report) = Merge(silver, batch, importId, clock, started);
            if (outcome.Changed)
            {
                changed = true;
                merged.Add(importId);
                fromStart |= outcome.EarliestChange is null;
                earliest = earliest is { } e2 && outcome.EarliestChange is { } c ? (c < e2 ? c : e2) : earliest ?? outcome.EarliestChange;
            }

            await lake.SetBronzeStatusAsync(user, bronze, batch.Source, ImportReport.Completed, copy.Metadata, ct);
            reports.Add(report with { FileName = bronze.FileName, BronzePath = bronze.Path, Sha256 = bronze.Sha256 });
        }

        if (!changed)
        {
            return ([.. reports.Select(r => r.Status == ImportReport.Completed ? r with { LakeVersion = currentVersion } : r)], null, previous);
        }

        var version = currentVersion + 1;
        var snapshot = new LakeSnapshot(silver, Analytics.Analysis.Run(Analytics.DaySeries.FromSilver(silver), previous?.Analysis, fromStart ? null : earliest, analysis));
        var manifest = await WriteVersionAsync(user, version, snapshot, merged, ct);
        return ([.. reports.Select(r => r.Status == ImportReport.Completed ? r with { LakeVersion = version } : r)], manifest, snapshot);
    }

    /// <summary>
    /// Detects and parses one file of bronze (from its local copy), off the caller's thread; a file Bio
    /// cannot read is marked rejected in bronze and comes back as its rejected report, with the reason.
    /// </summary>
    private async Task<(ImportBatch? Batch, ImportReport? Rejected)> ParseAsync(string user, TimeZoneInfo zone, BronzeRef bronze, BronzeCopy copy, string? declaredSource,
        string? mapping, string importId, int currentVersion, Stopwatch clock, DateTimeOffset started, CancellationToken ct)
    {
        try
        {
            return (await Task.Run(() =>
            {
                var importer = detector.Detect(copy.Open, bronze.FileName, declaredSource, mapping);
                using var input = copy.Open();
                return importer.Import(input, new ImportContext(bronze.FileName, zone));
            }, ct), null);
        }
        catch (Exception e) when (e is ImportFormatException or InvalidDataException or System.Xml.XmlException or System.Text.Json.JsonException)
        {
            await lake.SetBronzeStatusAsync(user, bronze, declaredSource ?? "unknown", ImportReport.Rejected, copy.Metadata, ct);
            BioTelemetry.Imported(declaredSource, ImportReport.Rejected, 0, 0, 0, 0, clock.Elapsed.TotalMilliseconds);
            return (null, new ImportReport(importId, bronze.FileName, bronze.Path, bronze.Sha256, null, ImportReport.Rejected, e.Message,
                0, 0, 0, 0, new Dictionary<string, int>(), null, null, currentVersion, clock.ElapsedMilliseconds, started));
        }
    }

    /// <summary>
    /// A Bio export uploaded into a new, empty account: its silver becomes this person's first lake
    /// version (gold recomputed from it, committed like any other version), and its raw uploads,
    /// forecasting files and reports come along. Into an account with data it is rejected, with why.
    /// </summary>
    private async Task<IngestResult> RestoreAsync(string user, int currentVersion, BronzeRef bronze, BronzeCopy copy, string importId, Stopwatch clock, DateTimeOffset started, CancellationToken ct)
    {
        ImportReport Report(string status, string? error, long rows, DateOnly? first, DateOnly? last, int version) =>
            new(importId, bronze.FileName, bronze.Path, bronze.Sha256, Users.UserRestore.Source, status, error, rows, status == ImportReport.Completed ? rows : 0, 0, 0,
                new Dictionary<string, int>(), first, last, version, clock.ElapsedMilliseconds, started);
        if (currentVersion != 0)
        {
            await lake.SetBronzeStatusAsync(user, bronze, Users.UserRestore.Source, ImportReport.Rejected, copy.Metadata, ct);
            BioTelemetry.Imported(Users.UserRestore.Source, ImportReport.Rejected, 0, 0, 0, 0, clock.Elapsed.TotalMilliseconds);
            return new IngestResult(Report(ImportReport.Rejected, "A Bio export restores into a new, empty account, and this one has data already: create a new user and upload the export there.", 0, null, null, currentVersion), null);
        }

        Silver restored;
        using (var stream = copy.Open())
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Read))
        {
            (restored, _, var files) = await Users.UserRestore.ReadAsync(zip, ct);
            foreach (var file in files)
            {
                await using var content = zip.GetEntry("data/" + file)!.Open();
                await lake.WriteUserBlobAsync(user, file, content, ct);
            }
        }

        var snapshot = await Task.Run(() => new LakeSnapshot(restored, Analytics.Analysis.Run(Analytics.DaySeries.FromSilver(restored), options: analysis)), ct);
        var manifest = await WriteVersionAsync(user, 1, snapshot, [importId], ct);
        await lake.SetBronzeStatusAsync(user, bronze, Users.UserRestore.Source, ImportReport.Completed, copy.Metadata, ct);
        var days = SilverTables.DailyRows(restored);
        var rows = days.Count + restored.Workouts.Count;
        BioTelemetry.Imported(Users.UserRestore.Source, ImportReport.Completed, rows, rows, 0, 0, clock.Elapsed.TotalMilliseconds);
        var report = Report(ImportReport.Completed, null, rows, days.Count == 0 ? null : days[0].Date, days.Count == 0 ? null : days[^1].Date, manifest.Version);
        return new IngestResult(report, manifest, snapshot, restored);
    }

    // The one commit: every version of a person's lake is written here, whatever made it.
    private Task<LakeManifest> WriteVersionAsync(string user, int version, LakeSnapshot snapshot, IReadOnlyList<string> imports, CancellationToken ct) =>
        lake.WriteVersionAsync(user, version, snapshot, imports, time.GetUtcNow(), ct);

    /// <summary>Merges a batch that has no upload behind it (synthetic data) the same way as a file.</summary>
    public async Task<IngestResult> CommitBatchAsync(
        string user, Silver silver, int currentVersion, ImportBatch batch, string importId, string fileName,
        LakeSnapshot? previous = null, CancellationToken ct = default)
    {
        var (report, manifest, snapshot) = await CommitAsync(user, silver, currentVersion, batch, importId, Stopwatch.StartNew(), time.GetUtcNow(), previous, ct);
        return new IngestResult(report with { FileName = fileName }, manifest, snapshot, silver);
    }

    private async Task<(ImportReport, LakeManifest?, LakeSnapshot?)> CommitAsync(
        string user, Silver silver, int currentVersion, ImportBatch batch, string importId,
        Stopwatch clock, DateTimeOffset started, LakeSnapshot? previous, CancellationToken ct)
    {
        var (outcome, report) = Merge(silver, batch, importId, clock, started);
        LakeManifest? manifest = null;
        var snapshot = previous;
        var version = currentVersion;
        if (outcome.Changed)
        {
            version = currentVersion + 1;
            // Only the days from the earliest change on are recomputed (each day uses data up to it).
            snapshot = new LakeSnapshot(silver, Analytics.Analysis.Run(Analytics.DaySeries.FromSilver(silver), previous?.Analysis, outcome.EarliestChange, analysis));
            manifest = await WriteVersionAsync(user, version, snapshot, [importId], ct);
        }

        return (report with { LakeVersion = version }, manifest, snapshot);
    }

    /// <summary>Merges one parsed file into silver (checking that its rows reconcile, logging its checks when it changed anything) and reports it, before any version is written.</summary>
    private static (MergeOutcome Outcome, ImportReport Report) Merge(Silver silver, ImportBatch batch, string importId, Stopwatch clock, DateTimeOffset started)
    {
        batch.QuarantineConflicts();
        var outcome = silver.Merge(batch, importId);
        // Layer verification: every row read is accepted, quarantined or a duplicate.
        if (batch.RowsRead != outcome.RowsAccepted + outcome.RowsDuplicate + batch.Quarantine.Count)
        {
            throw new InvalidOperationException(
                $"Import {importId} does not reconcile: read {batch.RowsRead}, accepted {outcome.RowsAccepted}, duplicates {outcome.RowsDuplicate}, quarantined {batch.Quarantine.Count}.");
        }

        if (outcome.Changed)
        {
            foreach (var (check, count) in Checks(batch, outcome))
            {
                silver.DqLog.Add(new DqLogRow(importId, started, check, count));
            }
        }

        var dates = batch.Daily.Select(o => o.Date).Concat(batch.Workouts.Select(w => w.LocalDate)).Concat(batch.Journal.Select(j => j.Date)).ToList();
        var report = new ImportReport(importId, "", "", "", batch.Source, ImportReport.Completed, null,
            batch.RowsRead, outcome.RowsAccepted, batch.Quarantine.Count, outcome.RowsDuplicate, batch.ReasonCounts(),
            dates.Count == 0 ? null : dates.Min(), dates.Count == 0 ? null : dates.Max(), 0, clock.ElapsedMilliseconds, started);
        BioTelemetry.Imported(batch.Source, ImportReport.Completed, batch.RowsRead, outcome.RowsAccepted, batch.Quarantine.Count, outcome.RowsDuplicate, clock.Elapsed.TotalMilliseconds);
        return (outcome, report);
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

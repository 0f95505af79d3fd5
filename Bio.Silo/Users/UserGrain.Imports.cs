using Bio.Core.Analytics;
using Bio.Core.Ingest;
using Bio.Core.Journal;
using Bio.Core.Lake;
using Bio.Core.Synthetic;
using Bio.Core.Users;

namespace Bio.Silo.Users;

/// <summary>A person's imports (a Bio export among them: a restore), synthetic data, journal entries and ratings: every change to their lake.</summary>
public sealed partial class UserGrain
{
    public const int MaxIdempotencyKeys = 1000;

    public Task<ImportReport> IngestAsync(BronzeRef bronze, string? declaredSource, string? mapping) =>
        ExclusiveAsync(() => IngestCoreAsync(bronze, declaredSource, mapping, idempotencyKey: null));

    public Task<ImportReport> IngestOnceAsync(BronzeRef bronze, string? declaredSource, string? mapping, string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        // Looked up inside the gate: two retries at once import once.
        return ExclusiveAsync(async () => await FindAsync(idempotencyKey) ?? await IngestCoreAsync(bronze, declaredSource, mapping, idempotencyKey));
    }

    public Task<IReadOnlyList<ImportReport>> IngestPagesAsync(IReadOnlyList<BronzeRef> pages, string? declaredSource) => ExclusiveAsync<IReadOnlyList<ImportReport>>(async () =>
    {
        ArgumentNullException.ThrowIfNull(pages);
        if (pages.Count == 0)
        {
            return [];
        }

        var profile = await ProfileAsync();
        var files = pages.Select(p => (p, $"imp-{time.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}")).ToList();
        var (version, previous) = (state.State.LakeVersion, await SnapshotAsync());
        var merged = (await SilverAsync()).Copy();
        var (reports, manifest, snapshot) = await Task.Run(() => pipeline.RunManyAsync(Id, Zone(profile), merged, version, files, declaredSource, previous));
        await hooks.BeforePublishAsync(Id);
        state.State.Imports.AddRange(reports);
        await ArchiveOlderImportsAsync();
        if (manifest is not null && snapshot is not null)
        {
            snapshot.ReleaseTables();
            state.State.LakeVersion = manifest.Version;
            cache.Publish(manifest.Version, merged, snapshot);
            await EnsureRemindersAsync(profile);
        }

        await state.WriteStateAsync();
        return reports;
    });

    public Task<ImportReport?> FindImportAsync(string idempotencyKey) => FindAsync(idempotencyKey);

    /// <summary>The import a client's idempotency key made, in the state or, when it has moved, in the archive.</summary>
    private async Task<ImportReport?> FindAsync(string idempotencyKey)
    {
        if (state.State.IdempotencyKeys.FindLast(k => k.Key == idempotencyKey) is not { Key: not null } found)
        {
            return null;
        }

        return state.State.Imports.FindLast(i => i.ImportId == found.Value)
            ?? (state.State.ArchivedImports > 0 ? (await ImportArchive.ReadAsync(Id)).FindLast(i => i.ImportId == found.Value) : null);
    }

    private ImportArchive ImportArchive => ServiceProvider.GetRequiredService<ImportArchive>();

    /// <summary>
    /// Moves the oldest reports to the archive once the state holds more than it keeps plus the slack: the
    /// archive is written first, then the caller's state write takes them out (a silo lost in between leaves
    /// them in both, and the history counts each once).
    /// </summary>
    private async Task ArchiveOlderImportsAsync()
    {
        var options = ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ImportHistoryOptions>>().Value;
        var imports = state.State.Imports;
        if (imports.Count <= options.KeepInState + options.Slack)
        {
            return;
        }

        var older = imports.Count - options.KeepInState;
        state.State.ArchivedImports = await ImportArchive.AppendAsync(Id, imports.GetRange(0, older));
        imports.RemoveRange(0, older);
    }

    // The idempotency key, when there is one, goes into the same state write as the import: a silo that
    // dies after the import was stored cannot leave it without its key (a retry would then import again).
    private async Task<ImportReport> IngestCoreAsync(BronzeRef bronze, string? declaredSource, string? mapping, string? idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(bronze);
        var profile = await ProfileAsync();
        var importId = $"imp-{time.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}";
        // Merged into a copy: the current version's silver stays whole for the reads made meanwhile.
        var (version, previous) = (state.State.LakeVersion, await SnapshotAsync());
        var merged = (await SilverAsync()).Copy();
        var result = await Task.Run(() => pipeline.RunAsync(Id, Zone(profile), merged, version, bronze, declaredSource, importId, mapping: mapping, previous: previous));
        if (result.Report.Source == UserRestore.Source && result.Manifest is not null)
        {
            (cache.Registry, cache.ForecastLog, cache.ForecastRun) = (null, null, null); // a restored export's forecasting files are the truth now
        }

        await AcceptAsync(profile, result, recorded: true, idempotencyKey);
        return result.Report;
    }

    private void RememberKey(string? idempotencyKey, string importId)
    {
        if (idempotencyKey is null)
        {
            return;
        }

        state.State.IdempotencyKeys.Add(new(idempotencyKey, importId));
        if (state.State.IdempotencyKeys.Count > MaxIdempotencyKeys)
        {
            state.State.IdempotencyKeys.RemoveAt(0);
        }
    }

    /// <summary>
    /// Takes a job's outcome into the grain in one step: the new version becomes what readers see (its
    /// written tables let go), the report and the version go into the state, the reminders are set.
    /// Journal entries and ratings are not recorded as imports (<paramref name="recorded"/> false): the state stays bounded.
    /// </summary>
    private async Task AcceptAsync(UserProfile profile, IngestResult result, bool recorded, string? idempotencyKey = null, Action? beforeWrite = null)
    {
        await hooks.BeforePublishAsync(Id);
        if (recorded)
        {
            state.State.Imports.Add(result.Report);
            RememberKey(idempotencyKey, result.Report.ImportId);
            await ArchiveOlderImportsAsync();
        }

        if (result is { Manifest: not null, Snapshot: not null, Silver: { } merged })
        {
            result.Snapshot.ReleaseTables(); // written: the grain keeps silver and the analytics, not the tables
            state.State.LakeVersion = result.Manifest.Version;
            cache.Publish(result.Manifest.Version, merged, result.Snapshot);
            await EnsureRemindersAsync(profile);
        }

        beforeWrite?.Invoke();
        if (recorded || result.Manifest is not null)
        {
            await state.WriteStateAsync();
        }
    }

    public Task<SyntheticResult> GenerateSyntheticAsync(int days, int seed) => ExclusiveAsync(async () =>
    {
        var profile = await ProfileAsync();
        if (days is < 1 or > 3660)
        {
            throw new UserValidationException("days must be between 1 and 3660.");
        }

        var data = SyntheticPerson.Generate(seed, days, Today(profile).AddDays(-1));
        var result = await CommitOwnBatchAsync(profile, data.Batch, "syn", $"synthetic?days={days}&seed={seed}", recorded: true,
            beforeWrite: () => state.State.SyntheticEvents = [.. state.State.SyntheticEvents.Union(data.Events)]);
        return new SyntheticResult(result.Report, data.Events);
    });

    public Task<JournalWritten> WriteJournalAsync(DateOnly? day, string text) => ExclusiveAsync(async () =>
    {
        var profile = await ProfileAsync();
        text = (text ?? "").Trim();
        if (text.Length == 0)
        {
            throw new UserValidationException("The journal entry is empty: write what happened today (for example \"two glasses of wine, stressful day at work\").");
        }

        if (text.Length > JournalEntries.MaxLength)
        {
            throw new UserValidationException($"A journal entry is at most {JournalEntries.MaxLength} characters; this one has {text.Length}.");
        }

        var on = CheckJournalDay(profile, day);
        var features = JournalExtractor.Extract(text);
        var batch = JournalEntries.Batch(await SilverAsync(), on, text, features);
        var result = await CommitOwnBatchAsync(profile, batch, "jrn", $"journal {on:yyyy-MM-dd}", recorded: false);
        return new JournalWritten(new JournalEntry(on, text, features), result.Report);
    });

    public Task<FeedbackWritten> WriteFeedbackAsync(DateOnly? day, int? energy, int? mood, int? exertion, string? notes) => ExclusiveAsync(async () =>
    {
        var profile = await ProfileAsync();
        if (DailyFeedback.Problem(energy, mood, exertion, notes) is { } problem)
        {
            throw new UserValidationException(problem);
        }

        var on = CheckJournalDay(profile, day);
        var result = await CommitOwnBatchAsync(profile, DailyFeedback.Batch(new DayFeedback(on, energy, mood, exertion, notes)), "fbk", $"feedback {on:yyyy-MM-dd}", recorded: false);
        return new FeedbackWritten(DailyFeedback.Read(await SilverAsync(), on, on).Single(), result.Report);
    });

    // A day a person writes about: today by default; not in the future, not more than ten years back.
    private DateOnly CheckJournalDay(UserProfile profile, DateOnly? day)
    {
        var today = Today(profile);
        var on = day ?? today;
        if (on > today)
        {
            throw new UserValidationException($"{on:yyyy-MM-dd} has not happened yet: today is {today:yyyy-MM-dd} in your time zone.");
        }

        if (on < today.AddYears(-10))
        {
            throw new UserValidationException($"{on:yyyy-MM-dd} is more than ten years ago: entries go back at most to {today.AddYears(-10):yyyy-MM-dd}.");
        }

        return on;
    }

    // A batch with no file behind it (synthetic data, a journal entry, ratings): merged and written as a
    // lake version like an import; beforeWrite changes the state that goes into the same write.
    private async Task<IngestResult> CommitOwnBatchAsync(UserProfile profile, ImportBatch batch, string prefix, string name, bool recorded, Action? beforeWrite = null)
    {
        var importId = $"{prefix}-{time.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}";
        var (version, previous) = (state.State.LakeVersion, await SnapshotAsync());
        var merged = (await SilverAsync()).Copy();
        var result = await Task.Run(() => pipeline.CommitBatchAsync(Id, merged, version, batch, importId, name, previous));
        await AcceptAsync(profile, result, recorded, beforeWrite: beforeWrite);
        return result;
    }

    public async Task<IReadOnlyList<JournalEntry>> GetJournalAsync(DateOnly? fromDate, DateOnly? toDate) =>
        JournalEntries.Read(await SilverAsync(), fromDate, toDate);

    public async Task<IReadOnlyList<DayFeedback>> GetFeedbackAsync(DateOnly? fromDate, DateOnly? toDate) =>
        DailyFeedback.Read(await SilverAsync(), fromDate, toDate);

    public async Task<JournalEffectsReport> GetJournalEffectsAsync(DateOnly? fromDate, DateOnly? toDate)
    {
        var analysis = (await SnapshotAsync()).Analysis;
        return JournalEffects.Compute(await SilverAsync(), analysis, fromDate, toDate);
    }

    public async Task<IReadOnlyList<ImportReport>> GetImportsAsync() => state.State.ArchivedImports == 0
        ? [.. state.State.Imports]
        : ImportArchive.History(await ImportArchive.ReadAsync(Id), [.. state.State.Imports]);

    public async Task<IReadOnlyList<QuarantineItem>> GetQuarantineAsync() =>
        [.. (await SilverAsync()).Quarantine.Select(q => new QuarantineItem(q.ImportId, q.File, q.Line, q.Reason, q.Raw))];

    public async Task<IReadOnlyList<DailyValues>> GetDailyAsync(DateOnly? fromDate, DateOnly? toDate)
    {
        var rows = SilverTables.DailyRows(await SilverAsync());
        return [.. rows.Where(r => InRange(r.Date, fromDate, toDate)).Select(ToValues)];
    }

    public async Task<IReadOnlyList<WorkoutItem>> GetWorkoutsAsync(DateOnly? fromDate, DateOnly? toDate) =>
        [.. (await SilverAsync()).Workouts.Values.Where(w => InRange(w.LocalDate, fromDate, toDate)).Select(w =>
            new WorkoutItem(w.Start, w.LocalDate, w.Discipline, w.Title, w.DurationMinutes, w.OutputKj, w.AvgHr, w.MaxHr, w.Kcal, w.DistanceKm, w.DeviceStrain, w.Source, w.Activity, w.Instructor, w.Live))];

    private static DailyValues ToValues(DailyRow row)
    {
        var values = new Dictionary<string, double>();
        foreach (var metric in Enum.GetValues<Metric>())
        {
            if (row.Get(metric) is { } v)
            {
                values[metric.Column()] = v;
            }
        }

        var sources = row.Sources.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        return new DailyValues(row.Date, values, sources);
    }
}

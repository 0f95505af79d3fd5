using Bio.Core.Agent;
using Bio.Core.Analytics;
using Bio.Core.Auth;
using Bio.Core.Forecasting;
using Bio.Core.Ingest;
using Bio.Core.Journal;
using Bio.Core.Lake;
using Bio.Core.Reports;
using Bio.Core.Synthetic;
using Bio.Core.Users;
using Bio.ServiceDefaults;

namespace Bio.Silo.Users;

public sealed partial class UserGrain(
    [PersistentState("user", ResourceNames.UserStateStore)] IPersistentState<UserState> state,
    LakeStore lake,
    IngestPipeline pipeline,
    AnalysisOptions analysisOptions,
    ForecastStore forecasts,
    PooledModel pooled,
    ChatModel chatModel,
    Microsoft.Extensions.Options.IOptions<ForecastingOptions> forecasting,
    ReportStore reports,
    Microsoft.Extensions.Options.IOptions<ReportOptions> reportOptions,
    Microsoft.Extensions.Options.IOptions<Bio.Core.Query.QueryOptions> queryOptions,
    [FromKeyedServices(Extensions.UserClock)] TimeProvider time,
    ILogger<UserGrain> logger) : Grain, IUserGrain, IRemindable, IIncomingGrainCallFilter
{
    /// <summary>
    /// A write that finds the person's state changed under it (<see cref="Orleans.Storage.InconsistentStateException"/>:
    /// another activation wrote it, as can happen for a moment when a silo dies) is never a lost update:
    /// the grain reads the state again, lets go of everything derived from the old one, and does the
    /// whole call again on the fresh state (twice at most; then Orleans deactivates it).
    /// </summary>
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await context.Invoke();
                return;
            }
            catch (Orleans.Storage.InconsistentStateException) when (attempt < 3)
            {
                LogConflict(logger, context.InterfaceMethod?.Name ?? "?", attempt);
                await state.ReadStateAsync();
                sql?.Sandbox.Dispose();
                (silver, snapshot, sql, registry, forecastLog, servingModel, latestStatus) = (null, null, null, null, null, null, null);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The state changed under {Method} (attempt {Attempt}); read again and retrying.")]
    private static partial void LogConflict(ILogger logger, string method, int attempt);

    // Silver in memory, loaded from the current lake version on first use, and the lake snapshot of it
    // (tables and analytics), updated incrementally by each import.
    private Silver? silver;
    private LakeSnapshot? snapshot;

    // Forecasting state, loaded from Blob storage on first use: the registry, the log, the served model.
    private ModelRegistryState? registry;
    private List<ForecastLogRow>? forecastLog;
    private HrvModel? servingModel;

    public const string DailyReminder = "daily-forecast";
    public const string WeeklyReminder = "weekly-report";

    // The person's SQL sandbox over the current snapshot (rebuilt when the snapshot changes).
    private (LakeSnapshot Of, Bio.Core.Query.SqlSandbox Sandbox)? sql;

    // The agent's conversations (in memory: a conversation lasts while the grain is active) and its
    // answer cache, valid for one lake version on one day.
    private const int MaxConversations = 20, MaxTurns = 20, MaxCachedAnswers = 200;
    private readonly Dictionary<string, List<ConversationTurn>> conversations = new(StringComparer.Ordinal);
    private ((int Version, DateOnly Day) Stamp, Dictionary<string, ChatAnswer> Answers) answerCache = ((-1, default), new(StringComparer.Ordinal));

    private string Id => this.GetPrimaryKeyString();

    public async Task<UserCreated> CreateAsync(CreateUser request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (state.State.Profile is not null)
        {
            throw new UserAlreadyExistsException(Id);
        }

        var displayName = request.DisplayName?.Trim();
        if (string.IsNullOrEmpty(displayName) || displayName.Length > 100)
        {
            throw new UserValidationException("displayName is required and must be at most 100 characters.");
        }

        if (!TimeZones.TryGet(request.TimeZone, out _))
        {
            throw new UserValidationException(TimeZones.Describe(request.TimeZone));
        }

        var profile = new UserProfile(Id, displayName, request.TimeZone, time.GetUtcNow());
        var (key, stored) = ApiKeys.Issue(Id, time);
        state.State.Profile = profile;
        state.State.ApiKeys.Add(stored);
        await state.WriteStateAsync();
        return new UserCreated(profile, key);
    }

    public Task<UserProfile?> GetProfileAsync() => Task.FromResult(state.State.Profile);

    public const int MaxApiKeys = 10;
    public const int MaxCoaches = 20;

    public Task<bool> HasCoachAsync(string coachId) => Task.FromResult(state.State.Profile is not null && state.State.Coaches.Contains(coachId));

    public Task<IReadOnlyList<string>> GetCoachesAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Coaches]);

    public Task<IReadOnlyList<string>> GetAthletesAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Athletes]);

    public async Task GrantCoachAsync(string coachId)
    {
        _ = state.State.Profile ?? throw new UserValidationException($"There is no user '{Id}'.");
        if (!UserId.IsValid(coachId) || coachId == Id)
        {
            throw new UserValidationException(coachId == Id ? "You already see your own data." : UserId.Describe(coachId));
        }

        if (await GrainFactory.GetGrain<IUserGrain>(coachId).GetProfileAsync() is null)
        {
            throw new UserValidationException($"There is no user '{coachId}' to grant access to.");
        }

        if (!state.State.Coaches.Contains(coachId))
        {
            if (state.State.Coaches.Count >= MaxCoaches)
            {
                throw new UserValidationException($"You have granted {MaxCoaches} coaches already: revoke one first.");
            }

            state.State.Coaches.Add(coachId);
            await state.WriteStateAsync();
        }

        await GrainFactory.GetGrain<IUserGrain>(coachId).SetAthleteAsync(Id, granted: true);
    }

    public async Task<bool> RevokeCoachAsync(string coachId)
    {
        if (!state.State.Coaches.Remove(coachId))
        {
            return false;
        }

        // Access ends here, now; the coach's list of athletes follows.
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IUserGrain>(coachId).SetAthleteAsync(Id, granted: false);
        return true;
    }

    public async Task ForgetCoachAsync(string coachId)
    {
        if (state.State.Coaches.Remove(coachId))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task SetAthleteAsync(string athleteId, bool granted)
    {
        if (state.State.Profile is null || (granted ? state.State.Athletes.Contains(athleteId) : !state.State.Athletes.Contains(athleteId)))
        {
            return;
        }

        if (granted)
        {
            state.State.Athletes.Add(athleteId);
        }
        else
        {
            state.State.Athletes.Remove(athleteId);
        }

        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<ApiKeyInfo>> GetApiKeysAsync() =>
        Task.FromResult<IReadOnlyList<ApiKeyInfo>>([.. state.State.ApiKeys.Select(ApiKeys.Describe)]);

    public async Task<IssuedApiKey> CreateApiKeyAsync(string name)
    {
        _ = state.State.Profile ?? throw new UserValidationException($"There is no user '{Id}'.");
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 60)
        {
            throw new UserValidationException("A key needs a name of 1 to 60 characters, e.g. 'laptop' or 'phone shortcut'.");
        }

        if (state.State.ApiKeys.Count >= MaxApiKeys)
        {
            throw new UserValidationException($"You already have {MaxApiKeys} keys: revoke one you no longer use first.");
        }

        var (key, stored) = ApiKeys.Issue(Id, time, name);
        state.State.ApiKeys.Add(stored);
        await state.WriteStateAsync();
        return new IssuedApiKey(ApiKeys.Describe(stored), key);
    }

    public async Task<bool> RevokeApiKeyAsync(string keyId)
    {
        var stored = state.State.ApiKeys.Find(k => k.KeyId == keyId);
        if (stored is null)
        {
            return false;
        }

        if (state.State.ApiKeys.Count == 1)
        {
            throw new UserValidationException("That is your only key: create another before revoking it, or you could not sign in again.");
        }

        state.State.ApiKeys.Remove(stored);
        await state.WriteStateAsync();
        return true;
    }

    public async Task<UserProfile> UpdateProfileAsync(string? displayName, string? timeZone)
    {
        var profile = state.State.Profile ?? throw new UserValidationException($"There is no user '{Id}'.");
        displayName = displayName?.Trim();
        if (displayName is not null && (displayName.Length == 0 || displayName.Length > 100))
        {
            throw new UserValidationException("displayName must be 1 to 100 characters.");
        }

        if (timeZone is not null && !TimeZones.TryGet(timeZone, out _))
        {
            throw new UserValidationException(TimeZones.Describe(timeZone));
        }

        var updated = profile with { DisplayName = displayName ?? profile.DisplayName, TimeZone = timeZone ?? profile.TimeZone };
        state.State.Profile = updated;
        if (updated.TimeZone != profile.TimeZone)
        {
            // The local mornings moved: aim the reminders at the new zone's.
            (state.State.ForecastReminder, state.State.ReportReminder) = (false, false);
            if (state.State.LakeVersion > 0)
            {
                await EnsureRemindersAsync();
            }
        }

        await state.WriteStateAsync();
        return updated;
    }

    public async Task<int> DeleteAsync()
    {
        foreach (var name in new[] { DailyReminder, WeeklyReminder })
        {
            if (await this.GetReminder(name) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }

        // Grants end both ways: this person's coaches lose access, and athletes this person coached forget them.
        foreach (var coach in state.State.Coaches.ToList())
        {
            await GrainFactory.GetGrain<IUserGrain>(coach).SetAthleteAsync(Id, granted: false);
        }

        foreach (var athlete in state.State.Athletes.ToList())
        {
            await GrainFactory.GetGrain<IUserGrain>(athlete).ForgetCoachAsync(Id);
        }

        // The account goes first (keys stop working, and writers that check for the person, such as the
        // audit, see nobody), then every blob; a second pass catches anything written meanwhile.
        await state.ClearStateAsync();
        state.State = new UserState();
        var deleted = await lake.DeleteAllAsync(Id);
        deleted += await lake.DeleteAllAsync(Id);
        sql?.Sandbox.Dispose();
        (silver, snapshot, sql, registry, forecastLog, servingModel, latestStatus) = (null, null, null, null, null, null, null);
        conversations.Clear();
        answerCache = ((-1, default), new(StringComparer.Ordinal));
        DeactivateOnIdle();
        return deleted;
    }

    public Task<bool> VerifyApiKeyAsync(ApiKeyParts key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var stored = state.State.ApiKeys.Find(k => k.KeyId == key.KeyId);
        var valid = state.State.Profile is not null && key.UserId == Id && stored is not null && ApiKeys.Verify(stored, key.Secret);
        return Task.FromResult(valid);
    }

    public Task<ImportReport> IngestAsync(BronzeRef bronze, string? declaredSource, string? mapping) =>
        IngestCoreAsync(bronze, declaredSource, mapping, idempotencyKey: null);

    // The idempotency key, when there is one, goes into the same state write as the import: a silo that
    // dies after the import was stored cannot leave it without its key (a retry would then import again).
    private async Task<ImportReport> IngestCoreAsync(BronzeRef bronze, string? declaredSource, string? mapping, string? idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(bronze);
        var profile = state.State.Profile ?? throw new UserValidationException($"There is no user '{Id}'.");
        TimeZones.TryGet(profile.TimeZone, out var zone);
        var importId = $"imp-{time.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}";
        bool isExport;
        using (var probe = lake.OpenBronze(Id, bronze))
        {
            isExport = UserRestore.IsExport(probe);
        }

        if (isExport)
        {
            return await RestoreAsync(bronze, importId, idempotencyKey);
        }

        var current = await SilverAsync();
        IngestResult result;
        try
        {
            var prior = state.State.Imports.Where(i => i.Status == ImportReport.Completed).Select(i => i.ImportId).ToList();
            // Parsing, merging, the analytics and the Parquet writes are CPU work: off the Orleans scheduler,
            // while this grain waits (nothing else touches its silver meanwhile: the grain is not reentrant).
            var (version, previous) = (state.State.LakeVersion, await SnapshotAsync());
            result = await Task.Run(() => pipeline.RunAsync(Id, zone!, current, version, prior, bronze, declaredSource, importId, mapping: mapping, previous: previous));
        }
        catch
        {
            (silver, snapshot) = (null, null); // the merge may have half-happened in memory; the lake is the truth
            throw;
        }

        await AcceptAsync(result, idempotencyKey);
        return result.Report;
    }

    public const int MaxIdempotencyKeys = 1000;

    public Task<ImportReport?> FindImportAsync(string idempotencyKey) =>
        Task.FromResult(state.State.IdempotencyKeys.FindLast(k => k.Key == idempotencyKey) is { Key: not null } found
            ? state.State.Imports.FindLast(i => i.ImportId == found.Value)
            : null);

    public async Task<ImportReport> IngestOnceAsync(BronzeRef bronze, string? declaredSource, string? mapping, string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        if (await FindImportAsync(idempotencyKey) is { } earlier)
        {
            return earlier;
        }

        return await IngestCoreAsync(bronze, declaredSource, mapping, idempotencyKey);
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
    /// A Bio export uploaded into a new, empty account: its silver becomes this person's first lake
    /// version (gold recomputed from it), and its raw uploads, forecasting files and reports come along.
    /// </summary>
    private async Task<ImportReport> RestoreAsync(BronzeRef bronze, string importId, string? idempotencyKey)
    {
        var started = time.GetUtcNow();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ImportReport Report(string status, string? error, long rows, DateOnly? first, DateOnly? last) =>
            new(importId, bronze.FileName, bronze.Path, bronze.Sha256, UserRestore.Source, status, error, rows, status == ImportReport.Completed ? rows : 0, 0, 0,
                new Dictionary<string, int>(), first, last, state.State.LakeVersion, clock.ElapsedMilliseconds, started);
        ImportReport report;
        if (state.State.LakeVersion != 0)
        {
            report = Report(ImportReport.Rejected, "A Bio export restores into a new, empty account, and this one has data already: create a new user and upload the export there.", 0, null, null);
        }
        else
        {
            using var stream = lake.OpenBronze(Id, bronze);
            using var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Read);
            var (restored, _, files) = await UserRestore.ReadAsync(zip);
            foreach (var file in files)
            {
                await using var content = zip.GetEntry("data/" + file)!.Open();
                await lake.WriteUserBlobAsync(Id, file, content);
            }

            var restoredSnapshot = new LakeSnapshot(restored, Analysis.Run(DaySeries.FromSilver(restored), options: analysisOptions));
            var manifest = await lake.WriteVersionAsync(Id, 1, restoredSnapshot, [importId], time.GetUtcNow());
            restoredSnapshot.ReleaseTables();
            (silver, snapshot, registry, forecastLog, servingModel) = (restored, restoredSnapshot, null, null, null);
            state.State.LakeVersion = manifest.Version;
            var days = SilverTables.DailyRows(restored);
            report = Report(ImportReport.Completed, null, days.Count + restored.Workouts.Count, days.Count == 0 ? null : days[0].Date, days.Count == 0 ? null : days[^1].Date);
            await lake.SetBronzeStatusAsync(Id, bronze, UserRestore.Source, ImportReport.Completed);
            await EnsureRemindersAsync();
        }

        state.State.Imports.Add(report);
        RememberKey(idempotencyKey, report.ImportId);
        await state.WriteStateAsync();
        return report;
    }

    /// <summary>Takes an ingest's outcome into the grain: the new snapshot (without its written tables), the report, the lake version, the reminders.</summary>
    private async Task AcceptAsync(IngestResult result, string? idempotencyKey = null)
    {
        snapshot = result.Snapshot ?? snapshot;
        snapshot?.ReleaseTables(); // written: the grain keeps silver and the analytics, not the tables
        state.State.Imports.Add(result.Report);
        RememberKey(idempotencyKey, result.Report.ImportId);
        if (result.Manifest is not null)
        {
            state.State.LakeVersion = result.Manifest.Version;
            await EnsureRemindersAsync();
        }

        await state.WriteStateAsync();
    }

    /// <summary>The daily forecast and weekly report reminders, once the person has data.</summary>
    private async Task EnsureRemindersAsync()
    {
        await EnsureForecastReminderAsync();
        await EnsureReportReminderAsync();
    }

    public async Task<SyntheticResult> GenerateSyntheticAsync(int days, int seed)
    {
        var profile = state.State.Profile ?? throw new UserValidationException($"There is no user '{Id}'.");
        if (days is < 1 or > 3660)
        {
            throw new UserValidationException("days must be between 1 and 3660.");
        }

        TimeZones.TryGet(profile.TimeZone, out var zone);
        var yesterday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone!).DateTime).AddDays(-1);
        var data = SyntheticPerson.Generate(seed, days, yesterday);
        var result = await CommitOwnBatchAsync(data.Batch, "syn", $"synthetic?days={days}&seed={seed}",
            beforeWrite: () => state.State.SyntheticEvents = [.. state.State.SyntheticEvents.Union(data.Events)]);
        return new SyntheticResult(result.Report, data.Events);
    }

    public async Task<JournalWritten> WriteJournalAsync(DateOnly? day, string text)
    {
        _ = state.State.Profile ?? throw new UserValidationException($"There is no user '{Id}'.");
        text = (text ?? "").Trim();
        if (text.Length == 0)
        {
            throw new UserValidationException("The journal entry is empty: write what happened today (for example \"two glasses of wine, stressful day at work\").");
        }

        if (text.Length > JournalEntries.MaxLength)
        {
            throw new UserValidationException($"A journal entry is at most {JournalEntries.MaxLength} characters; this one has {text.Length}.");
        }

        var on = CheckJournalDay(day);
        var features = JournalExtractor.Extract(text);
        var batch = JournalEntries.Batch(await SilverAsync(), on, text, features);
        var result = await CommitOwnBatchAsync(batch, "jrn", $"journal {on:yyyy-MM-dd}");
        return new JournalWritten(new JournalEntry(on, text, features), result.Report);
    }

    public async Task<FeedbackWritten> WriteFeedbackAsync(DateOnly? day, int? energy, int? mood, int? exertion, string? notes)
    {
        _ = state.State.Profile ?? throw new UserValidationException($"There is no user '{Id}'.");
        if (DailyFeedback.Problem(energy, mood, exertion, notes) is { } problem)
        {
            throw new UserValidationException(problem);
        }

        var on = CheckJournalDay(day);
        var result = await CommitOwnBatchAsync(DailyFeedback.Batch(new DayFeedback(on, energy, mood, exertion, notes)), "fbk", $"feedback {on:yyyy-MM-dd}");
        return new FeedbackWritten(DailyFeedback.Read(await SilverAsync(), on, on).Single(), result.Report);
    }

    public async Task<IReadOnlyList<DayFeedback>> GetFeedbackAsync(DateOnly? fromDate, DateOnly? toDate) =>
        DailyFeedback.Read(await SilverAsync(), fromDate, toDate);

    // A day a person writes about: today by default; not in the future, not more than ten years back.
    private DateOnly CheckJournalDay(DateOnly? day)
    {
        var today = Today();
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
    private async Task<IngestResult> CommitOwnBatchAsync(ImportBatch batch, string prefix, string name, Action? beforeWrite = null)
    {
        var current = await SilverAsync();
        var importId = $"{prefix}-{time.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}";
        IngestResult result;
        try
        {
            var prior = state.State.Imports.Where(i => i.Status == ImportReport.Completed).Select(i => i.ImportId).ToList();
            var (version, previous) = (state.State.LakeVersion, await SnapshotAsync());
            result = await Task.Run(() => pipeline.CommitBatchAsync(Id, current, version, prior, batch, importId, name, previous));
        }
        catch
        {
            (silver, snapshot) = (null, null);
            throw;
        }

        beforeWrite?.Invoke();
        await AcceptAsync(result);
        return result;
    }

    public async Task<IReadOnlyList<JournalEntry>> GetJournalAsync(DateOnly? fromDate, DateOnly? toDate) =>
        JournalEntries.Read(await SilverAsync(), fromDate, toDate);

    public Task<IReadOnlyList<ImportReport>> GetImportsAsync() =>
        Task.FromResult<IReadOnlyList<ImportReport>>([.. state.State.Imports]);

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

    public async Task<DayStatus> GetStatusAsync(DateOnly? day)
    {
        // The latest day's status outlives the data it came from (see TrimAsync): the dashboard's most
        // frequent read does not bring a person's history back into memory.
        if (snapshot is null && latestStatus is { } kept && kept.Version == state.State.LakeVersion && (day is null || day == kept.Status.Date))
        {
            return kept.Status;
        }

        var analysis = (await SnapshotAsync()).Analysis;
        var series = analysis.Series;
        if (series.Length == 0)
        {
            throw new NoDataException("There is no data yet: upload an export (POST /api/users/{id}/imports) and Bio will work out your status.");
        }

        var date = day ?? series.Last;
        if (date < series.First || date > series.Last)
        {
            throw new NoDataException($"There is no data for {date:yyyy-MM-dd}: your data runs from {series.First:yyyy-MM-dd} to {series.Last:yyyy-MM-dd}.");
        }

        var status = DayStatus.Of(analysis, date);
        if (date == series.Last)
        {
            latestStatus = (state.State.LakeVersion, status);
        }

        return status;
    }

    public async Task<string?> GetGoldAsync(string view, DateOnly? fromDate, DateOnly? toDate) =>
        (await SnapshotAsync()).GoldJson(view, fromDate, toDate);

    public async Task<IReadOnlyList<Insight>> GetInsightsAsync(DateOnly? fromDate, DateOnly? toDate) =>
        Insights.Compute((await SnapshotAsync()).Analysis, fromDate, toDate);

    public async Task<HrvForecast> GetForecastAsync()
    {
        var (features, _) = await RunForecastCycleAsync();
        var latestPooled = forecastLog!.Where(r => r.Horizon == 1).MaxBy(r => r.Origin)?.Method == ForecastMethods.Pooled;
        var forecast = (latestPooled ? await Task.Run(() => Forecaster.Present(features, registry!, forecastLog!, servingModel, pooled.Get()))
                             : Forecaster.Present(features, registry!, forecastLog!, servingModel)) ?? throw new NoDataException(
            "There is no recent HRV to forecast from: Bio needs at least 3 HRV readings in the last 7 days of your data.");
        // The chat model writes the note from the numbers; one that invents a number is not used.
        if (await NarrateAsync((chat, ct) => ForecastNarrator.WriteAsync(chat, forecast, ct)) is { } written)
        {
            forecast = forecast with { Narrative = written, NarrativeBy = ForecastNarrator.ChatModel };
        }

        return forecast;
    }

    public async Task<ForecastHistory> GetForecastHistoryAsync()
    {
        var (features, _) = await RunForecastCycleAsync();
        var through = features.Length == 0 ? Today() : features.Analysis.Series.Last;
        return new ForecastHistory([.. forecastLog!.Where(r => r.Horizon == 1)], ForecastCycle.Rolling(forecastLog!, through), [.. registry!.Events]);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == DailyReminder && state.State.Profile is not null)
        {
            await RunForecastCycleAsync();
        }
        else if (reminderName == WeeklyReminder && state.State.Profile is { } profile && TimeZones.TryGet(profile.TimeZone, out var zone))
        {
            // Re-aim at next week's local 07:00 (a fixed UTC period would drift an hour across a clock change).
            var options = reportOptions.Value;
            await this.RegisterOrUpdateReminder(WeeklyReminder, options.NextDue(time.GetUtcNow(), zone!), options.Period);
            var week = WeeklyReports.LastCompleteWeekEnding(Today());
            var series = (await SnapshotAsync()).Analysis.Series;
            if (series.Length > 0 && series.Last >= week.AddDays(-6) && series.First <= week)
            {
                await GenerateReportAsync(week, WeeklyReports.ByReminder);
            }
        }
    }

    /// <summary>
    /// The daily cycle: score forecasts whose morning has come, retrain when due (champion/challenger),
    /// issue the forecast from the latest day, and store what changed. Cheap when nothing is due.
    /// </summary>
    private async Task<(ForecastFeatures Features, CycleOutcome Outcome)> RunForecastCycleAsync()
    {
        var current = await SnapshotAsync();
        registry ??= await forecasts.ReadRegistryAsync(Id);
        forecastLog ??= await forecasts.ReadLogAsync(Id);
        var features = new ForecastFeatures(current.Analysis);
        var series = current.Analysis.Series;
        if (servingModel is null && registry.Champion is { } version && registry.Models.Find(m => m.Version == version) is { } entry && series.Length > 0)
        {
            servingModel = await forecasts.LoadModelAsync(Id, entry, Math.Clamp(series.Index(entry.DataTo), 0, series.Length - 1), new ForecastSettings());
        }

        var before = (registry.Events.Count, forecastLog.Count);
        CycleOutcome outcome;
        try
        {
            // Training is CPU work: off the Orleans scheduler, while this grain waits for it.
            outcome = await Task.Run(() => ForecastCycle.Run(features, registry, servingModel, forecastLog, time.GetUtcNow(), pooled: pooled.Get));
            if (outcome.NewModel is { } added)
            {
                await forecasts.SaveModelAsync(Id, added.Version, added.Model);
            }

            if (outcome.Scored > 0 || before != (registry.Events.Count, forecastLog.Count))
            {
                await forecasts.WriteRegistryAsync(Id, registry);
                await forecasts.WriteLogAsync(Id, forecastLog);
            }

            foreach (var retired in outcome.Retired)
            {
                await forecasts.DeleteModelAsync(Id, retired);
            }
        }
        catch
        {
            (registry, forecastLog, servingModel) = (null, null, null); // storage is the truth
            throw;
        }

        servingModel = outcome.Serving;
        return (features, outcome);
    }

    private async Task EnsureForecastReminderAsync()
    {
        if (state.State.ForecastReminder || state.State.Profile is not { } profile || !TimeZones.TryGet(profile.TimeZone, out var zone))
        {
            return;
        }

        var options = forecasting.Value;
        await this.RegisterOrUpdateReminder(DailyReminder, options.FirstDue(time.GetUtcNow(), zone!), options.Period);
        state.State.ForecastReminder = true;
    }

    private async Task EnsureReportReminderAsync()
    {
        if (state.State.ReportReminder || state.State.Profile is not { } profile || !TimeZones.TryGet(profile.TimeZone, out var zone))
        {
            return;
        }

        var options = reportOptions.Value;
        await this.RegisterOrUpdateReminder(WeeklyReminder, options.NextDue(time.GetUtcNow(), zone!), options.Period);
        state.State.ReportReminder = true;
    }

    public async Task<StoredReport> GenerateReportAsync(DateOnly weekEnding, string trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        var profile = state.State.Profile ?? throw new UserValidationException($"There is no user '{Id}'.");
        WeeklyReports.CheckWeekEnding(weekEnding);
        // Forecasts whose morning has come are scored first (cheap when none is due): a report written
        // by the Monday reminder before the day's forecasting cycle would otherwise miss the week's last.
        await RunForecastCycleAsync();
        var current = await SnapshotAsync();
        var weekly = (IReadOnlyList<WeeklyTrendRow>)current.Rows("gold", "weekly_trends")!;
        var log = forecastLog!;
        var journal = (IReadOnlyList<JournalRow>)current.Rows("silver", "journal")!;
        var feedback = (IReadOnlyList<FeedbackRow>)current.Rows("silver", "feedback")!;
        var report = await Task.Run(() => WeeklyReports.Build(current.Analysis, weekly, log, weekEnding, profile.DisplayName, time.GetUtcNow(), trigger, journal, feedback));
        if (await NarrateAsync((chat, ct) => ReportNarrator.WriteAsync(chat, report, ct)) is { } written)
        {
            report = report with { Narrative = written, NarrativeBy = ReportNarrator.ChatModel };
        }

        var stored = new StoredReport(report, ReportHtml.Render(report));
        await reports.SaveAsync(Id, stored);
        return stored;
    }

    /// <summary>
    /// The chat model's text from <paramref name="write"/>, or null without a model, when it fails or
    /// takes over 20 s, or when the writer refused its text: the templated narrative then stands.
    /// </summary>
    private async Task<string?> NarrateAsync(Func<Microsoft.Extensions.AI.IChatClient, CancellationToken, Task<string?>> write)
    {
        if (chatModel.Client is not { } chat)
        {
            return null;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            return await write(chat, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException or System.ClientModel.ClientResultException)
        {
            return null;
        }
    }

    public Task<StoredReport?> GetReportAsync(DateOnly weekEnding) => reports.ReadAsync(Id, weekEnding);

    public Task<IReadOnlyList<ReportInfo>> GetReportsAsync() => reports.ListAsync(Id);

    public async Task<ForecastBacktest> BacktestAsync()
    {
        var current = await SnapshotAsync();
        return await Task.Run(() => ForecastBacktest.Of(Backtest.Run(new ForecastFeatures(current.Analysis))));
    }

    public async Task<string> QueryAsync(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var sandbox = await SandboxAsync();
        return await Task.Run(() => sandbox.QueryJson(sql));
    }

    public async Task<IReadOnlyList<Bio.Core.Query.SqlTable>> GetSchemaAsync() => (await SandboxAsync()).Tables;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // People who had data before weekly reports existed get the reminder on their next activation.
        if (state.State.LakeVersion > 0 && !state.State.ReportReminder)
        {
            await EnsureReportReminderAsync();
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        sql?.Sandbox.Dispose();
        sql = null;
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    private async Task<Bio.Core.Query.SqlSandbox> SandboxAsync()
    {
        var current = await SnapshotAsync();
        if (sql is not { } cached || !ReferenceEquals(cached.Of, current))
        {
            sql?.Sandbox.Dispose();
            cached = (current, await Task.Run(() => Bio.Core.Query.SqlSandbox.Create(current)));
            sql = cached;
            current.ReleaseTables(); // the sandbox holds its own copy
        }

        Touch();
        return cached.Sandbox;
    }

    // Between uses a grain keeps only its state and the latest day's status. After Query:SandboxIdle
    // without a call that needed more, the SQL sandbox (a DuckDB database in native memory), silver,
    // the analytics and the forecasting state go; each is read back from Blob storage by the next call
    // that needs it, as after a reactivation. A person with years of data holds ~2 MiB while in use and
    // a few KiB when idle (docs/benchmarks.md). The timer's turns do not interleave with calls.
    private IGrainTimer? trimTimer;
    private DateTimeOffset lastHeavyUse;
    private (int Version, DayStatus Status)? latestStatus;

    private void Touch()
    {
        lastHeavyUse = TimeProvider.System.GetUtcNow();
        var idle = queryOptions.Value.SandboxIdle;
        trimTimer ??= this.RegisterGrainTimer(TrimAsync, new GrainTimerCreationOptions(idle, idle) { KeepAlive = false });
    }

    private Task TrimAsync(CancellationToken ct)
    {
        if (TimeProvider.System.GetUtcNow() - lastHeavyUse >= queryOptions.Value.SandboxIdle)
        {
            sql?.Sandbox.Dispose();
            (silver, snapshot, sql, registry, forecastLog, servingModel) = (null, null, null, null, null, null);
            trimTimer?.Dispose();
            trimTimer = null;
        }

        return Task.CompletedTask;
    }

    public Task<GrainResidency> GetResidencyAsync() =>
        Task.FromResult(new GrainResidency(silver is not null, snapshot is not null, sql is not null, registry is not null || forecastLog is not null, latestStatus is not null));

    public async Task<ChatContext> GetChatContextAsync(string? conversationId)
    {
        var profile = state.State.Profile ?? throw new UserValidationException($"There is no user '{Id}'.");
        TimeZones.TryGet(profile.TimeZone, out var zone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone!).DateTime);
        var series = (await SnapshotAsync()).Analysis.Series;
        var id = conversationId ?? $"c-{Guid.NewGuid():N}"[..18];
        var turns = conversations.TryGetValue(id, out var existing) ? [.. existing] : new List<ConversationTurn>();
        return new ChatContext(id, today, series.Length == 0 ? null : series.First, series.Length == 0 ? null : series.Last, state.State.LakeVersion, turns);
    }

    public Task<ChatAnswer?> GetCachedAnswerAsync(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var stamp = (state.State.LakeVersion, Today());
        if (answerCache.Stamp != stamp)
        {
            answerCache = (stamp, new Dictionary<string, ChatAnswer>(StringComparer.Ordinal));
        }

        return Task.FromResult(answerCache.Answers.GetValueOrDefault(key));
    }

    public Task RecordChatTurnAsync(string conversationId, ConversationTurn turn, string? cacheKey, ChatAnswer? answer)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        ArgumentNullException.ThrowIfNull(turn);
        if (!conversations.TryGetValue(conversationId, out var turns))
        {
            if (conversations.Count >= MaxConversations)
            {
                conversations.Remove(conversations.MinBy(c => c.Value[^1].At).Key);
            }

            conversations[conversationId] = turns = [];
        }

        turns.Add(turn);
        if (turns.Count > MaxTurns)
        {
            turns.RemoveAt(0);
        }

        if (cacheKey is not null && answer is not null && answerCache.Stamp == (state.State.LakeVersion, Today()))
        {
            if (answerCache.Answers.Count >= MaxCachedAnswers)
            {
                answerCache.Answers.Clear();
            }

            answerCache.Answers[cacheKey] = answer;
        }

        return Task.CompletedTask;
    }

    private DateOnly Today()
    {
        var zone = state.State.Profile is { } p && TimeZones.TryGet(p.TimeZone, out var z) ? z! : TimeZoneInfo.Utc;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
    }

    public async Task<LakeManifest?> GetLakeAsync() =>
        state.State.LakeVersion == 0 ? null : await lake.ReadManifestAsync(Id, state.State.LakeVersion);

    private async Task<Silver> SilverAsync()
    {
        Touch();
        if (silver is not null)
        {
            return silver;
        }

        var manifest = state.State.LakeVersion == 0 ? null : await lake.ReadManifestAsync(Id, state.State.LakeVersion);
        silver = manifest is null
            ? new Silver()
            : SilverTables.Load(
                await lake.ReadTableAsync<DailyRow>(manifest, "silver", "daily"),
                await lake.ReadTableAsync<WorkoutRow>(manifest, "silver", "workouts"),
                await lake.ReadTableAsync<JournalRow>(manifest, "silver", "journal"),
                await lake.ReadTableAsync<QuarantineParquetRow>(manifest, "silver", "quarantine"),
                await lake.ReadTableAsync<DqLogParquetRow>(manifest, "silver", "dq_log"),
                await lake.ReadTableAsync<FeedbackRow>(manifest, "silver", "feedback"));
        return silver;
    }

    private async Task<LakeSnapshot> SnapshotAsync()
    {
        Touch();
        if (snapshot is null)
        {
            var current = await SilverAsync();
            snapshot = new LakeSnapshot(current, Analysis.Run(DaySeries.FromSilver(current), options: analysisOptions));
        }

        return snapshot;
    }

    private static bool InRange(DateOnly date, DateOnly? from, DateOnly? to) =>
        (from is null || date >= from) && (to is null || date <= to);

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

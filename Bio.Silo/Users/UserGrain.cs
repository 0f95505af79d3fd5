using Bio.Core.Agent;
using Bio.Core.Analytics;
using Bio.Core.Forecasting;
using Bio.Core.Ingest;
using Bio.Core.Lake;
using Bio.Core.Reports;
using Bio.Core.Users;
using Bio.ServiceDefaults;

namespace Bio.Silo.Users;

/// <summary>
/// A person's data (see <see cref="IUserGrain"/>). The long jobs (imports, journal and ratings, synthetic
/// data, the forecast cycle, reports, erasing) are interleaving calls queued one after another (<see cref="ExclusiveAsync{T}"/>): each computes on a copy off the Orleans scheduler and publishes the new lake version in one step,
/// so the ordinary calls (every read) run while it waits and see the last complete version. Every state
/// write is made inside the gate, so writes never overlap. This file holds the gate, the caches and their
/// loaders; the imports, forecasts, reports and chat are in the files beside it.
/// </summary>
public sealed partial class UserGrain(
    [PersistentState("user", ResourceNames.UserStateStore)] IPersistentState<UserState> state,
    LakeStore lake,
    IngestPipeline pipeline,
    AnalysisOptions analysisOptions,
    ForecastStore forecasts,
    ChatModel chatModel,
    Microsoft.Extensions.Options.IOptions<ForecastingOptions> forecasting,
    ReportStore reports,
    Microsoft.Extensions.Options.IOptions<ReportOptions> reportOptions,
    Microsoft.Extensions.Options.IOptions<Bio.Core.Query.QueryOptions> queryOptions,
    [FromKeyedServices(Extensions.UserClock)] TimeProvider time,
    WorkHooks hooks,
    ILogger<UserGrain> logger) : Grain, IUserGrain, IRemindable, IIncomingGrainCallFilter
{
    public const string DailyReminder = "daily-forecast";
    public const string WeeklyReminder = "weekly-report";

    private readonly DataCache cache = new();

    // The long jobs, one at a time (they interleave with reads, never with each other): the last one queued.
    private Task lastJob = Task.CompletedTask;

    private string Id => this.GetPrimaryKeyString();

    /// <summary>A write that meets a state changed under it reads again and redoes the call (<see cref="StateConflicts"/>).</summary>
    public Task Invoke(IIncomingGrainCallContext context) =>
        StateConflicts.InvokeAsync(context, state.ReadStateAsync, () => cache.Reset(all: true), logger);

    /// <summary>
    /// Runs a long job after the ones before it (reads go on meanwhile), in a span of its own, counting how
    /// long it waited and ran (<see cref="Bio.Core.BioTelemetry"/>, tagged with the calling method's name).
    /// </summary>
    private async Task<T> ExclusiveAsync<T>(Func<Task<T>> job, [System.Runtime.CompilerServices.CallerMemberName] string name = "")
    {
        var before = lastJob;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lastJob = done.Task;
        var queued = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            await before;
            Bio.Core.BioTelemetry.WorkWaitMilliseconds.Record(System.Diagnostics.Stopwatch.GetElapsedTime(queued).TotalMilliseconds, new KeyValuePair<string, object?>("job", name));
            using var span = Bio.Core.BioTelemetry.Source.StartActivity($"bio.work {name}");
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                return await job();
            }
            catch
            {
                outcome = "error";
                throw;
            }
            finally
            {
                Bio.Core.BioTelemetry.WorkMilliseconds.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                    new KeyValuePair<string, object?>("job", name), new KeyValuePair<string, object?>("outcome", outcome));
            }
        }
        finally
        {
            done.SetResult();
        }
    }

    private Task<bool> ExclusiveAsync(Func<Task> job, [System.Runtime.CompilerServices.CallerMemberName] string name = "") => ExclusiveAsync(async () =>
    {
        await job();
        return true;
    }, name);

    /// <summary>The account's profile; a person without one does not exist.</summary>
    private async Task<UserProfile> ProfileAsync() =>
        await GrainFactory.GetGrain<IAccountGrain>(Id).GetProfileAsync() ?? throw new UserValidationException($"There is no user '{Id}'.");

    private static TimeZoneInfo Zone(UserProfile profile) => TimeZones.TryGet(profile.TimeZone, out var zone) ? zone! : TimeZoneInfo.Utc;

    private DateOnly Today(UserProfile profile) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone(profile)).DateTime);

    public Task<int> EraseAsync() => ExclusiveAsync(async () =>
    {
        foreach (var name in new[] { DailyReminder, WeeklyReminder })
        {
            if (await this.GetReminder(name) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }

        await state.ClearStateAsync();
        state.State = new UserState();
        // Every blob; a second pass catches anything written meanwhile.
        var deleted = await lake.DeleteAllAsync(Id);
        deleted += await lake.DeleteAllAsync(Id);
        cache.Reset(all: true);
        ClearChat();
        DeactivateOnIdle();
        return deleted;
    });

    public Task TimeZoneChangedAsync() => ExclusiveAsync(async () =>
    {
        (state.State.ForecastReminder, state.State.ReportReminder) = (false, false);
        if (state.State.LakeVersion > 0)
        {
            await EnsureRemindersAsync(await ProfileAsync());
        }

        await state.WriteStateAsync();
    });

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // People who had data before weekly reports existed get the reminder on their next activation.
        if (state.State.LakeVersion > 0 && !state.State.ReportReminder && await GrainFactory.GetGrain<IAccountGrain>(Id).GetProfileAsync() is { } profile)
        {
            await EnsureReportReminderAsync(profile);
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        cache.Reset(all: true);
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    public async Task<LakeManifest?> GetLakeAsync() =>
        state.State.LakeVersion == 0 ? null : await lake.ReadManifestAsync(Id, state.State.LakeVersion);

    /// <summary>Silver of the current lake version (loaded once per version, shared by every caller).</summary>
    private Task<Silver> SilverAsync()
    {
        Touch();
        var version = state.State.LakeVersion;
        if (DataCache.Current(cache.Silver, version) is { } loaded)
        {
            return loaded;
        }

        var load = LoadSilverAsync(version);
        cache.Silver = (version, load);
        return load;
    }

    private async Task<Silver> LoadSilverAsync(int version) =>
        await LakeTables.LoadSilverAsync(lake, version == 0 ? null : await lake.ReadManifestAsync(Id, version));

    /// <summary>The snapshot (tables and analytics) of the current lake version.</summary>
    private Task<LakeSnapshot> SnapshotAsync()
    {
        Touch();
        var version = state.State.LakeVersion;
        if (DataCache.Current(cache.Snapshot, version) is { } loaded)
        {
            return loaded;
        }

        var load = LoadSnapshotAsync();
        cache.Snapshot = (version, load);
        return load;
    }

    private async Task<LakeSnapshot> LoadSnapshotAsync()
    {
        var silver = await SilverAsync();
        return await Task.Run(() => new LakeSnapshot(silver, Analysis.Run(DaySeries.FromSilver(silver), options: analysisOptions)));
    }

    // Between uses a grain keeps only its state and the latest day's status. After Query:SandboxIdle
    // without a call that needed more, the SQL sandbox (a DuckDB database in native memory), silver,
    // the analytics and the forecasting state go; each is read back from Blob storage by the next call
    // that needs it, as after a reactivation. A person with years of data holds ~2 MiB while in use and
    // a few KiB when idle (docs/benchmarks.md). The timer does not trim while a long job runs.
    private IGrainTimer? trimTimer;
    private DateTimeOffset lastHeavyUse;

    private void Touch()
    {
        lastHeavyUse = TimeProvider.System.GetUtcNow();
        var idle = queryOptions.Value.SandboxIdle;
        trimTimer ??= this.RegisterGrainTimer(TrimAsync, new GrainTimerCreationOptions(idle, idle) { KeepAlive = false });
    }

    private Task TrimAsync(CancellationToken ct)
    {
        if (lastJob.IsCompleted && TimeProvider.System.GetUtcNow() - lastHeavyUse >= queryOptions.Value.SandboxIdle)
        {
            cache.Reset();
            ClearAnswers();
            trimTimer?.Dispose();
            trimTimer = null;
        }

        return Task.CompletedTask;
    }

    public Task<GrainResidency> GetResidencyAsync() =>
        Task.FromResult(new GrainResidency(cache.Silver is not null, cache.Snapshot is not null, cache.Sql is not null,
            cache.Registry is not null || cache.ForecastLog is not null, cache.LatestStatus is not null, answerCache.Answers?.Count ?? 0));

    private static bool InRange(DateOnly date, DateOnly? from, DateOnly? to) =>
        (from is null || date >= from) && (to is null || date <= to);
}

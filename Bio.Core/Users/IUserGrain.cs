using Bio.Core.Analytics;
using Bio.Core.Auth;
using Bio.Core.Forecasting;
using Bio.Core.Ingest;
using Bio.Core.Lake;
using Bio.Core.Synthetic;
using Orleans.Concurrency;

namespace Bio.Core.Users;

/// <summary>
/// One person's data, keyed by their user id (see <see cref="UserId"/>): imports and their idempotency
/// keys, the lake version, the analytics, forecasts, reports, the SQL sandbox and the agent's memory.
/// The account (profile, keys, coaches) is <see cref="IAccountGrain"/>.
/// Long work (imports, journal writes, the forecast cycle, backtests, reports; marked
/// <see cref="AlwaysInterleaveAttribute"/>) runs one at a time among itself and never holds the person: it
/// computes on its own copy, off the Orleans scheduler, and publishes the new version in one step at the
/// end, while the reads (the other methods) are answered from the last complete version meanwhile.
/// Its facets (<see cref="IImportsGrain"/>, <see cref="IDayDataGrain"/>, <see cref="IForecastsGrain"/>,
/// <see cref="IQueryGrain"/>, <see cref="IReportsGrain"/>, <see cref="IJournalGrain"/>) are the same activation:
/// each API area asks for the facet it calls.
/// </summary>
[Alias("bio.IUserGrain")]
public interface IUserGrain : IImportsGrain, IDayDataGrain, IForecastsGrain, IQueryGrain, IReportsGrain, IJournalGrain, IPlansGrain
{
    /// <summary>
    /// Erases everything of the person's data: reminders, every blob under their prefix (bronze, lake,
    /// forecasting, reports), the state and the caches. Called by the account's <see cref="IAccountGrain.DeleteAsync"/>
    /// once the account is gone; waits for long work in progress to end first. Returns how many blobs were deleted.
    /// </summary>
    [Alias("EraseAsync"), AlwaysInterleave]
    Task<int> EraseAsync();

    /// <summary>The account's time zone changed: the daily and weekly reminders aim at the new zone's mornings.</summary>
    [Alias("TimeZoneChangedAsync"), AlwaysInterleave]
    Task TimeZoneChangedAsync();

    /// <summary>The work a reminder tick starts (the daily forecast cycle, the weekly report), run beside reads; called by the grain's own ticks.</summary>
    [Alias("RunReminderAsync"), AlwaysInterleave]
    Task RunReminderAsync(string reminderName);

    /// <summary>What the activation holds in memory now (for operators and the tests of idle trimming).</summary>
    [Alias("GetResidencyAsync")]
    Task<GrainResidency> GetResidencyAsync();
}

/// <summary>A person's imports: uploads, restores and synthetic data, their reports and quarantine, the lake version. A facet of <see cref="IUserGrain"/>.</summary>
[Alias("bio.IImportsGrain")]
public interface IImportsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Imports a raw upload already in the user's bronze: detects the format (or checks the declared
    /// source), parses, merges into silver and writes a new lake version when anything changed.
    /// A file Bio cannot read comes back as a report with status "rejected" and the reason.
    /// </summary>
    [Alias("IngestAsync"), AlwaysInterleave]
    Task<ImportReport> IngestAsync(BronzeRef bronze, string? declaredSource, string? mapping);

    /// <summary>
    /// Imports several files already in bronze together (the pages of one sync), each with its own report,
    /// into one new lake version when anything changed.
    /// </summary>
    [Alias("IngestPagesAsync"), AlwaysInterleave, ResponseTimeout("00:10:00")] // a backfill's pages on a busy silo can take minutes
    Task<IReadOnlyList<ImportReport>> IngestPagesAsync(IReadOnlyList<BronzeRef> pages, string? declaredSource);

    /// <summary>
    /// <see cref="IngestAsync"/> at most once per client <paramref name="idempotencyKey"/>: a retry with
    /// the same key (after a timeout, say) gets the first attempt's report back and changes nothing.
    /// </summary>
    [Alias("IngestOnceAsync"), AlwaysInterleave]
    Task<ImportReport> IngestOnceAsync(BronzeRef bronze, string? declaredSource, string? mapping, string idempotencyKey);

    /// <summary>The report of the import made under <paramref name="idempotencyKey"/>, or null.</summary>
    [Alias("FindImportAsync")]
    Task<ImportReport?> FindImportAsync(string idempotencyKey);

    [Alias("GetImportsAsync")]
    Task<IReadOnlyList<ImportReport>> GetImportsAsync();

    [Alias("GetQuarantineAsync")]
    Task<IReadOnlyList<QuarantineItem>> GetQuarantineAsync();

    /// <summary>
    /// Fills the user with a synthetic person's data (<paramref name="days"/> days ending yesterday in
    /// their time zone), merged like any import, and records the ground-truth events behind it.
    /// </summary>
    [Alias("GenerateSyntheticAsync"), AlwaysInterleave]
    Task<SyntheticResult> GenerateSyntheticAsync(int days, int seed);

    /// <summary>The current lake version's manifest, or null before the first import.</summary>
    [Alias("GetLakeAsync")]
    Task<LakeManifest?> GetLakeAsync();
}

/// <summary>A person's days as read back: daily values, workouts, the day's status, gold views and insights. A facet of <see cref="IUserGrain"/>.</summary>
[Alias("bio.IDayDataGrain")]
public interface IDayDataGrain : IGrainWithStringKey
{
    [Alias("GetDailyAsync")]
    Task<IReadOnlyList<DailyValues>> GetDailyAsync(DateOnly? fromDate, DateOnly? toDate);

    [Alias("GetWorkoutsAsync")]
    Task<IReadOnlyList<WorkoutItem>> GetWorkoutsAsync(DateOnly? fromDate, DateOnly? toDate);

    /// <summary>
    /// Bio's status for one day (default: the latest day with data). Throws <see cref="NoDataException"/>
    /// for a day outside the person's data.
    /// </summary>
    [Alias("GetStatusAsync")]
    Task<DayStatus> GetStatusAsync(DateOnly? day);

    /// <summary>
    /// One gold view's rows as a JSON array (snake_case columns), optionally limited to dates from/to;
    /// null when there is no such view.
    /// </summary>
    [Alias("GetGoldAsync")]
    Task<string?> GetGoldAsync(string view, DateOnly? fromDate, DateOnly? toDate);

    /// <summary>The five signature insights over the dates from/to (default: all).</summary>
    [Alias("GetInsightsAsync")]
    Task<IReadOnlyList<Insight>> GetInsightsAsync(DateOnly? fromDate, DateOnly? toDate);
}

/// <summary>A person's HRV forecasts: the served forecast, its scored history, backtests. A facet of <see cref="IUserGrain"/>.</summary>
[Alias("bio.IForecastsGrain")]
public interface IForecastsGrain : IGrainWithStringKey
{
    /// <summary>
    /// The HRV forecast for the next seven mornings after the latest day with data, with intervals, the
    /// method served and why, and the drivers (the daily cycle runs first if the data moved on).
    /// Throws <see cref="NoDataException"/> without recent HRV.
    /// </summary>
    [Alias("GetForecastAsync"), AlwaysInterleave]
    Task<HrvForecast> GetForecastAsync();

    /// <summary>Every scored next-day forecast, the rolling 28-day accuracy per method, and the registry's log.</summary>
    [Alias("GetForecastHistoryAsync"), AlwaysInterleave]
    Task<ForecastHistory> GetForecastHistoryAsync();

    /// <summary>A walk-forward backtest of the person's whole history.</summary>
    [Alias("BacktestAsync"), AlwaysInterleave]
    Task<ForecastBacktest> BacktestAsync();
}

/// <summary>A person's SQL sandbox and the agent's memory (conversations and the answer cache). A facet of <see cref="IUserGrain"/>.</summary>
[Alias("bio.IQueryGrain")]
public interface IQueryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Runs one read-only SELECT over the person's own tables in their sandbox and returns
    /// <c>{columns, rows, truncated}</c> as JSON; throws <see cref="Query.SqlRefusedException"/> with the reason otherwise.
    /// </summary>
    [Alias("QueryAsync")]
    Task<string> QueryAsync(string sql);

    /// <summary>The tables and columns the person's SQL can use.</summary>
    [Alias("GetSchemaAsync")]
    Task<IReadOnlyList<Query.SqlTable>> GetSchemaAsync();

    /// <summary>
    /// The agent's context for a question: the conversation (a new one when <paramref name="conversationId"/>
    /// is null or unknown), the person's local today, their data's span and the lake version.
    /// </summary>
    [Alias("GetChatContextAsync")]
    Task<Agent.ChatContext> GetChatContextAsync(string? conversationId);

    /// <summary>The answer cached under <paramref name="key"/> on the current lake version today, or null.</summary>
    [Alias("GetCachedAnswerAsync")]
    Task<Agent.ChatAnswer?> GetCachedAnswerAsync(string key);

    /// <summary>Adds a turn to the conversation and, when <paramref name="cacheKey"/> is given, caches the answer.</summary>
    [Alias("RecordChatTurnAsync")]
    Task RecordChatTurnAsync(string conversationId, Agent.ConversationTurn turn, string? cacheKey, Agent.ChatAnswer? answer);
}

/// <summary>A person's weekly reports. A facet of <see cref="IUserGrain"/>.</summary>
[Alias("bio.IReportsGrain")]
public interface IReportsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Generates (and stores) the weekly report for the ISO week ending on the Sunday <paramref name="weekEnding"/>;
    /// throws <see cref="Reports.ReportWeekException"/> for a day that is not a Sunday and <see cref="NoDataException"/> for a week without data.
    /// </summary>
    [Alias("GenerateReportAsync"), AlwaysInterleave]
    Task<Reports.StoredReport> GenerateReportAsync(DateOnly weekEnding, string trigger);

    /// <summary>The stored report for the week ending <paramref name="weekEnding"/>, or null when none was generated.</summary>
    [Alias("GetReportAsync")]
    Task<Reports.StoredReport?> GetReportAsync(DateOnly weekEnding);

    /// <summary>Every stored weekly report, newest first.</summary>
    [Alias("GetReportsAsync")]
    Task<IReadOnlyList<Reports.ReportInfo>> GetReportsAsync();
}

/// <summary>A person's training plans and their history. A facet of <see cref="IUserGrain"/>.</summary>
[Alias("bio.IPlansGrain")]
public interface IPlansGrain : IGrainWithStringKey
{
    /// <summary>
    /// The plan for the seven days from the person's today (<see cref="Plans.Planner"/>), made again when the
    /// data or the day changed, and kept in the history when it differs from the last one issued. Throws
    /// <see cref="NoDataException"/> without recent data.
    /// </summary>
    [Alias("GetPlanAsync"), AlwaysInterleave]
    Task<Plans.TrainingPlan> GetPlanAsync();

    /// <summary>Every issued plan, each past day planned against done, and adherence per week.</summary>
    [Alias("GetPlanHistoryAsync"), AlwaysInterleave]
    Task<Plans.PlanHistory> GetPlanHistoryAsync();
}

/// <summary>A person's journal entries and daily ratings. A facet of <see cref="IUserGrain"/>.</summary>
[Alias("bio.IJournalGrain")]
public interface IJournalGrain : IGrainWithStringKey
{
    /// <summary>
    /// Writes the person's journal entry for a day (default: today in their time zone), replacing that
    /// day's earlier entry; the behaviour features read in it go into silver's journal table.
    /// </summary>
    [Alias("WriteJournalAsync"), AlwaysInterleave]
    Task<Journal.JournalWritten> WriteJournalAsync(DateOnly? day, string text);

    /// <summary>The person's typed journal entries, optionally from/to, oldest first.</summary>
    [Alias("GetJournalAsync")]
    Task<IReadOnlyList<Journal.JournalEntry>> GetJournalAsync(DateOnly? fromDate, DateOnly? toDate);

    /// <summary>Records how a day felt (default: today): energy and mood 1-5, exertion 0-10, notes; replacing that day's earlier feedback.</summary>
    [Alias("WriteFeedbackAsync"), AlwaysInterleave]
    Task<Journal.FeedbackWritten> WriteFeedbackAsync(DateOnly? day, int? energy, int? mood, int? exertion, string? notes);

    /// <summary>The person's daily feedback, optionally from/to, oldest first.</summary>
    [Alias("GetFeedbackAsync")]
    Task<IReadOnlyList<Journal.DayFeedback>> GetFeedbackAsync(DateOnly? fromDate, DateOnly? toDate);

    /// <summary>
    /// What each journal behaviour and daily rating goes with the next morning (HRV, resting HR, the
    /// device's recovery or readiness, sleep), over the mornings from/to (default: all): counts, the raw and
    /// adjusted differences with 95 % intervals, and a false-discovery-controlled verdict.
    /// </summary>
    [Alias("GetJournalEffectsAsync")]
    Task<Journal.JournalEffectsReport> GetJournalEffectsAsync(DateOnly? fromDate, DateOnly? toDate);
}

/// <summary>
/// What a person's activation holds besides its state: silver, the analytics (and lake tables) over it,
/// the SQL sandbox, the forecasting registry/log, the latest day's status and the agent's cached answers. An
/// idle grain keeps only the latest status (and the conversations, which last while the grain is active).
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.GrainResidency")]
public sealed record GrainResidency(
    [property: Id(0)] bool Silver,
    [property: Id(1)] bool Analytics,
    [property: Id(2)] bool SqlSandbox,
    [property: Id(3)] bool Forecasting,
    [property: Id(4)] bool LatestStatus,
    [property: Id(5)] int CachedAnswers = 0)
{
    /// <summary>True when nothing but the state, the latest status and the conversations is held.</summary>
    public bool Idle => !Silver && !Analytics && !SqlSandbox && !Forecasting && CachedAnswers == 0;
}

using Bio.Core.Analytics;
using Bio.Core.Auth;
using Bio.Core.Forecasting;
using Bio.Core.Ingest;
using Bio.Core.Lake;
using Bio.Core.Synthetic;

namespace Bio.Core.Users;

/// <summary>
/// One person's grain, keyed by their user id (see <see cref="UserId"/>). It owns the profile and the
/// hashes of the person's API keys; later it owns their rolling biometric state and lake manifest.
/// </summary>
[Alias("bio.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the user. Fails with <see cref="UserAlreadyExistsException"/> if it exists.</summary>
    [Alias("CreateAsync")]
    Task<UserCreated> CreateAsync(CreateUser request);

    /// <summary>The profile, or null when no such user was created.</summary>
    [Alias("GetProfileAsync")]
    Task<UserProfile?> GetProfileAsync();

    /// <summary>Changes the display name and/or the time zone (null leaves it); returns the new profile.</summary>
    [Alias("UpdateProfileAsync")]
    Task<UserProfile> UpdateProfileAsync(string? displayName, string? timeZone);

    /// <summary>
    /// Erases the user: reminders, every blob under their prefix (bronze, lake, forecasting, reports),
    /// the grain's state and caches. Returns how many blobs were deleted. The keys stop working at once.
    /// </summary>
    [Alias("DeleteAsync")]
    Task<int> DeleteAsync();

    /// <summary>The user's keys, oldest first (ids, names and dates; never secrets).</summary>
    [Alias("GetApiKeysAsync")]
    Task<IReadOnlyList<ApiKeyInfo>> GetApiKeysAsync();

    /// <summary>Issues another named key (at most 10); the key is returned this once.</summary>
    [Alias("CreateApiKeyAsync")]
    Task<IssuedApiKey> CreateApiKeyAsync(string name);

    /// <summary>
    /// Revokes a key at once. False when there is no such key; refuses (<see cref="UserValidationException"/>)
    /// to revoke the last one, which would lock the person out.
    /// </summary>
    [Alias("RevokeApiKeyAsync")]
    Task<bool> RevokeApiKeyAsync(string keyId);

    /// <summary>True when this person granted <paramref name="coachId"/> read access.</summary>
    [Alias("HasCoachAsync")]
    Task<bool> HasCoachAsync(string coachId);

    /// <summary>The users this person granted read access (coaches).</summary>
    [Alias("GetCoachesAsync")]
    Task<IReadOnlyList<string>> GetCoachesAsync();

    /// <summary>Grants <paramref name="coachId"/> (an existing user, not this one) read access to this person's data.</summary>
    [Alias("GrantCoachAsync")]
    Task GrantCoachAsync(string coachId);

    /// <summary>Takes a coach's read access back at once; false when there was none.</summary>
    [Alias("RevokeCoachAsync")]
    Task<bool> RevokeCoachAsync(string coachId);

    /// <summary>The people who granted this user read access.</summary>
    [Alias("GetAthletesAsync")]
    Task<IReadOnlyList<string>> GetAthletesAsync();

    /// <summary>Called by a deleted coach's grain: drops the grant without calling back.</summary>
    [Alias("ForgetCoachAsync")]
    Task ForgetCoachAsync(string coachId);

    /// <summary>Called by an athlete's grain when they grant (true) or revoke (false) this user's access.</summary>
    [Alias("SetAthleteAsync")]
    Task SetAthleteAsync(string athleteId, bool granted);

    /// <summary>True when <paramref name="key"/> is a live API key of this user.</summary>
    [Alias("VerifyApiKeyAsync")]
    Task<bool> VerifyApiKeyAsync(ApiKeyParts key);

    /// <summary>
    /// Imports a raw upload already in the user's bronze: detects the format (or checks the declared
    /// source), parses, merges into silver and writes a new lake version when anything changed.
    /// A file Bio cannot read comes back as a report with status "rejected" and the reason.
    /// </summary>
    [Alias("IngestAsync")]
    Task<ImportReport> IngestAsync(BronzeRef bronze, string? declaredSource, string? mapping);

    /// <summary>
    /// <see cref="IngestAsync"/> at most once per client <paramref name="idempotencyKey"/>: a retry with
    /// the same key (after a timeout, say) gets the first attempt's report back and changes nothing.
    /// </summary>
    [Alias("IngestOnceAsync")]
    Task<ImportReport> IngestOnceAsync(BronzeRef bronze, string? declaredSource, string? mapping, string idempotencyKey);

    /// <summary>The report of the import made under <paramref name="idempotencyKey"/>, or null.</summary>
    [Alias("FindImportAsync")]
    Task<ImportReport?> FindImportAsync(string idempotencyKey);

    [Alias("GetImportsAsync")]
    Task<IReadOnlyList<ImportReport>> GetImportsAsync();

    [Alias("GetQuarantineAsync")]
    Task<IReadOnlyList<QuarantineItem>> GetQuarantineAsync();

    [Alias("GetDailyAsync")]
    Task<IReadOnlyList<DailyValues>> GetDailyAsync(DateOnly? fromDate, DateOnly? toDate);

    [Alias("GetWorkoutsAsync")]
    Task<IReadOnlyList<WorkoutItem>> GetWorkoutsAsync(DateOnly? fromDate, DateOnly? toDate);

    /// <summary>
    /// Fills the user with a synthetic person's data (<paramref name="days"/> days ending yesterday in
    /// their time zone), merged like any import, and records the ground-truth events behind it.
    /// </summary>
    [Alias("GenerateSyntheticAsync")]
    Task<SyntheticResult> GenerateSyntheticAsync(int days, int seed);

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

    /// <summary>
    /// The HRV forecast for the next seven mornings after the latest day with data, with intervals, the
    /// method served and why, and the drivers (the daily cycle runs first if the data moved on).
    /// Throws <see cref="NoDataException"/> without recent HRV.
    /// </summary>
    [Alias("GetForecastAsync")]
    Task<HrvForecast> GetForecastAsync();

    /// <summary>Every scored next-day forecast, the rolling 28-day accuracy per method, and the registry's log.</summary>
    [Alias("GetForecastHistoryAsync")]
    Task<ForecastHistory> GetForecastHistoryAsync();

    /// <summary>A walk-forward backtest of the person's whole history.</summary>
    [Alias("BacktestAsync")]
    Task<ForecastBacktest> BacktestAsync();

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

    /// <summary>
    /// Generates (and stores) the weekly report for the ISO week ending on the Sunday <paramref name="weekEnding"/>;
    /// throws <see cref="Reports.ReportWeekException"/> for a day that is not a Sunday and <see cref="NoDataException"/> for a week without data.
    /// </summary>
    [Alias("GenerateReportAsync")]
    Task<Reports.StoredReport> GenerateReportAsync(DateOnly weekEnding, string trigger);

    /// <summary>The stored report for the week ending <paramref name="weekEnding"/>, or null when none was generated.</summary>
    [Alias("GetReportAsync")]
    Task<Reports.StoredReport?> GetReportAsync(DateOnly weekEnding);

    /// <summary>Every stored weekly report, newest first.</summary>
    [Alias("GetReportsAsync")]
    Task<IReadOnlyList<Reports.ReportInfo>> GetReportsAsync();

    /// <summary>The current lake version's manifest, or null before the first import.</summary>
    [Alias("GetLakeAsync")]
    Task<LakeManifest?> GetLakeAsync();

    /// <summary>
    /// Writes the person's journal entry for a day (default: today in their time zone), replacing that
    /// day's earlier entry; the behaviour features read in it go into silver's journal table.
    /// </summary>
    [Alias("WriteJournalAsync")]
    Task<Journal.JournalWritten> WriteJournalAsync(DateOnly? day, string text);

    /// <summary>The person's typed journal entries, optionally from/to, oldest first.</summary>
    [Alias("GetJournalAsync")]
    Task<IReadOnlyList<Journal.JournalEntry>> GetJournalAsync(DateOnly? fromDate, DateOnly? toDate);

    /// <summary>Records how a day felt (default: today): energy and mood 1-5, exertion 0-10, notes; replacing that day's earlier feedback.</summary>
    [Alias("WriteFeedbackAsync")]
    Task<Journal.FeedbackWritten> WriteFeedbackAsync(DateOnly? day, int? energy, int? mood, int? exertion, string? notes);

    /// <summary>The person's daily feedback, optionally from/to, oldest first.</summary>
    [Alias("GetFeedbackAsync")]
    Task<IReadOnlyList<Journal.DayFeedback>> GetFeedbackAsync(DateOnly? fromDate, DateOnly? toDate);

    /// <summary>What the activation holds in memory now (for operators and the tests of idle trimming).</summary>
    [Alias("GetResidencyAsync")]
    Task<GrainResidency> GetResidencyAsync();
}

/// <summary>
/// What a person's activation holds besides its state: silver, the analytics (and lake tables) over it,
/// the SQL sandbox, the forecasting registry/log, the latest day's status. An idle grain keeps only the last.
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.GrainResidency")]
public sealed record GrainResidency(
    [property: Id(0)] bool Silver,
    [property: Id(1)] bool Analytics,
    [property: Id(2)] bool SqlSandbox,
    [property: Id(3)] bool Forecasting,
    [property: Id(4)] bool LatestStatus)
{
    /// <summary>True when nothing but the state and the latest status is held.</summary>
    public bool Idle => !Silver && !Analytics && !SqlSandbox && !Forecasting;
}

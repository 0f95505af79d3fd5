using Bio.Core.Auth;
using Bio.Core.Ingest;
using Bio.Core.Users;

namespace Bio.Silo.Users;

/// <summary>The persisted part of a user grain. Kept small: history lives in the lake.</summary>
[GenerateSerializer, Alias("bio.UserState")]
public sealed class UserState
{
    [Id(0)] public UserProfile? Profile { get; set; }

    [Id(1)] public List<StoredApiKey> ApiKeys { get; set; } = [];

    /// <summary>The lake version readers see (0 before the first import).</summary>
    [Id(2)] public int LakeVersion { get; set; }

    /// <summary>Every import's report, newest last.</summary>
    [Id(3)] public List<ImportReport> Imports { get; set; } = [];

    /// <summary>Ground truth of synthetic data, for scoring detectors and forecasts.</summary>
    [Id(4)] public List<Bio.Core.Synthetic.SyntheticEvent> SyntheticEvents { get; set; } = [];

    /// <summary>True once the daily forecasting reminder is registered (after the first import).</summary>
    [Id(5)] public bool ForecastReminder { get; set; }

    /// <summary>True once the weekly report reminder is registered (after the first import).</summary>
    [Id(6)] public bool ReportReminder { get; set; }

    /// <summary>The users this person granted read access to their data (coaches), by user id.</summary>
    [Id(7)] public List<string> Coaches { get; set; } = [];

    /// <summary>The people who granted this user read access (this user coaches them).</summary>
    [Id(8)] public List<string> Athletes { get; set; } = [];

    /// <summary>Client idempotency keys of imports and the import each made, oldest first (the last 1,000).</summary>
    [Id(9)] public List<KeyValuePair<string, string>> IdempotencyKeys { get; set; } = [];
}

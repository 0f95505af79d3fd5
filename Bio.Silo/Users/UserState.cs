using Bio.Core.Ingest;

namespace Bio.Silo.Users;

/// <summary>
/// The persisted part of a person's data grain. Kept small: history lives in the lake, the account
/// (profile, keys, coaches) in the account grain, and journal entries and ratings are lake versions, not
/// entries here (a year of daily writing adds nothing to it).
/// </summary>
[GenerateSerializer, Alias("bio.UserState")]
public sealed class UserState
{
    /// <summary>The lake version readers see (0 before the first import).</summary>
    [Id(2)] public int LakeVersion { get; set; }

    /// <summary>The newest imports' reports (files, restores, synthetic data, sync pages), newest last; older ones are in the person's import archive.</summary>
    [Id(3)] public List<ImportReport> Imports { get; set; } = [];

    /// <summary>How many reports the import archive holds (0: none, nothing to read).</summary>
    [Id(10)] public int ArchivedImports { get; set; }

    /// <summary>Ground truth of synthetic data, for scoring detectors and forecasts.</summary>
    [Id(4)] public List<Bio.Core.Synthetic.SyntheticEvent> SyntheticEvents { get; set; } = [];

    /// <summary>True once the daily forecasting reminder is registered (after the first import).</summary>
    [Id(5)] public bool ForecastReminder { get; set; }

    /// <summary>True once the weekly report reminder is registered (after the first import).</summary>
    [Id(6)] public bool ReportReminder { get; set; }

    /// <summary>Client idempotency keys of imports and the import each made, oldest first (the last 1,000).</summary>
    [Id(9)] public List<KeyValuePair<string, string>> IdempotencyKeys { get; set; } = [];
}

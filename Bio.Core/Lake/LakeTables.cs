using Bio.Core.Analytics;

namespace Bio.Core.Lake;

/// <summary>One lake table as a type: its layer, its name and its row type, so nothing casts rows read by strings.</summary>
public sealed record LakeTable<T>(string Layer, string Name) where T : class;

/// <summary>The lake's tables by type (the names are the ones in every manifest and the SQL sandbox).</summary>
public static class LakeTables
{
    public static readonly LakeTable<DailyRow> Daily = new("silver", "daily");
    public static readonly LakeTable<WorkoutRow> Workouts = new("silver", "workouts");
    public static readonly LakeTable<JournalRow> Journal = new("silver", "journal");
    public static readonly LakeTable<FeedbackRow> Feedback = new("silver", "feedback");
    public static readonly LakeTable<QuarantineParquetRow> Quarantine = new("silver", "quarantine");
    public static readonly LakeTable<DqLogParquetRow> DqLog = new("silver", "dq_log");
    public static readonly LakeTable<WeeklyTrendRow> WeeklyTrends = new("gold", "weekly_trends");

    /// <summary>Silver of one lake version, read back from its Parquet tables (empty before the first version).</summary>
    public static async Task<Silver> LoadSilverAsync(LakeStore lake, LakeManifest? manifest, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(lake);
        return manifest is null
            ? new Silver()
            : SilverTables.Load(
                await lake.ReadTableAsync(manifest, Daily, ct),
                await lake.ReadTableAsync(manifest, Workouts, ct),
                await lake.ReadTableAsync(manifest, Journal, ct),
                await lake.ReadTableAsync(manifest, Quarantine, ct),
                await lake.ReadTableAsync(manifest, DqLog, ct),
                await lake.ReadTableAsync(manifest, Feedback, ct));
    }
}

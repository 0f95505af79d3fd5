using Bio.Core.Analytics;

namespace Bio.Core.Lake;

/// <summary>One lake table: its layer ("silver" or "gold"), its name, and the type of its rows.</summary>
public abstract record LakeTable(string Layer, string Name)
{
    public const string SilverLayer = "silver";
    public const string GoldLayer = "gold";

    public abstract Type RowType { get; }
}

/// <summary>One lake table as a type, so nothing casts rows read by strings.</summary>
public sealed record LakeTable<T>(string Layer, string Name) : LakeTable(Layer, Name) where T : class
{
    public override Type RowType => typeof(T);
}

/// <summary>
/// The lake's tables by type: the names are the ones in every manifest, the export and the SQL sandbox.
/// This is the one list of them; the snapshot, the sandbox and the API's gold views read it.
/// </summary>
public static class LakeTables
{
    public static readonly LakeTable<DailyRow> Daily = Silver<DailyRow>("daily");
    public static readonly LakeTable<WorkoutRow> Workouts = Silver<WorkoutRow>("workouts");
    public static readonly LakeTable<JournalRow> Journal = Silver<JournalRow>("journal");
    public static readonly LakeTable<FeedbackRow> Feedback = Silver<FeedbackRow>("feedback");
    public static readonly LakeTable<QuarantineParquetRow> Quarantine = Silver<QuarantineParquetRow>("quarantine");
    public static readonly LakeTable<DqLogParquetRow> DqLog = Silver<DqLogParquetRow>("dq_log");

    public static readonly LakeTable<DailyReadinessPerformanceRow> DailyReadinessPerformance = Gold<DailyReadinessPerformanceRow>("daily_readiness_performance");
    public static readonly LakeTable<Dashboard30DayRow> Dashboard30Day = Gold<Dashboard30DayRow>("dashboard_30day");
    public static readonly LakeTable<WeeklyTrendRow> WeeklyTrends = Gold<WeeklyTrendRow>("weekly_trends");
    public static readonly LakeTable<HrvStatusRow> HrvStatus = Gold<HrvStatusRow>("hrv_status");
    public static readonly LakeTable<TrainingLoadRow> TrainingLoad = Gold<TrainingLoadRow>("training_load");
    public static readonly LakeTable<OvertrainingRiskRow> OvertrainingRisk = Gold<OvertrainingRiskRow>("overtraining_risk");
    public static readonly LakeTable<AnomalyRow> Anomalies = Gold<AnomalyRow>("anomalies");
    public static readonly LakeTable<EnergyStateRow> EnergyState = Gold<EnergyStateRow>("energy_state");
    public static readonly LakeTable<WorkoutRecommendationRow> WorkoutRecommendations = Gold<WorkoutRecommendationRow>("workout_recommendations");
    public static readonly LakeTable<WorkoutTypeOptimizationRow> WorkoutTypeOptimization = Gold<WorkoutTypeOptimizationRow>("workout_type_optimization");
    public static readonly LakeTable<SleepPerformancePredictionRow> SleepPerformancePrediction = Gold<SleepPerformancePredictionRow>("sleep_performance_prediction");
    public static readonly LakeTable<ReadinessPerformanceCorrelationRow> ReadinessPerformanceCorrelation = Gold<ReadinessPerformanceCorrelationRow>("readiness_performance_correlation");

    /// <summary>Silver's tables, in the order a version writes them.</summary>
    public static readonly IReadOnlyList<LakeTable> InSilver = [Daily, Workouts, Journal, Feedback, Quarantine, DqLog];

    /// <summary>Every gold view of DESIGN §5, in the order a version writes them.</summary>
    public static readonly IReadOnlyList<LakeTable> GoldViews =
    [
        DailyReadinessPerformance, Dashboard30Day, WeeklyTrends, HrvStatus, TrainingLoad, OvertrainingRisk, Anomalies,
        EnergyState, WorkoutRecommendations, WorkoutTypeOptimization, SleepPerformancePrediction, ReadinessPerformanceCorrelation,
    ];

    /// <summary>The gold views' names, as the API and the agent's tools name them.</summary>
    public static readonly IReadOnlyList<string> GoldViewNames = [.. GoldViews.Select(t => t.Name)];

    /// <summary>The tables a person's SQL sandbox holds: silver's data tables (not its bookkeeping) and every gold view.</summary>
    public static readonly IReadOnlyList<LakeTable> Queryable = [Daily, Workouts, Journal, Feedback, .. GoldViews];

    /// <summary>A gold view by its name (case-sensitive, as in the URL), or null.</summary>
    public static LakeTable? GoldView(string name) => GoldViews.FirstOrDefault(t => t.Name == name);

    /// <summary>Silver of one lake version, read back from its Parquet tables (empty before the first version).</summary>
    public static async Task<Silver> LoadSilverAsync(LakeStore lake, LakeManifest? manifest, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(lake);
        if (manifest is null)
        {
            return new Silver();
        }

        // The six tables are read at once: one storage round trip's wait, not six in turn.
        var (daily, workouts, journal, quarantine, dqLog, feedback) = (lake.ReadTableAsync(manifest, Daily, ct), lake.ReadTableAsync(manifest, Workouts, ct),
            lake.ReadTableAsync(manifest, Journal, ct), lake.ReadTableAsync(manifest, Quarantine, ct), lake.ReadTableAsync(manifest, DqLog, ct), lake.ReadTableAsync(manifest, Feedback, ct));
        await Task.WhenAll(daily, workouts, journal, quarantine, dqLog, feedback);
        return SilverTables.Load(await daily, await workouts, await journal, await quarantine, await dqLog, await feedback);
    }

    private static LakeTable<T> Silver<T>(string name) where T : class => new(LakeTable.SilverLayer, name);

    private static LakeTable<T> Gold<T>(string name) where T : class => new(LakeTable.GoldLayer, name);
}

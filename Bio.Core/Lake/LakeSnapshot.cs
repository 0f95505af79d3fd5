using System.Collections;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bio.Core.Analytics;
using Parquet.Serialization;

namespace Bio.Core.Lake;

/// <summary>
/// Every table of one lake version, built from silver: silver's own tables and the gold views. Rows are
/// sorted by their keys, so the same silver always writes the same bytes. Tables are built on first use
/// and kept: the lake writer and the API's gold queries read the same rows.
/// </summary>
public sealed class LakeSnapshot
{
    // Served as application/json only (never inlined in HTML), so "<70" and "85+" stay readable.
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
    private readonly List<ITable> tables;

    /// <param name="silver">The person's silver tables.</param>
    /// <param name="analysis">The analytics of exactly this silver (computed here when not given).</param>
    public LakeSnapshot(Silver silver, AnalysisResult? analysis = null)
    {
        ArgumentNullException.ThrowIfNull(silver);
        var a = analysis ?? Analytics.Analysis.Run(DaySeries.FromSilver(silver));
        Analysis = a;
        var daily = new Table<DailyRow>(LakeTables.Daily, () => SilverTables.DailyRows(silver));
        var workouts = new Table<WorkoutRow>(LakeTables.Workouts, () => SilverTables.WorkoutRows(silver));
        tables =
        [
            daily,
            workouts,
            new Table<JournalRow>(LakeTables.Journal, () => SilverTables.JournalRows(silver)),
            new Table<FeedbackRow>(LakeTables.Feedback, () => SilverTables.FeedbackRows(silver)),
            new Table<QuarantineParquetRow>(LakeTables.Quarantine, () => SilverTables.QuarantineRows(silver)),
            new Table<DqLogParquetRow>(LakeTables.DqLog, () => SilverTables.DqLogRows(silver)),
            new Table<DailyReadinessPerformanceRow>("gold", "daily_readiness_performance", () => Gold.DailyReadinessPerformance(daily.Rows, workouts.Rows)),
            new Table<Dashboard30DayRow>("gold", "dashboard_30day", () => Gold.Dashboard30Day(daily.Rows)),
            new Table<WeeklyTrendRow>(LakeTables.WeeklyTrends, () => Gold.WeeklyTrends(daily.Rows, workouts.Rows)),
            new Table<HrvStatusRow>("gold", "hrv_status", () => Analytics.GoldViews.HrvStatusRows(a)),
            new Table<TrainingLoadRow>("gold", "training_load", () => Analytics.GoldViews.TrainingLoadRows(a)),
            new Table<OvertrainingRiskRow>("gold", "overtraining_risk", () => Analytics.GoldViews.OvertrainingRiskRows(a)),
            new Table<AnomalyRow>("gold", "anomalies", () => Analytics.GoldViews.AnomalyRows(a)),
            new Table<EnergyStateRow>("gold", "energy_state", () => Analytics.GoldViews.EnergyStateRows(a)),
            new Table<WorkoutRecommendationRow>("gold", "workout_recommendations", () => Analytics.GoldViews.WorkoutRecommendationRows(a)),
            new Table<WorkoutTypeOptimizationRow>("gold", "workout_type_optimization", () => Analytics.GoldViews.WorkoutTypeOptimization(a)),
            new Table<SleepPerformancePredictionRow>("gold", "sleep_performance_prediction", () => Analytics.GoldViews.SleepPerformancePrediction(a)),
            new Table<ReadinessPerformanceCorrelationRow>("gold", "readiness_performance_correlation", () => Analytics.GoldViews.ReadinessPerformanceCorrelation(a)),
        ];
        Watermark = silver.Daily.Count == 0 ? null : silver.Daily.Keys.Max().Date;
    }

    public DateOnly? Watermark { get; }

    public AnalysisResult Analysis { get; }

    /// <summary>Every gold view of DESIGN §5, in the order they are written.</summary>
    public static readonly IReadOnlyList<string> GoldViews =
    [
        "daily_readiness_performance", "dashboard_30day", "weekly_trends", "hrv_status", "training_load", "overtraining_risk", "anomalies",
        "energy_state", "workout_recommendations", "workout_type_optimization", "sleep_performance_prediction", "readiness_performance_correlation",
    ];

    /// <summary>
    /// Lets go of every built table's rows (they are built again, the same, on next use): a person's
    /// grain keeps only silver and the analytics between uses, not a copy of the lake it just wrote.
    /// </summary>
    public void ReleaseTables()
    {
        foreach (var table in tables)
        {
            table.Release();
        }
    }

    /// <summary>The rows of one table ("silver"/"gold" and its name), or null when there is none.</summary>
    public IList? Rows(string layer, string name) => tables.Find(t => t.Layer == layer && t.Name == name)?.Rows;

    /// <summary>One table's rows by its type (<see cref="LakeTables"/>).</summary>
    public IReadOnlyList<T> Rows<T>(LakeTable<T> table) where T : class
    {
        ArgumentNullException.ThrowIfNull(table);
        return tables.Find(t => t.Layer == table.Layer && t.Name == table.Name) is Table<T> found
            ? found.Rows
            : throw new ArgumentException($"The snapshot has no {table.Layer} table '{table.Name}' of {typeof(T).Name} rows.", nameof(table));
    }

    /// <summary>
    /// A gold view as a JSON array with snake_case columns; rows with a date outside from/to are left out
    /// (views without a date, the per-bucket summaries, are returned whole). Null for an unknown view.
    /// </summary>
    public string? GoldJson(string view, DateOnly? from, DateOnly? to)
    {
        if (tables.Find(t => t.Layer == "gold" && t.Name == view) is not { } table)
        {
            return null;
        }

        return JsonSerializer.Serialize(table.InRange(from, to), table.RowType, JsonOptions);
    }

    public IEnumerable<(string Layer, string Name, Func<Stream, CancellationToken, Task<(long Rows, string SchemaHash)>> Write)> Writers() =>
        tables.Select(t => (t.Layer, t.Name, (Func<Stream, CancellationToken, Task<(long, string)>>)t.WriteAsync));

    private interface ITable
    {
        string Layer { get; }
        string Name { get; }
        IList Rows { get; }
        Type RowType { get; }
        Task<(long, string)> WriteAsync(Stream stream, CancellationToken ct);
        object InRange(DateOnly? from, DateOnly? to);
        void Release();
    }

    private sealed class Table<T>(string layer, string name, Func<List<T>> build) : ITable
        where T : class
    {
        public Table(LakeTable<T> table, Func<List<T>> build)
            : this(table.Layer, table.Name, build)
        {
        }

        private static readonly Func<T, DateOnly>? DateOf = typeof(T).GetProperty("Date") is { } p && p.PropertyType == typeof(DateOnly)
            ? row => (DateOnly)p.GetValue(row)!
            : null;

        private List<T>? rows;

        public string Layer => layer;
        public string Name => name;
        // Built by whichever reader comes first; two at once build the same rows, and one list is kept.
        public List<T> Rows
        {
            get
            {
                var built = Volatile.Read(ref rows);
                if (built is null)
                {
                    built = build();
                    Volatile.Write(ref rows, built);
                }

                return built;
            }
        }
        IList ITable.Rows => Rows;
        public Type RowType => typeof(List<T>);

        public void Release() => rows = null;

        public object InRange(DateOnly? from, DateOnly? to) =>
            DateOf is null || (from is null && to is null)
                ? Rows
                : Rows.Where(r => DateOf(r) is var d && (from is null || d >= from) && (to is null || d <= to)).ToList();

        public async Task<(long, string)> WriteAsync(Stream stream, CancellationToken ct)
        {
            await ParquetSerializer.SerializeAsync(Rows, stream, cancellationToken: ct);
            var schema = string.Join(',', typeof(T).GetProperties().Select(p => $"{p.Name}:{p.PropertyType.Name}"));
            return (Rows.Count, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(schema)))[..16]);
        }
    }
}

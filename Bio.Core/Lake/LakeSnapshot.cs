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
            new Table<DailyReadinessPerformanceRow>(LakeTables.DailyReadinessPerformance, () => Gold.DailyReadinessPerformance(daily.Rows, workouts.Rows)),
            new Table<Dashboard30DayRow>(LakeTables.Dashboard30Day, () => Gold.Dashboard30Day(daily.Rows)),
            new Table<WeeklyTrendRow>(LakeTables.WeeklyTrends, () => Gold.WeeklyTrends(daily.Rows, workouts.Rows)),
            new Table<HrvStatusRow>(LakeTables.HrvStatus, () => Analytics.GoldViews.HrvStatusRows(a)),
            new Table<TrainingLoadRow>(LakeTables.TrainingLoad, () => Analytics.GoldViews.TrainingLoadRows(a)),
            new Table<OvertrainingRiskRow>(LakeTables.OvertrainingRisk, () => Analytics.GoldViews.OvertrainingRiskRows(a)),
            new Table<AnomalyRow>(LakeTables.Anomalies, () => Analytics.GoldViews.AnomalyRows(a)),
            new Table<EnergyStateRow>(LakeTables.EnergyState, () => Analytics.GoldViews.EnergyStateRows(a)),
            new Table<WorkoutRecommendationRow>(LakeTables.WorkoutRecommendations, () => Analytics.GoldViews.WorkoutRecommendationRows(a)),
            new Table<WorkoutTypeOptimizationRow>(LakeTables.WorkoutTypeOptimization, () => Analytics.GoldViews.WorkoutTypeOptimization(a)),
            new Table<SleepPerformancePredictionRow>(LakeTables.SleepPerformancePrediction, () => Analytics.GoldViews.SleepPerformancePrediction(a)),
            new Table<ReadinessPerformanceCorrelationRow>(LakeTables.ReadinessPerformanceCorrelation, () => Analytics.GoldViews.ReadinessPerformanceCorrelation(a)),
        ];
        Watermark = silver.Daily.Count == 0 ? null : silver.Daily.Keys.Max().Date;
    }

    public DateOnly? Watermark { get; }

    public AnalysisResult Analysis { get; }

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

    /// <summary>The rows of one table, whatever their type (the SQL sandbox loads them by their columns).</summary>
    public IList Rows(LakeTable table) => Find(table).Rows;

    /// <summary>One table's rows by its type (<see cref="LakeTables"/>).</summary>
    public IReadOnlyList<T> Rows<T>(LakeTable<T> table) where T : class
    {
        ArgumentNullException.ThrowIfNull(table);
        return ((Table<T>)Find(table)).Rows;
    }

    private ITable Find(LakeTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return tables.Find(t => t.Descriptor == table) ?? throw new ArgumentException($"The snapshot has no {table.Layer} table '{table.Name}'.", nameof(table));
    }

    /// <summary>
    /// A gold view as a JSON array with snake_case columns; rows with a date outside from/to are left out
    /// (views without a date, the per-bucket summaries, are returned whole). Null for an unknown view.
    /// </summary>
    public string? GoldJson(string view, DateOnly? from, DateOnly? to)
    {
        if (LakeTables.GoldView(view) is not { } gold)
        {
            return null;
        }

        var table = Find(gold);
        return JsonSerializer.Serialize(table.InRange(from, to), table.RowType, JsonOptions);
    }

    public IEnumerable<(LakeTable Table, Func<Stream, CancellationToken, Task<(long Rows, string SchemaHash)>> Write)> Writers() =>
        tables.Select(t => (t.Descriptor, (Func<Stream, CancellationToken, Task<(long, string)>>)t.WriteAsync));

    private interface ITable
    {
        LakeTable Descriptor { get; }
        IList Rows { get; }
        Type RowType { get; }
        Task<(long, string)> WriteAsync(Stream stream, CancellationToken ct);
        object InRange(DateOnly? from, DateOnly? to);
        void Release();
    }

    private sealed class Table<T>(LakeTable<T> table, Func<List<T>> build) : ITable
        where T : class
    {
        private static readonly Func<T, DateOnly>? DateOf = typeof(T).GetProperty("Date") is { } p && p.PropertyType == typeof(DateOnly)
            ? row => (DateOnly)p.GetValue(row)!
            : null;

        private List<T>? rows;

        public LakeTable Descriptor => table;
        // Built by whichever reader comes first; two at once build the same rows, and the first list is kept.
        public List<T> Rows
        {
            get
            {
                var built = Volatile.Read(ref rows);
                if (built is null)
                {
                    var fresh = build();
                    built = Interlocked.CompareExchange(ref rows, fresh, null) ?? fresh;
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

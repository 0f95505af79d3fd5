using System.Security.Cryptography;
using System.Text;
using Parquet.Serialization;

namespace Bio.Core.Lake;

/// <summary>
/// Every table of one lake version, built from silver: silver's own tables and the gold views. Rows are
/// sorted by their keys, so the same silver always writes the same bytes.
/// </summary>
public sealed class LakeSnapshot
{
    public LakeSnapshot(Silver silver)
    {
        Daily = SilverTables.DailyRows(silver);
        Workouts = SilverTables.WorkoutRows(silver);
        Journal = SilverTables.JournalRows(silver);
        Quarantine = SilverTables.QuarantineRows(silver);
        DqLog = SilverTables.DqLogRows(silver);
        DailyReadinessPerformance = Gold.DailyReadinessPerformance(Daily, Workouts);
        Dashboard30Day = Gold.Dashboard30Day(Daily);
        WeeklyTrends = Gold.WeeklyTrends(Daily, Workouts);
        Watermark = Daily.Count == 0 ? null : Daily[^1].Date;
    }

    public List<DailyRow> Daily { get; }
    public List<WorkoutRow> Workouts { get; }
    public List<JournalRow> Journal { get; }
    public List<QuarantineParquetRow> Quarantine { get; }
    public List<DqLogParquetRow> DqLog { get; }
    public List<DailyReadinessPerformanceRow> DailyReadinessPerformance { get; }
    public List<Dashboard30DayRow> Dashboard30Day { get; }
    public List<WeeklyTrendRow> WeeklyTrends { get; }
    public DateOnly? Watermark { get; }

    public static readonly IReadOnlyList<string> GoldViews = ["daily_readiness_performance", "dashboard_30day", "weekly_trends"];

    public IEnumerable<(string Layer, string Name, Func<Stream, CancellationToken, Task<(long Rows, string SchemaHash)>> Write)> Writers()
    {
        yield return ("silver", "daily", (s, ct) => Write(Daily, s, ct));
        yield return ("silver", "workouts", (s, ct) => Write(Workouts, s, ct));
        yield return ("silver", "journal", (s, ct) => Write(Journal, s, ct));
        yield return ("silver", "quarantine", (s, ct) => Write(Quarantine, s, ct));
        yield return ("silver", "dq_log", (s, ct) => Write(DqLog, s, ct));
        yield return ("gold", "daily_readiness_performance", (s, ct) => Write(DailyReadinessPerformance, s, ct));
        yield return ("gold", "dashboard_30day", (s, ct) => Write(Dashboard30Day, s, ct));
        yield return ("gold", "weekly_trends", (s, ct) => Write(WeeklyTrends, s, ct));
    }

    private static async Task<(long, string)> Write<T>(List<T> rows, Stream stream, CancellationToken ct)
    {
        await ParquetSerializer.SerializeAsync(rows, stream, cancellationToken: ct);
        var schema = string.Join(',', typeof(T).GetProperties().Select(p => $"{p.Name}:{p.PropertyType.Name}"));
        return (rows.Count, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(schema)))[..16]);
    }
}

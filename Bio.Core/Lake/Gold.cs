using System.Globalization;
using Bio.Core.Ingest;

namespace Bio.Core.Lake;

public sealed class DailyReadinessPerformanceRow
{
    public DateOnly Date { get; set; }
    /// <summary>The device's readiness, or WHOOP's recovery where there is no readiness.</summary>
    public double? Readiness { get; set; }
    public double? SleepScore { get; set; }
    public double? HrvRmssdMs { get; set; }
    public double? RestingHrBpm { get; set; }
    public int Workouts { get; set; }
    public double WorkoutMinutes { get; set; }
    public double? TotalOutputKj { get; set; }
    /// <summary>kJ of output per readiness point; null without both.</summary>
    public double? ReadinessToOutputRatio { get; set; }
}

public sealed class Dashboard30DayRow
{
    public DateOnly Date { get; set; }
    public double? HrvRmssdMs { get; set; }
    public double? HrvAvg7d { get; set; }
    public double? HrvAvg30d { get; set; }
    public double? RestingHrBpm { get; set; }
    public double? RhrAvg7d { get; set; }
    public double? RhrAvg30d { get; set; }
    public double? SleepScore { get; set; }
    public double? SleepAvg7d { get; set; }
    public double? SleepAvg30d { get; set; }
    public double? Readiness { get; set; }
    public double? ReadinessAvg7d { get; set; }
    public double? ReadinessAvg30d { get; set; }
}

public sealed class WeeklyTrendRow
{
    /// <summary>ISO week, e.g. "2024-W45".</summary>
    public string Week { get; set; } = "";
    public DateOnly WeekStart { get; set; }
    public int DaysWithData { get; set; }
    public double? HrvMean { get; set; }
    public double? RhrMean { get; set; }
    public double? SleepScoreMean { get; set; }
    /// <summary>The week's mean of the device's readiness score (Oura's), over <see cref="ReadinessDays"/> scored days.</summary>
    public double? ReadinessMean { get; set; }
    public int ReadinessDays { get; set; }
    /// <summary>The week's mean of WHOOP's recovery (%), over <see cref="RecoveryDays"/> scored days; never mixed with readiness.</summary>
    public double? RecoveryMean { get; set; }
    public int RecoveryDays { get; set; }
    public int Workouts { get; set; }
    public double WorkoutMinutes { get; set; }
    public double? TotalOutputKj { get; set; }
    /// <summary>Percent change of the HRV mean against the week before.</summary>
    public double? HrvChangePct { get; set; }
    /// <summary>"up", "down" or "flat" (within 2 %), from the HRV mean.</summary>
    public string Trend { get; set; } = "flat";
}

/// <summary>The gold views this lake writes (DESIGN §5); the analytics add the rest.</summary>
public static class Gold
{
    public static List<DailyReadinessPerformanceRow> DailyReadinessPerformance(IReadOnlyList<DailyRow> daily, IReadOnlyList<WorkoutRow> workouts)
    {
        var byDay = workouts.GroupBy(w => w.LocalDate).ToDictionary(g => g.Key, g => g.ToList());
        var dates = daily.Select(d => d.Date).Union(byDay.Keys).Order();
        var dailyByDate = daily.ToDictionary(d => d.Date);
        return dates.Select(date =>
        {
            var d = dailyByDate.GetValueOrDefault(date);
            var w = byDay.GetValueOrDefault(date) ?? [];
            var outputs = w.Where(x => x.OutputKj is not null).Select(x => x.OutputKj!.Value).ToList();
            var readiness = Readiness(d);
            double? output = outputs.Count == 0 ? null : outputs.Sum();
            return new DailyReadinessPerformanceRow
            {
                Date = date,
                Readiness = readiness,
                SleepScore = d?.SleepScore,
                HrvRmssdMs = d?.HrvRmssdMs,
                RestingHrBpm = d?.RestingHrBpm,
                Workouts = w.Count,
                WorkoutMinutes = w.Sum(x => x.DurationMinutes),
                TotalOutputKj = output,
                ReadinessToOutputRatio = output is not null && readiness is > 0 ? output / readiness : null,
            };
        }).ToList();
    }

    /// <summary>The 30 days up to the latest day with data, with trailing 7- and 30-day means (calendar days).</summary>
    public static List<Dashboard30DayRow> Dashboard30Day(IReadOnlyList<DailyRow> daily)
    {
        if (daily.Count == 0)
        {
            return [];
        }

        var byDate = daily.ToDictionary(d => d.Date);
        var last = daily.Max(d => d.Date);
        double? Mean(DateOnly end, int days, Func<DailyRow, double?> pick)
        {
            var values = Enumerable.Range(0, days).Select(i => byDate.GetValueOrDefault(end.AddDays(-i)))
                .Select(d => d is null ? null : pick(d)).Where(v => v is not null).Select(v => v!.Value).ToList();
            return values.Count == 0 ? null : values.Average();
        }

        return Enumerable.Range(0, 30).Select(i => last.AddDays(i - 29)).Select(date =>
        {
            var d = byDate.GetValueOrDefault(date);
            return new Dashboard30DayRow
            {
                Date = date,
                HrvRmssdMs = d?.HrvRmssdMs,
                HrvAvg7d = Mean(date, 7, x => x.HrvRmssdMs),
                HrvAvg30d = Mean(date, 30, x => x.HrvRmssdMs),
                RestingHrBpm = d?.RestingHrBpm,
                RhrAvg7d = Mean(date, 7, x => x.RestingHrBpm),
                RhrAvg30d = Mean(date, 30, x => x.RestingHrBpm),
                SleepScore = d?.SleepScore,
                SleepAvg7d = Mean(date, 7, x => x.SleepScore),
                SleepAvg30d = Mean(date, 30, x => x.SleepScore),
                Readiness = Readiness(d),
                ReadinessAvg7d = Mean(date, 7, Readiness),
                ReadinessAvg30d = Mean(date, 30, Readiness),
            };
        }).ToList();
    }

    public static List<WeeklyTrendRow> WeeklyTrends(IReadOnlyList<DailyRow> daily, IReadOnlyList<WorkoutRow> workouts)
    {
        static (int Year, int Week) Key(DateOnly d) => (ISOWeek.GetYear(d.ToDateTime(TimeOnly.MinValue)), ISOWeek.GetWeekOfYear(d.ToDateTime(TimeOnly.MinValue)));
        var days = daily.GroupBy(d => Key(d.Date)).ToDictionary(g => g.Key, g => g.ToList());
        var sessions = workouts.GroupBy(w => Key(w.LocalDate)).ToDictionary(g => g.Key, g => g.ToList());
        var rows = new List<WeeklyTrendRow>();
        foreach (var key in days.Keys.Union(sessions.Keys).Order())
        {
            var d = days.GetValueOrDefault(key) ?? [];
            var w = sessions.GetValueOrDefault(key) ?? [];
            static double? Mean(IEnumerable<double?> values)
            {
                var list = values.Where(v => v is not null).Select(v => v!.Value).ToList();
                return list.Count == 0 ? null : list.Average();
            }

            var outputs = w.Where(x => x.OutputKj is not null).ToList();
            rows.Add(new WeeklyTrendRow
            {
                Week = $"{key.Year}-W{key.Week:00}",
                WeekStart = DateOnly.FromDateTime(ISOWeek.ToDateTime(key.Year, key.Week, DayOfWeek.Monday)),
                DaysWithData = d.Count,
                HrvMean = Mean(d.Select(x => x.HrvRmssdMs)),
                RhrMean = Mean(d.Select(x => x.RestingHrBpm)),
                SleepScoreMean = Mean(d.Select(x => x.SleepScore)),
                ReadinessMean = Mean(d.Select(x => x.ReadinessScore)),
                ReadinessDays = d.Count(x => x.ReadinessScore is not null),
                RecoveryMean = Mean(d.Select(x => x.RecoveryScore)),
                RecoveryDays = d.Count(x => x.RecoveryScore is not null),
                Workouts = w.Count,
                WorkoutMinutes = w.Sum(x => x.DurationMinutes),
                TotalOutputKj = outputs.Count == 0 ? null : outputs.Sum(x => x.OutputKj!.Value),
            });
        }

        for (var i = 1; i < rows.Count; i++)
        {
            var previous = rows[i - 1];
            var consecutive = rows[i].WeekStart == previous.WeekStart.AddDays(7);
            if (consecutive && rows[i].HrvMean is { } now && previous.HrvMean is { } before && before > 0)
            {
                var change = (now - before) / before * 100;
                rows[i].HrvChangePct = change;
                rows[i].Trend = change > 2 ? "up" : change < -2 ? "down" : "flat";
            }
        }

        return rows;
    }

    private static double? Readiness(DailyRow? d) => d?.ReadinessScore ?? d?.RecoveryScore;
}

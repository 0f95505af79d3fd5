namespace Bio.Core.Ingest.Oura;

/// <summary>One Oura sleep period (a row of oura_sleep_*.csv or an item of the API's sleep collection).</summary>
public sealed record OuraSleepPeriod(
    long Row,
    string File,
    long Line,
    DateOnly Day,
    string Type,
    double? TotalSleepSeconds,
    double? TimeInBedSeconds,
    double? DeepSeconds,
    double? RemSeconds,
    double? LightSeconds,
    double? AwakeSeconds,
    double? Efficiency,
    double? AverageHrv,
    double? LowestHeartRate,
    double? AverageBreath,
    double? ReadinessScore,
    double? TemperatureDeviation)
{
    /// <summary>Oura's readiness contributors of the night (0-100 each), where the period carries them (the long sleep's).</summary>
    public IReadOnlyList<(Metric Metric, double? Value)> ReadinessContributors { get; init; } = [];
}

/// <summary>
/// Oura writes one row per sleep period, and a day can have several (391 of 1057 days in one export).
/// The night's values come from the day's <c>long_sleep</c> period (the longest, if several); a day
/// without one falls back to its longest period of type <c>sleep</c> or no type that lasted 3 h or
/// more. Naps (<c>late_nap</c>, <c>rest</c>, shorter periods) add up to nap minutes. Every other period
/// of the day is folded into the chosen one, so each row is accounted for.
/// </summary>
public static class OuraSleepPeriods
{
    public static void Emit(ImportBatch batch, IEnumerable<OuraSleepPeriod> periods, string source)
    {
        foreach (var day in periods.GroupBy(p => p.Day).OrderBy(g => g.Key))
        {
            var main = day.Where(p => p.Type == "long_sleep").OrderByDescending(p => p.TotalSleepSeconds ?? 0).ThenBy(p => p.Row).FirstOrDefault()
                ?? day.Where(p => p.Type is "sleep" or "" && (p.TotalSleepSeconds ?? 0) >= 3 * 3600)
                      .OrderByDescending(p => p.TotalSleepSeconds ?? 0).ThenBy(p => p.Row).FirstOrDefault();
            var naps = day.Where(p => p != main && (p.Type is "late_nap" or "rest" || (main is not null && p.Type is "sleep" or ""))).ToList();

            if (main is not null)
            {
                void Add(Metric metric, double? value, double scale = 1)
                {
                    if (value is { } v && double.IsFinite(v))
                    {
                        var scaled = v * scale;
                        var (min, max) = metric.Range();
                        if (scaled >= min && scaled <= max)
                        {
                            batch.Daily.Add(new DailyObservation(day.Key, metric, scaled, source, main.Row));
                        }
                    }
                }

                const double minutes = 1 / 60.0;
                Add(Metric.SleepMinutes, main.TotalSleepSeconds, minutes);
                Add(Metric.InBedMinutes, main.TimeInBedSeconds, minutes);
                Add(Metric.DeepMinutes, main.DeepSeconds, minutes);
                Add(Metric.RemMinutes, main.RemSeconds, minutes);
                Add(Metric.LightMinutes, main.LightSeconds, minutes);
                Add(Metric.AwakeMinutes, main.AwakeSeconds, minutes);
                Add(Metric.SleepEfficiency, main.Efficiency);
                Add(Metric.HrvRmssdMs, main.AverageHrv);
                Add(Metric.RestingHrBpm, main.LowestHeartRate);
                Add(Metric.RespiratoryRate, main.AverageBreath);
                Add(Metric.ReadinessScore, main.ReadinessScore);
                Add(Metric.SkinTempDevC, main.TemperatureDeviation);
                foreach (var (metric, value) in main.ReadinessContributors)
                {
                    Add(metric, value);
                }
            }

            var napMinutes = naps.Sum(n => n.TotalSleepSeconds ?? 0) / 60;
            var napRow = main?.Row ?? naps.FirstOrDefault()?.Row;
            if (napMinutes > 0 && napRow is { } nr)
            {
                batch.Daily.Add(new DailyObservation(day.Key, Metric.NapMinutes, Math.Min(napMinutes, 1440), source, nr));
            }

            var anchor = main?.Row ?? napRow;
            foreach (var p in day)
            {
                if (anchor is { } a && p.Row != a && (main is not null || napMinutes > 0))
                {
                    batch.FoldedInto[p.Row] = a;
                }
            }

            // A day whose periods gave nothing at all: its rows are quarantined with the reason.
            if (main is null && napMinutes == 0)
            {
                foreach (var p in day)
                {
                    batch.Reject(new Rejection(p.File, p.Line, $"no values: no usable sleep period on {day.Key:yyyy-MM-dd} (type '{p.Type}')", ""));
                    batch.RowRejectedAfterwards();
                }
            }
        }
    }
}

namespace Bio.Core.Analytics;

/// <summary>Every setting of the analytics, defaults documented on each component.</summary>
public sealed record AnalysisOptions
{
    public HrvStatusOptions Hrv { get; init; } = new();
    public TrainingLoadOptions Load { get; init; } = new();
    public RiskOptions Risk { get; init; } = new();
    public AnomalyOptions Anomalies { get; init; } = new();
    public ReadinessOptions Readiness { get; init; } = new();
}

/// <summary>
/// Everything the analytics know about one person, day by day from their first day with data to their
/// last. Each day's values use only data up to that day, which is what makes the incremental update
/// exact: after an import that changed days from D on, days before D are kept and only D onwards is
/// recomputed.
/// </summary>
public sealed class AnalysisResult
{
    internal AnalysisResult(DaySeries series, AnalysisOptions options)
    {
        Series = series;
        Options = options;
        var n = series.Length;
        Hrv = new HrvStatusDay[n];
        Load = new TrainingLoadDay[n];
        Risk = new RiskDay[n];
        ReadinessScore = new int?[n];
        Contributors = new List<ReadinessContributor>[n];
        Readiness = new ReadinessDay[n];
        Recommendations = new Recommendation[n];
        Cusum = new double[n];
    }

    public DaySeries Series { get; }

    public AnalysisOptions Options { get; }

    public HrvStatusDay[] Hrv { get; }

    public TrainingLoadDay[] Load { get; }

    public RiskDay[] Risk { get; }

    public ReadinessDay[] Readiness { get; }

    public Recommendation[] Recommendations { get; }

    /// <summary>Flagged days in date order.</summary>
    public List<Anomaly> Anomalies { get; } = [];

    public List<WorkoutLoad> WorkoutLoads { get; internal set; } = [];

    /// <summary>The loads of days with the device's day strain and no workout (<see cref="TrainingLoad.StrainDays"/>).</summary>
    public List<WorkoutLoad> StrainLoads { get; internal set; } = [];

    /// <summary>The first day index this result computed (0 = everything); the rest was kept.</summary>
    public int RecomputedFrom { get; internal set; }

    internal int?[] ReadinessScore { get; }

    internal List<ReadinessContributor>[] Contributors { get; }

    internal double[] Cusum { get; }

    /// <summary>The readiness the views and insights use: the device's where it has one, else Bio's.</summary>
    public double? EffectiveReadiness(int i) => Series.DeviceReadiness[i] ?? ReadinessScore[i];
}

/// <summary>Runs the analytics over a <see cref="DaySeries"/>, in full or incrementally.</summary>
public static class Analysis
{
    /// <summary>The analysis of one batch on its own: merged into an empty silver and run in full, as the grain runs it.</summary>
    public static AnalysisResult Of(Ingest.ImportBatch batch, AnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var silver = new Lake.Silver();
        silver.Merge(batch, batch.Source);
        return Run(DaySeries.FromSilver(silver), options: options);
    }

    /// <summary>
    /// Computes every day. With <paramref name="previous"/> (the result before an import) and
    /// <paramref name="changedFrom"/> (the earliest day the import changed), keeps the days before it and
    /// recomputes the rest; a result with a different first day or HRV measure is recomputed in full.
    /// </summary>
    public static AnalysisResult Run(DaySeries series, AnalysisResult? previous = null, DateOnly? changedFrom = null, AnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        options ??= previous?.Options ?? new AnalysisOptions();
        var result = new AnalysisResult(series, options);
        var n = series.Length;
        var start = 0;
        if (previous is not null && previous.Options == options && previous.Series.Length > 0 && n > 0 &&
            previous.Series.First == series.First && previous.Series.HrvMeasure == series.HrvMeasure)
        {
            start = Math.Clamp(changedFrom is { } d ? series.Index(d) : previous.Series.Length, 0, Math.Min(previous.Series.Length, n));
            Array.Copy(previous.Hrv, result.Hrv, start);
            Array.Copy(previous.Load, result.Load, start);
            Array.Copy(previous.Risk, result.Risk, start);
            Array.Copy(previous.ReadinessScore, result.ReadinessScore, start);
            Array.Copy(previous.Contributors, result.Contributors, start);
            Array.Copy(previous.Readiness, result.Readiness, start);
            Array.Copy(previous.Recommendations, result.Recommendations, start);
            Array.Copy(previous.Cusum, result.Cusum, start);
            var keepBefore = series.Date(start);
            result.Anomalies.AddRange(previous.Anomalies.TakeWhile(a => a.Date < keepBefore));
        }

        result.RecomputedFrom = start;
        if (n == 0)
        {
            return result;
        }

        HrvStatus.Fill(series, start, result.Hrv, options.Hrv);
        result.WorkoutLoads = TrainingLoad.Workouts(series, options.Load);
        result.StrainLoads = TrainingLoad.StrainDays(series, result.WorkoutLoads);
        TrainingLoad.Fill(series.First, TrainingLoad.DayLoads(series, result.WorkoutLoads.Concat(result.StrainLoads)), start, result.Load, options.Load);
        var rhr = series.RestingHr;
        OvertrainingRisk.Fill(series.First, result.Hrv, result.Load, rhr, start, result.Risk, options.Risk);
        Analytics.Readiness.Fill(series, result.Hrv, result.Load, start, result.ReadinessScore, result.Contributors, options.Readiness, options.Hrv);

        var workoutDays = new bool[n];
        foreach (var w in series.Workouts)
        {
            workoutDays[series.Index(w.LocalDate)] = true;
        }

        var readiness = new double?[n];
        for (var i = Math.Max(0, start - options.Anomalies.BaselineDays); i < n; i++)
        {
            readiness[i] = result.EffectiveReadiness(i);
        }

        var detectFrom = result.Anomalies.Count;
        Analytics.Anomalies.Fill(series.First, new AnomalyArrays(0)
        {
            Hrv = series.Hrv, RestingHr = rhr, Readiness = readiness, SkinTempDev = series.SkinTempDev,
            RespiratoryRate = series.RespiratoryRate, Workout = workoutDays,
        }, start, result.Cusum, result.Anomalies, options.Anomalies);

        var illness = new bool[n];
        for (var k = detectFrom; k < result.Anomalies.Count; k++)
        {
            if (result.Anomalies[k].Kind == "illness_signal")
            {
                illness[series.Index(result.Anomalies[k].Date)] = true;
            }
        }

        // An illness signal the day before the recomputed range still counts for the first day's advice.
        var illnessBefore = start > 0 && result.Readiness[start - 1].EnergyReason == Analytics.Readiness.IllnessReason;
        for (var i = start; i < n; i++)
        {
            var (state, reason) = Analytics.Readiness.Energy(result.ReadinessScore[i], result.Hrv[i].Status, illness[i],
                series.Hrv[i] is not null || series.RestingHr[i] is not null || series.SleepScore[i] is not null || series.SleepMinutes[i] is not null);
            result.Readiness[i] = new ReadinessDay(series.Date(i), result.ReadinessScore[i], result.Contributors[i], series.DeviceReadiness[i], state, reason, series.DeviceScore[i]);
            var illYesterday = i == start ? illnessBefore : illness[i - 1];
            var reportedIll = series.ReportedIll[i] || (i > 0 && series.ReportedIll[i - 1]);
            result.Recommendations[i] = Analytics.Readiness.Recommend(series.Date(i), state, result.Hrv[i].Status, i > 0 ? result.Risk[i - 1] : null, illness[i] || illYesterday, reportedIll);
        }

        return result;
    }
}

using Bio.Core.Analytics;
using Bio.Core.Forecasting;
using Bio.Core.Ingest;
using Bio.Core.Lake;
using Bio.Core.Synthetic;

namespace Bio.Tests.Forecasting;

public sealed class ForecastTests
{
    private static readonly DateOnly LastDay = new(2026, 6, 30);

    private static ForecastFeatures Features(ImportBatch batch) => new(Analysis.Of(batch));

    private static ImportBatch Person(int seed, int days) => SyntheticPerson.Generate(seed, days, LastDay).Batch;

    /// <summary>
    /// A person whose HRV sits near 60 ms except the morning after a day with alcohol logged, when it is
    /// 40 % lower (until <paramref name="effectUntil"/>; later mornings it no longer drops). Every night
    /// has a reading. The journal feature foretells each drop and neither baseline can: yesterday's value
    /// misses every drop and every recovery, the 7-day mean every drop. The last day has alcohol logged,
    /// so tomorrow's forecast has a reason to move.
    /// </summary>
    private static ImportBatch AlcoholSensitive(int days, DateOnly? effectUntil = null)
    {
        var random = new Random(62);
        var batch = new ImportBatch("test");
        var first = LastDay.AddDays(1 - days);
        var drank = false;
        for (var i = 0; i < days; i++)
        {
            var day = first.AddDays(i);
            var row = batch.RowRead();
            var drop = drank && day <= (effectUntil ?? LastDay) ? 0.6 : 1.0;
            var hrv = 60 * drop * (1 + 0.03 * (random.NextDouble() - 0.5));
            batch.Daily.Add(new DailyObservation(day, Metric.HrvRmssdMs, Math.Round(hrv, 2), "test", row));
            drank = i == days - 1 || random.NextDouble() < 0.3;
            if (drank)
            {
                batch.Journal.Add(new JournalRecord(day, "Have any alcoholic drinks?", true, null, "test") { Row = row });
            }

            batch.RowAccepted();
        }

        return batch;
    }

    [Fact]
    public void CorruptingTheFutureLeavesEveryFeatureAndForecastUpToTheOriginUnchanged()
    {
        var batch = Person(51, 260);
        var origin = LastDay.AddDays(-40);
        var random = new Random(3);
        var corrupted = new ImportBatch(batch.Source);
        corrupted.Daily.AddRange(batch.Daily.Select(o => o.Date > origin ? o with { Value = o.Value * (0.5 + random.NextDouble()) } : o));
        corrupted.Workouts.AddRange(batch.Workouts.Where(w => w.LocalDate <= origin || random.NextDouble() < 0.5));
        corrupted.Workouts.Add(new WorkoutRecord(new DateTimeOffset(origin.AddDays(3).ToDateTime(new TimeOnly(7, 0)), TimeSpan.Zero), origin.AddDays(3), "running", 300, "test") { AvgHr = 175 });
        corrupted.Journal.AddRange(batch.Journal.Where(j => j.Date <= origin));
        corrupted.Journal.Add(new JournalRecord(origin.AddDays(1), "Travelled across time zones?", true, null, "test"));
        corrupted.Journal.Add(new JournalRecord(origin.AddDays(2), "Have any alcoholic drinks?", true, null, "test"));

        var clean = Features(batch);
        var dirty = Features(corrupted);
        var t = clean.Analysis.Series.Index(origin);
        var a = WalkForward.Run(clean);
        var b = WalkForward.Run(dirty);
        for (var i = 0; i <= t; i++)
        {
            for (var h = 1; h <= WalkForward.MaxHorizon; h++)
            {
                Assert.Equal(clean.Row(i, h), dirty.Row(i, h));
                Assert.Equal(a.Inputs(i, h), b.Inputs(i, h));
            }
        }

        // Every forecast made at or before the origin is the same (the actual it is scored against aside).
        static object Key(WalkForwardPoint p) => (p.Origin, p.Horizon, p.Mean7, p.Persistence, p.Model, p.Method, p.Served, p.Q80, p.Q95, p.WeightPersistence, p.WeightModel, p.Smoothed, p.WeightSmoothed);
        Assert.Equal(a.Points.Where(p => p.Origin <= t).Select(Key), b.Points.Where(p => p.Origin <= t).Select(Key));
        // ...while the forecasts after it, made from the corrupted days, differ.
        Assert.NotEqual(a.Points.Where(p => p.Origin > t).Select(Key), b.Points.Where(p => p.Origin > t).Select(Key));
    }

    [Fact]
    public void ThePassIsDeterministic()
    {
        var features = Features(Person(52, 200));
        Assert.Equal(WalkForward.Run(features).Points, WalkForward.Run(features).Points);
    }

    [Fact]
    public void TheWalkForwardBacktestBeatsTheNaiveBaselinesWithCalibratedIntervals()
    {
        var result = Backtest.Run(Features(Person(53, 400)));
        var next = result.Accuracy([1]);
        var served = next.Single(a => a.Method == BacktestResult.Served);

        Assert.True(served.N > 350, $"n = {served.N}");
        Assert.True(served.MaseVsPersistence < 0.85, $"MASE vs persistence {served.MaseVsPersistence:0.000}");
        Assert.True(served.MaseVsMean7 < 0.95, $"MASE vs 7-day mean {served.MaseVsMean7:0.000}");
        Assert.InRange(served.Coverage80!.Value, 0.75, 0.85);
        Assert.InRange(served.Coverage95!.Value, 0.92, 0.97);
        Assert.Equal(1.0, next.Single(a => a.Method == ForecastMethods.Persistence).MaseVsPersistence, 9);
        Assert.Equal(ForecastMethods.Combined, result.Champion());
    }

    [Fact]
    public void ARidgeSolveMatchesTheNormalEquationsSolvedDirectly()
    {
        // (A + λI) β = b for a 16 x 16 system, checked by multiplying back.
        var random = new Random(7);
        const int p = 16;
        var x = Enumerable.Range(0, 40).Select(_ => Enumerable.Range(0, p).Select(_ => random.NextDouble() - 0.5).ToArray()).ToList();
        var a = new double[p * p];
        var b = new double[p];
        foreach (var row in x)
        {
            var y = row.Sum() + random.NextDouble();
            for (var i = 0; i < p; i++)
            {
                for (var j = 0; j < p; j++)
                {
                    a[i * p + j] += row[i] * row[j];
                }

                b[i] += row[i] * y;
            }
        }

        var beta = new double[p];
        Assert.True(WalkForward.Solve(a, b, 0.5, new double[p * p], beta));
        for (var i = 0; i < p; i++)
        {
            var back = 0.5 * beta[i];
            for (var j = 0; j < p; j++)
            {
                back += a[i * p + j] * beta[j];
            }

            Assert.Equal(b[i], back, 9);
        }
    }

    [Fact]
    public void AHabitThatForetellsTheMorningEarnsTheModelItsWeight()
    {
        var run = WalkForward.Run(Features(AlcoholSensitive(240)));
        var late = run.Points.Where(p => p.Horizon == 1 && p.Actual is not null && p.Origin >= 150).ToList();
        double Mae(Func<WalkForwardPoint, double> f) => late.Average(p => Math.Abs(Math.Exp(f(p)) - Math.Exp(p.Actual!.Value)));

        Assert.True(Mae(p => p.Served) < 0.6 * Math.Min(Mae(p => p.Mean7), Mae(p => p.Persistence)), $"served {Mae(p => p.Served):0.00}, mean7 {Mae(p => p.Mean7):0.00}, persistence {Mae(p => p.Persistence):0.00}");
        Assert.True(late.Average(p => p.WeightModel) > 0.8);
        // Tomorrow follows an evening with alcohol: the driver that moved it most is that.
        Assert.Equal("alcohol_logged_today", run.Drivers()[0].Feature);
        Assert.True(run.Drivers()[0].Change < -0.2);
    }

    /// <summary>
    /// A person whose HRV has one steady level and large night-to-night noise (log-normal, SD 0.25), with
    /// a night missing now and then: the best forecast is the long-run level, which the 7-day mean only
    /// approximates (seven noisy nights) and the latest reading misses by the whole noise.
    /// </summary>
    private static ImportBatch NoisyAroundOneLevel(int days)
    {
        var random = new Random(64);
        var batch = new ImportBatch("test");
        var first = LastDay.AddDays(1 - days);
        for (var i = 0; i < days; i++)
        {
            var row = batch.RowRead();
            if (random.NextDouble() < 0.1)
            {
                continue;
            }

            var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            batch.Daily.Add(new DailyObservation(first.AddDays(i), Metric.HrvRmssdMs, Math.Round(55 * Math.Exp(0.25 * z), 2), "test", row));
            batch.RowAccepted();
        }

        return batch;
    }

    [Fact]
    public void TheLongerRunLevelIsAnExponentialMeanOfTheReadingsSoFar()
    {
        var features = Features(NoisyAroundOneLevel(120));
        // Computed here from its definition: the plain mean of the first ten readings, then each reading moves it by a tenth of its distance.
        var level = 0.0;
        var readings = 0;
        for (var t = 0; t < features.Length; t++)
        {
            if (features.Actual(t) is { } y)
            {
                readings++;
                level = readings <= 10 ? level + (y - level) / readings : 0.9 * level + 0.1 * y;
            }

            if (features.Level(t) is null)
            {
                Assert.Null(features.Smoothed(t));
            }
            else
            {
                Assert.Equal(level, features.Smoothed(t)!.Value, 12);
            }
        }

        Assert.Equal(0.1, ForecastFeatures.SmoothingWeight);
    }

    [Fact]
    public void NoisyNightsAroundOneLevelEarnTheLongerRunLevelItsWeight()
    {
        var run = WalkForward.Run(Features(NoisyAroundOneLevel(300)));
        var late = run.Points.Where(p => p.Horizon == 1 && p.Actual is not null && p.Origin >= 150).ToList();
        double Mae(Func<WalkForwardPoint, double> f) => late.Average(p => Math.Abs(Math.Exp(f(p)) - Math.Exp(p.Actual!.Value)));

        Assert.All(late, p => Assert.Equal(ForecastMethods.Combined, p.Method));
        // It carries more of the blend than the latest reading or the 7-day mean (the deviation model, which also sees the 28- and 90-day levels, shares the rest).
        var weights = (smoothed: late.Average(p => p.WeightSmoothed), latest: late.Average(p => p.WeightPersistence), model: late.Average(p => p.WeightModel));
        var mean7 = 1 - weights.smoothed - weights.latest - weights.model;
        Assert.True(weights.smoothed > Math.Max(weights.latest, mean7), $"weights: {weights}, mean7 {mean7:0.00}");
        Assert.True(Mae(p => p.Served) < 0.97 * Math.Min(Mae(p => p.Mean7), Mae(p => p.Persistence)), $"served {Mae(p => p.Served):0.00}, mean7 {Mae(p => p.Mean7):0.00}, persistence {Mae(p => p.Persistence):0.00}");
        // Tomorrow's forecast says how far the longer-run level moved it from the 7-day mean.
        Assert.Contains(run.Drivers(), d => d.Feature == "longer_run_vs_level");
    }

    private static readonly DateTimeOffset Now = new(2026, 7, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly string[] InternalNames = ["mean7", "persistence", "champion", "challenger", "model v", "pooled", "combined", "smoothed", "(template)"];

    [Fact]
    public void TheCycleIssuesSevenDaysWithNestedIntervalsAndSaysWhyInPlainWords()
    {
        var features = Features(Person(55, 300));
        var registry = new ModelRegistryState();
        var log = new List<ForecastLogRow>();
        var outcome = ForecastCycle.Run(features, registry, log, Now);

        Assert.Equal(7, outcome.Issued);
        Assert.Equal(ForecastMethods.Combined, registry.Served);
        Assert.All(log, r =>
        {
            Assert.Equal(LastDay, r.Origin);
            Assert.True(r.Lower95 <= r.Lower80 && r.Lower80 <= r.HrvMs && r.HrvMs <= r.Upper80 && r.Upper80 <= r.Upper95, $"h{r.Horizon}: {r.Lower95} {r.Lower80} {r.HrvMs} {r.Upper80} {r.Upper95}");
        });
        Assert.Equal(Enumerable.Range(1, 7).Select(h => LastDay.AddDays(h)), log.Select(r => r.Target));

        var forecast = Forecaster.Present(outcome.Run, registry, log)!;
        Assert.Matches(@"off by \d+\.\d ms \(\d+\.\d %\)", forecast.MethodReason);
        Assert.StartsWith("Next morning (", forecast.Narrative, StringComparison.Ordinal);
        Assert.NotEmpty(forecast.Drivers);
        foreach (var text in new[] { forecast.MethodReason, forecast.Narrative })
        {
            Assert.All(InternalNames, name => Assert.DoesNotContain(name, text, StringComparison.OrdinalIgnoreCase));
        }

        // The same day again issues nothing new; the next day scores the morning that came and issues again.
        Assert.Equal(0, ForecastCycle.Run(features, registry, log, Now).Issued);
        var batch = Person(55, 301);
        var moved = ForecastCycle.Run(Through(batch, LastDay.AddDays(0)), registry, log, Now.AddDays(1));
        Assert.Equal(0, moved.Issued);
    }

    [Fact]
    public void AShortHistoryIsServedTheSevenDayAverageLabelledAsSuch()
    {
        var features = Features(Person(56, 12));
        var registry = new ModelRegistryState();
        var log = new List<ForecastLogRow>();
        var outcome = ForecastCycle.Run(features, registry, log, Now);

        Assert.Equal(7, outcome.Issued);
        Assert.All(log, r => Assert.Equal(ForecastMethods.Mean7, r.Method));
        var forecast = Forecaster.Present(outcome.Run, registry, log)!;
        Assert.StartsWith("Your 7-day average is the forecast for now", forecast.MethodReason, StringComparison.Ordinal);
        Assert.Empty(forecast.Drivers);
        Assert.All(InternalNames, name => Assert.DoesNotContain(name, forecast.Narrative + forecast.MethodReason, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void MorningsScoreYesterdaysForecasts()
    {
        var batch = Person(57, 200);
        var registry = new ModelRegistryState();
        var log = new List<ForecastLogRow>();
        ForecastCycle.Run(Through(batch, LastDay.AddDays(-1)), registry, log, Now.AddDays(-1));
        Assert.All(log, r => Assert.Null(r.ActualMs));

        var today = ForecastCycle.Run(Features(batch), registry, log, Now);
        var scored = log.Single(r => r.Origin == LastDay.AddDays(-1) && r.Horizon == 1);
        var actual = Features(batch).Analysis.Series.Hrv[^1];
        Assert.Equal(actual is null ? 0 : 1, today.Scored);
        if (actual is { } ms)
        {
            Assert.Equal(ms, scored.ActualMs);
            Assert.Equal(scored.HrvMs - ms, scored.ErrorMs!.Value, 9);
        }
    }

    [Fact]
    public void TheTreeModelsOfEarlierVersionsAreRetiredAndTheirFilesListedForDeletion()
    {
        var registry = new ModelRegistryState { Served = ForecastMethods.Model, Champion = 3, NextVersion = 4 };
        registry.Models.Add(new ModelEntry { Version = 2 });
        registry.Models.Add(new ModelEntry { Version = 3 });
        var outcome = ForecastCycle.Run(Features(Person(58, 120)), registry, [], Now);

        Assert.Equal([2, 3], outcome.Retired);
        Assert.Empty(registry.Models);
        Assert.Null(registry.Champion);
        Assert.Contains(registry.Events, e => e.Kind == "retired");
    }

    /// <summary>A person's features with only the days up to <paramref name="through"/>.</summary>
    private static ForecastFeatures Through(ImportBatch batch, DateOnly through)
    {
        var part = new ImportBatch(batch.Source);
        part.Daily.AddRange(batch.Daily.Where(o => o.Date <= through));
        part.Workouts.AddRange(batch.Workouts.Where(w => w.LocalDate <= through));
        return Features(part);
    }
}

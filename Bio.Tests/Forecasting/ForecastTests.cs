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

        for (var i = 0; i <= t; i++)
        {
            for (var h = 1; h <= HrvForecaster.MaxHorizon; h++)
            {
                Assert.Equal(clean.Row(i, h), dirty.Row(i, h));
            }
        }

        var a = HrvForecaster.Train(clean, t)!;
        var b = HrvForecaster.Train(dirty, t)!;
        for (var h = 1; h <= HrvForecaster.MaxHorizon; h++)
        {
            Assert.Equal(a.Predict(h, [clean.Row(t, h)!]), b.Predict(h, [dirty.Row(t, h)!]));
        }

        // ...while a model that saw the corrupted future does forecast differently.
        Assert.NotEqual(a.Predict(1, [clean.Row(t, 1)!]), HrvForecaster.Train(dirty, dirty.Length - 1)!.Predict(1, [dirty.Row(t, 1)!]));
    }

    [Fact]
    public void TrainingIsDeterministicForASeed()
    {
        var features = Features(Person(52, 200));
        var t = features.Length - 1;
        var rows = Enumerable.Range(t - 20, 20).Select(i => features.Row(i, 1)!).ToList();
        var first = HrvForecaster.Train(features, t)!.Predict(1, rows);
        var second = HrvForecaster.Train(features, t)!.Predict(1, rows);

        Assert.Equal(20, first!.Length);
        Assert.Equal(first, second);
    }

    [Fact]
    public void TheWalkForwardBacktestBeatsTheNaiveBaselinesOnARealisticSeries()
    {
        var result = Backtest.Run(Features(Person(53, 400)), new ForecastSettings(RefitEveryDays: 56));
        var next = result.Accuracy([1]);
        var model = next.Single(a => a.Method == ForecastMethods.Model);

        Assert.True(model.N > 250, $"n = {model.N}");
        Assert.True(model.MaseVsPersistence < 0.95, $"MASE vs persistence {model.MaseVsPersistence:0.000}");
        Assert.True(model.MaseVsMean7 < 1.05, $"MASE vs 7-day mean {model.MaseVsMean7:0.000}");
        Assert.InRange(model.Coverage80!.Value, 0.7, 0.9);
        Assert.True(model.Coverage95 > model.Coverage80);
        Assert.Equal(1.0, next.Single(a => a.Method == ForecastMethods.Persistence).MaseVsPersistence, 9);
        // Every forecast is out of sample: its origin comes after the first trainable day.
        Assert.All(result.Points, p => Assert.True(p.Origin >= 60));
    }

    [Fact]
    public void BioNeverServesAModelItKnowsToBeWorse()
    {
        var features = Features(Person(54, 120));
        var settings = new ForecastSettings();
        List<BacktestPoint> Points(double modelError) => [.. Enumerable.Range(0, 80).Select(i =>
            new BacktestPoint(i, 1, 4.0, 4.0 + modelError * (i % 2 == 0 ? 1 : -1), 4.0 + 0.10 * (i % 2 == 0 ? 1 : -1), 4.0 + 0.05 * (i % 2 == 0 ? 1 : -1)))];

        Assert.Equal(ForecastMethods.Mean7, new BacktestResult(features, Points(0.08), settings).Champion());
        Assert.Equal(ForecastMethods.Model, new BacktestResult(features, Points(0.02), settings).Champion());
    }

    private static readonly DateTimeOffset Now = new(2026, 7, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A person's features with only the days up to <paramref name="through"/>.</summary>
    private static ForecastFeatures Through(ImportBatch batch, DateOnly through)
    {
        var part = new ImportBatch(batch.Source);
        part.Daily.AddRange(batch.Daily.Where(o => o.Date <= through));
        part.Workouts.AddRange(batch.Workouts.Where(w => w.LocalDate <= through));
        return Features(part);
    }

    [Fact]
    public void TheCycleTrainsTestsAndIssuesSevenDaysWithNestedIntervalsAndSaysWhy()
    {
        // A person the model must win for (alcohol foretells the drops; see AlcoholSensitive).
        var features = Features(AlcoholSensitive(240));
        var registry = new ModelRegistryState();
        var log = new List<ForecastLogRow>();
        var outcome = ForecastCycle.Run(features, registry, null, log, Now);

        Assert.NotNull(outcome.NewModel);
        Assert.Equal(7, outcome.Issued);
        var entry = Assert.Single(registry.Models);
        Assert.Equal(ForecastCycle.ValidationDays, entry.ValidationN); // every night has a reading
        Assert.Equal(ForecastFeatures.Names, entry.Features);
        Assert.Contains(registry.Events, e => e.Kind == "trained");
        Assert.True(entry.ValidationMaeMs < entry.ValidationMaePersistenceMs && entry.ValidationMaeMs < entry.ValidationMaeMean7Ms,
            $"model {entry.ValidationMaeMs:0.00} ms, persistence {entry.ValidationMaePersistenceMs:0.00} ms, 7-day mean {entry.ValidationMaeMean7Ms:0.00} ms");
        Assert.Equal(ForecastMethods.Model, registry.Served);
        Assert.Equal(entry.Version, registry.Champion);
        Assert.NotNull(outcome.Serving);

        var forecast = Forecaster.Present(features, registry, log, outcome.Serving)!;
        Assert.Equal(LastDay, forecast.IssuedAfter);
        Assert.Equal(Enumerable.Range(1, 7).Select(h => LastDay.AddDays(h)), forecast.Days.Select(d => d.Date));
        Assert.All(forecast.Days, d => Assert.True(d.Lower95 <= d.Lower80 && d.Lower80 <= d.HrvMs && d.HrvMs <= d.Upper80 && d.Upper80 <= d.Upper95, $"{d}"));
        Assert.Equal(ForecastMethods.Model, forecast.Method);
        Assert.Equal(ForecastMethods.Model, forecast.Days[0].Method);
        Assert.Equal(entry.Version, forecast.ModelVersion);
        Assert.StartsWith($"v{entry.Version} is served: next-day MAE on {entry.ValidationN} validation days", forecast.MethodReason, StringComparison.Ordinal);
        Assert.StartsWith("Next morning (", forecast.Narrative, StringComparison.Ordinal);
        Assert.EndsWith("Made by your own model.", forecast.Narrative, StringComparison.Ordinal);
        // Alcohol was logged on the last day: it drives tomorrow's forecast down, and the narrative says so.
        Assert.NotEmpty(forecast.Drivers);
        var top = forecast.Drivers[0];
        Assert.Equal("alcohol_logged_today", top.Feature);
        Assert.Equal(1, top.Value);
        Assert.True(top.EffectPercent < -20, $"alcohol moved the forecast {top.EffectPercent:0.0} %");
        Assert.Contains("Mostly because of alcohol logged today (-", forecast.Narrative, StringComparison.Ordinal);
        Assert.True(forecast.Days[0].HrvMs < 45, $"tomorrow {forecast.Days[0].HrvMs:0.0} ms");

        // The same day again issues nothing new and trains nothing.
        var again = ForecastCycle.Run(features, registry, outcome.Serving, log, Now.AddHours(1));
        Assert.Equal((0, 0, (int?)null), (again.Issued, again.Scored, again.NewModel?.Version));
    }

    [Fact]
    public void AModelWorseThanTheBaselinesOnTheValidationDaysIsRegisteredButNotServed()
    {
        // The same person, but in the last 28 days (the validation days) alcohol no longer lowers HRV: a
        // model that learnt the drops forecasts drops that do not come, and yesterday's value is better.
        var features = Features(AlcoholSensitive(240, effectUntil: LastDay.AddDays(-ForecastCycle.ValidationDays)));
        var registry = new ModelRegistryState();
        var log = new List<ForecastLogRow>();
        var outcome = ForecastCycle.Run(features, registry, null, log, Now);

        var entry = Assert.Single(registry.Models);
        Assert.True(entry.ValidationMaeMs > Math.Min(entry.ValidationMaePersistenceMs, entry.ValidationMaeMean7Ms),
            $"model {entry.ValidationMaeMs:0.00} ms, persistence {entry.ValidationMaePersistenceMs:0.00} ms, 7-day mean {entry.ValidationMaeMean7Ms:0.00} ms");
        Assert.Contains(registry.Served, (string[])[ForecastMethods.Persistence, ForecastMethods.Mean7]);
        Assert.Null(registry.Champion);
        Assert.Null(outcome.Serving);
        Assert.All(registry.ServedByHorizon, m => Assert.NotEqual(ForecastMethods.Model, m));

        var forecast = Forecaster.Present(features, registry, log, outcome.Serving)!;
        Assert.Equal(registry.Served, forecast.Method);
        Assert.Null(forecast.ModelVersion);
        Assert.Empty(forecast.Drivers);
        Assert.Equal(7, forecast.Days.Count);
        Assert.All(forecast.Days, d => Assert.NotEqual(ForecastMethods.Model, d.Method));
        Assert.Contains("baseline is served because no model beat it", forecast.MethodReason, StringComparison.Ordinal);
        Assert.EndsWith("which no model has beaten on your data yet.", forecast.Narrative, StringComparison.Ordinal);
    }

    [Fact]
    public void MorningsScoreYesterdaysForecastsAndRetrainingComesEvery28Days()
    {
        var batch = Person(57, 300);
        var day = LastDay.AddDays(-160);
        var registry = new ModelRegistryState();
        var log = new List<ForecastLogRow>();
        var serving = ForecastCycle.Run(Through(batch, day), registry, null, log, Now).Serving;

        var later = ForecastCycle.Run(Through(batch, day.AddDays(3)), registry, serving, log, Now.AddDays(3));
        Assert.Null(later.NewModel); // not due yet
        Assert.Equal(7, later.Issued);
        var scored = log.Where(r => r.Origin == day && r.Target <= day.AddDays(3)).ToList();
        Assert.Equal(3, scored.Count);
        Assert.All(scored, r => Assert.Equal(r.HrvMs - r.ActualMs!.Value, r.ErrorMs!.Value, 9));
        Assert.Equal(3, later.Scored);

        var month = ForecastCycle.Run(Through(batch, day.AddDays(28)), registry, later.Serving, log, Now.AddDays(28));
        Assert.NotNull(month.NewModel);
        Assert.Contains(registry.Events, e => e.Kind is "served" or "kept" or "baseline" && e.AtUtc == Now.AddDays(28).UtcDateTime);

        // After several months only the best three models stay registered.
        var retired = new List<int>();
        var champion = month.Serving;
        for (var k = 2; k <= 5; k++)
        {
            var o = ForecastCycle.Run(Through(batch, day.AddDays(28 * k)), registry, champion, log, Now.AddDays(28 * k));
            retired.AddRange(o.Retired);
            champion = o.Serving;
        }

        Assert.Equal(ForecastCycle.KeepModels, registry.Models.Count);
        Assert.Equal(3, retired.Count);
        Assert.Equal(3, registry.Events.Count(e => e.Kind == "retired"));
        Assert.DoesNotContain(registry.Models, m => retired.Contains(m.Version));
    }

    [Fact]
    public void AShortHistoryGetsTheBestBaselineLabelledAsSuch()
    {
        // The person the model wins for with 240 days, with 20: too few to train and test a model.
        var features = Features(AlcoholSensitive(20));
        var registry = new ModelRegistryState();
        var log = new List<ForecastLogRow>();
        var outcome = ForecastCycle.Run(features, registry, null, log, Now);
        var forecast = Forecaster.Present(features, registry, log, outcome.Serving)!;

        Assert.Null(outcome.NewModel);
        Assert.Null(outcome.Serving);
        Assert.Empty(registry.Models);
        Assert.DoesNotContain(registry.Events, e => e.Kind == "trained");
        Assert.Contains(registry.Served, (string[])[ForecastMethods.Persistence, ForecastMethods.Mean7]);
        Assert.Equal(registry.Served, forecast.Method);
        Assert.Null(forecast.ModelVersion);
        Assert.Contains("only 20 days of history", forecast.MethodReason, StringComparison.Ordinal);
        Assert.Empty(forecast.Drivers);
        Assert.Equal(7, forecast.Days.Count);
        Assert.All(forecast.Days, d => Assert.NotEqual(ForecastMethods.Model, d.Method));
        Assert.EndsWith("which no model has beaten on your data yet.", forecast.Narrative, StringComparison.Ordinal);
    }

    [Fact]
    public void AStoredModelPredictsExactlyAsTheTrainedOne()
    {
        var features = Features(Person(58, 150));
        var model = HrvForecaster.Train(features, features.Length - 1)!;
        using var buffer = new MemoryStream();
        model.Save(buffer);
        buffer.Position = 0;
        var loaded = HrvModel.Load(buffer, model.TrainedThrough, model.Pairs, model.Settings);
        var rows = Enumerable.Range(features.Length - 30, 30).Select(i => features.Row(i, 3)!).ToList();

        Assert.Equal(model.Predict(3, rows), loaded.Predict(3, rows));
        Assert.Equal(model.Contributions(1, rows[0]), loaded.Contributions(1, rows[0]));
    }

    [Fact]
    public void AColdStartIsServedThePooledModelWhenItBeatsTheBaselinesOnTheirDays()
    {
        var features = Features(Person(59, 50));
        var registry = new ModelRegistryState();
        var log = new List<ForecastLogRow>();
        var pooled = new PooledModel();
        var outcome = ForecastCycle.Run(features, registry, null, log, Now, pooled: pooled.Get);

        Assert.Null(outcome.NewModel); // 50 days cannot train and test a model of their own
        var decision = registry.Events.Last(e => e.Kind is "pooled" or "baseline");
        Assert.Contains("pooled model", decision.Text, StringComparison.Ordinal);
        Assert.Equal(ForecastMethods.Pooled, registry.Served);
        var forecast = Forecaster.Present(features, registry, log, null, pooled.Get())!;
        Assert.Equal(ForecastMethods.Pooled, forecast.Method);
        Assert.NotEmpty(forecast.Drivers);
        Assert.Contains("pooled model", forecast.Narrative, StringComparison.Ordinal);

        // A week later it is looked at again (cold starts are re-evaluated weekly, not every 28 days).
        var week = ForecastCycle.Run(Features(SyntheticPerson.Generate(59, 57, LastDay.AddDays(7)).Batch), registry, null, log, Now.AddDays(7), pooled: pooled.Get);
        Assert.Equal(2, registry.Events.Count(e => e.Kind is "pooled" or "baseline"));
        Assert.Equal(7, week.Issued);
    }

    [Fact]
    public void EachHorizonIsServedByTheModelOnlyWhereItBeatsTheBaselinesThere()
    {
        var features = Features(Person(54, 120));
        // The model is best the next day and worst two days ahead.
        var points = Enumerable.Range(0, 80).SelectMany(i => new[]
        {
            new BacktestPoint(i, 1, 4.0, 4.0 + 0.02 * (i % 2 == 0 ? 1 : -1), 4.0 + 0.10 * (i % 2 == 0 ? 1 : -1), 4.0 + 0.05 * (i % 2 == 0 ? 1 : -1)),
            new BacktestPoint(i, 2, 4.0, 4.0 + 0.09 * (i % 2 == 0 ? 1 : -1), 4.0 + 0.10 * (i % 2 == 0 ? 1 : -1), 4.0 + 0.05 * (i % 2 == 0 ? 1 : -1)),
        }).ToList();
        var byHorizon = new BacktestResult(features, points, new ForecastSettings()).ChampionByHorizon();

        Assert.Equal(ForecastMethods.Model, byHorizon[0]);
        Assert.Equal(ForecastMethods.Mean7, byHorizon[1]);
    }

    [Fact]
    public void TheIssuedForecastFollowsTheMethodChosenForEachHorizon()
    {
        var features = Features(Person(60, 200));
        var registry = new ModelRegistryState();
        var log = new List<ForecastLogRow>();
        ForecastCycle.Run(features, registry, null, log, Now);

        Assert.Equal(7, registry.ServedByHorizon.Length);
        Assert.True(registry.ServedByHorizon.Distinct().Count() > 1, $"the test needs horizons served by different methods: {string.Join(", ", registry.ServedByHorizon)}");
        Assert.All(registry.ServedByHorizon, m => Assert.Contains(m, (string[])[registry.Served, ForecastMethods.Persistence, ForecastMethods.Mean7]));
        Assert.Equal(registry.ServedByHorizon, log.OrderBy(r => r.Horizon).Select(r => r.Method));
        Assert.Equal(registry.Served, registry.ServedByHorizon[0]);
    }
}

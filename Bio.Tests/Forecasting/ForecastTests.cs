using Bio.Core.Analytics;
using Bio.Core.Forecasting;
using Bio.Core.Ingest;
using Bio.Core.Lake;
using Bio.Core.Synthetic;

namespace Bio.Tests.Forecasting;

public sealed class ForecastTests
{
    private static readonly DateOnly LastDay = new(2026, 6, 30);

    private static ForecastFeatures Features(ImportBatch batch)
    {
        var silver = new Silver();
        silver.Merge(batch, "test");
        return new ForecastFeatures(Analysis.Run(DaySeries.FromSilver(silver)));
    }

    private static ImportBatch Person(int seed, int days) => SyntheticPerson.Generate(seed, days, LastDay).Batch;

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
        var otherSeed = HrvForecaster.Train(features, t, new ForecastSettings(Seed: 7))!.Predict(1, rows);

        Assert.Equal(first, second);
        Assert.NotNull(otherSeed);
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

        Assert.Equal(ForecastMethods.Mean7, new BacktestResult(features, Points(0.08), settings, null).Champion());
        Assert.Equal(ForecastMethods.Model, new BacktestResult(features, Points(0.02), settings, null).Champion());
    }

    [Fact]
    public void TheServedForecastHasSevenDaysWithNestedIntervalsAndSaysWhy()
    {
        var features = Features(Person(55, 240));
        var forecast = Forecaster.Forecast(Forecaster.ServingBacktest(features, new ForecastSettings(RefitEveryDays: 56)))!;

        Assert.Equal(LastDay, forecast.IssuedAfter);
        Assert.Equal(Enumerable.Range(1, 7).Select(h => LastDay.AddDays(h)), forecast.Days.Select(d => d.Date));
        Assert.All(forecast.Days, d =>
        {
            Assert.True(d.Lower95 <= d.Lower80 && d.Lower80 <= d.HrvMs && d.HrvMs <= d.Upper80 && d.Upper80 <= d.Upper95, $"{d}");
        });
        Assert.Contains(forecast.Method, ForecastMethods.All);
        Assert.Contains("next-day error over the last", forecast.MethodReason, StringComparison.Ordinal);
        Assert.StartsWith("Tomorrow,", forecast.Narrative, StringComparison.Ordinal);
        if (forecast.Method == ForecastMethods.Model)
        {
            Assert.NotEmpty(forecast.Drivers);
            Assert.All(forecast.Drivers, d => Assert.Contains(d.Feature, ForecastFeatures.Names));
        }
    }

    [Fact]
    public void AShortHistoryGetsTheBestBaselineLabelledAsSuch()
    {
        var features = Features(Person(56, 20));
        var forecast = Forecaster.Forecast(Forecaster.ServingBacktest(features))!;

        Assert.NotEqual(ForecastMethods.Model, forecast.Method);
        Assert.Contains("only 20 days of history", forecast.MethodReason, StringComparison.Ordinal);
        Assert.Empty(forecast.Drivers);
        Assert.Equal(7, forecast.Days.Count);
    }
}

using System.Text.Json;
using Bio.Core.Analytics;
using Bio.Core.Ingest;
using Bio.Core.Lake;
using Bio.Core.Synthetic;

namespace Bio.Tests.Analytics;

public sealed class AnalysisTests
{
    private static readonly DateOnly LastDay = new(2026, 6, 30);
    private static readonly string[] Intensities = ["rest", "easy", "moderate", "hard"];

    /// <summary>Silver holding the part of a batch that <paramref name="keep"/> selects (by day).</summary>
    internal static Silver SilverOf(ImportBatch batch, Func<DateOnly, bool> keep)
    {
        var part = new ImportBatch(batch.Source);
        part.Daily.AddRange(batch.Daily.Where(o => keep(o.Date)));
        part.Workouts.AddRange(batch.Workouts.Where(w => keep(w.LocalDate)));
        var silver = new Silver();
        silver.Merge(part, "test");
        return silver;
    }

    private static string Json(AnalysisResult r) => JsonSerializer.Serialize(new
    {
        r.Hrv, r.Load, r.Risk, r.Readiness, r.Recommendations, r.Anomalies, r.WorkoutLoads,
    });

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(90)]
    public void AnIncrementalUpdateEqualsAFullRecompute(int newDays)
    {
        var person = SyntheticPerson.Generate(seed: 11, days: 400, LastDay);
        var cut = LastDay.AddDays(-newDays);
        var before = Analysis.Run(DaySeries.FromSilver(SilverOf(person.Batch, d => d <= cut)));

        // The import: the remaining days merged into the same silver.
        var silver = SilverOf(person.Batch, d => d <= cut);
        var rest = new ImportBatch(person.Batch.Source);
        rest.Daily.AddRange(person.Batch.Daily.Where(o => o.Date > cut));
        rest.Workouts.AddRange(person.Batch.Workouts.Where(w => w.LocalDate > cut));
        var outcome = silver.Merge(rest, "next");
        var series = DaySeries.FromSilver(silver);

        var incremental = Analysis.Run(series, before, outcome.EarliestChange);
        var full = Analysis.Run(series);

        Assert.Equal(cut.AddDays(1), outcome.EarliestChange);
        Assert.Equal(series.Index(cut.AddDays(1)), incremental.RecomputedFrom);
        Assert.Equal(0, full.RecomputedFrom);
        Assert.Equal(Json(full), Json(incremental));
    }

    [Fact]
    public void ACorrectionInThePastRecomputesFromThatDay()
    {
        var person = SyntheticPerson.Generate(seed: 12, days: 200, LastDay);
        var silver = SilverOf(person.Batch, _ => true);
        var before = Analysis.Run(DaySeries.FromSilver(silver));
        var day = LastDay.AddDays(-100);
        var fix = new ImportBatch("oura");
        fix.Daily.Add(new DailyObservation(day, Metric.RestingHrBpm, 75, "oura", fix.RowRead()));
        var outcome = silver.Merge(fix, "fix");
        var series = DaySeries.FromSilver(silver);

        var incremental = Analysis.Run(series, before, outcome.EarliestChange);

        Assert.Equal(series.Index(day), incremental.RecomputedFrom);
        Assert.Equal(Json(Analysis.Run(series)), Json(incremental));
        Assert.NotEqual(Json(before), Json(incremental));
    }

    [Fact]
    public void NoDataGivesAnEmptyResult()
    {
        var result = Analysis.Run(DaySeries.FromSilver(new Silver()));
        Assert.Empty(result.Hrv);
        Assert.Empty(result.Anomalies);
    }

    [Fact]
    public void EveryDayHasAStatusARecommendationAndAReadinessOnceThereIsHistory()
    {
        var person = SyntheticPerson.Generate(seed: 13, days: 120, LastDay);
        var result = Analysis.Run(DaySeries.FromSilver(SilverOf(person.Batch, _ => true)));

        Assert.Equal(120, result.Series.Length);
        Assert.All(result.Recommendations, r => Assert.Contains(r.Intensity, Intensities));
        var settled = result.Readiness.Skip(70).Where(r => result.Series.Hrv[result.Series.Index(r.Date)] is not null).ToList();
        Assert.True(settled.Count > 40);
        Assert.All(settled, r => Assert.InRange(r.Score!.Value, 0, 100));
        Assert.All(settled, r => Assert.Equal(4, r.Contributors.Count));
        Assert.All(settled, r => Assert.NotEqual(Readiness.Unknown, r.EnergyState));
        // A usual person's readiness sits around 75 with real spread.
        var scores = settled.Select(r => (double)r.Score!.Value).ToList();
        Assert.InRange(scores.Average(), 60, 85);
        Assert.True(HrvStatus.SampleSd(scores) > 3);
    }

    [Fact]
    public void TheNormalRangeWidthIsASetting()
    {
        var series = DaySeries.FromSilver(SilverOf(SyntheticPerson.Generate(seed: 14, days: 100, LastDay).Batch, _ => true));
        var usual = Analysis.Run(series, options: new AnalyticsSettings().ToOptions()).Hrv[^1];
        var wide = Analysis.Run(series, options: new AnalyticsSettings { HrvNormalRangeWidth = 1.0 }.ToOptions()).Hrv[^1];

        Assert.Equal(usual.Baseline, wide.Baseline);
        Assert.Equal(2 * (usual.Upper!.Value - usual.Baseline!.Value), wide.Upper!.Value - wide.Baseline!.Value, 9);
        var error = Assert.Throws<InvalidOperationException>(() => new AnalyticsSettings { HrvNormalRangeWidth = 0 }.ToOptions());
        Assert.Contains("HrvNormalRangeWidth", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangedSettingsRecomputeEverything()
    {
        var series = DaySeries.FromSilver(SilverOf(SyntheticPerson.Generate(seed: 15, days: 100, LastDay).Batch, _ => true));
        var before = Analysis.Run(series);
        var after = Analysis.Run(series, before, LastDay, new AnalyticsSettings { HrvNormalRangeWidth = 1.0 }.ToOptions());
        Assert.Equal(0, after.RecomputedFrom);
    }

    [Fact]
    public void NoDayLooksAhead()
    {
        // Every flag, status and score of a day is the same whether or not later days exist.
        var person = SyntheticPerson.Generate(seed: 16, days: 300, LastDay);
        var cut = LastDay.AddDays(-120);
        var past = Analysis.Run(DaySeries.FromSilver(SilverOf(person.Batch, d => d <= cut)));
        var all = Analysis.Run(DaySeries.FromSilver(SilverOf(person.Batch, _ => true)));
        var n = past.Series.Length;

        Assert.Equal(JsonSerializer.Serialize(past.Hrv), JsonSerializer.Serialize(all.Hrv[..n]));
        Assert.Equal(JsonSerializer.Serialize(past.Load), JsonSerializer.Serialize(all.Load[..n]));
        Assert.Equal(JsonSerializer.Serialize(past.Risk), JsonSerializer.Serialize(all.Risk[..n]));
        Assert.Equal(JsonSerializer.Serialize(past.Readiness), JsonSerializer.Serialize(all.Readiness[..n]));
        Assert.Equal(JsonSerializer.Serialize(past.Recommendations), JsonSerializer.Serialize(all.Recommendations[..n]));
        Assert.Equal(JsonSerializer.Serialize(past.Anomalies), JsonSerializer.Serialize(all.Anomalies.Where(a => a.Date <= cut)));
        Assert.Equal(JsonSerializer.Serialize(past.WorkoutLoads), JsonSerializer.Serialize(all.WorkoutLoads.Where(w => w.Date <= cut)));
    }

    [Fact]
    public void FeelingIllInTheJournalMeansRestThatDayAndTheNextAndAnIncrementalUpdateSeesIt()
    {
        var silver = SilverOf(SyntheticPerson.Generate(seed: 18, days: 120, LastDay).Batch, _ => true);
        var before = Analysis.Run(DaySeries.FromSilver(silver));
        var ill = LastDay.AddDays(-10);
        Assert.True(before.Recommendations.Any(r => r.Date >= ill && r.Date <= ill.AddDays(1) && r.Intensity != "rest"), "the test needs days that were not rest");

        var text = "Sore throat and a fever, stayed in bed";
        var outcome = silver.Merge(Bio.Core.Journal.JournalEntries.Batch(silver, ill, text, Bio.Core.Journal.JournalExtractor.Extract(text)), "jrn-1");
        Assert.Equal(ill, outcome.EarliestChange);
        var incremental = Analysis.Run(DaySeries.FromSilver(silver), before, outcome.EarliestChange);
        var full = Analysis.Run(DaySeries.FromSilver(silver));
        Assert.Equal(Json(full), Json(incremental));

        var advice = full.Recommendations.Where(r => r.Date >= ill && r.Date <= ill.AddDays(1)).ToList();
        Assert.Equal(2, advice.Count);
        Assert.All(advice, r => Assert.Equal("rest", r.Intensity));
        Assert.All(advice, r => Assert.True(r.Reason.StartsWith("your journal says you felt ill", StringComparison.Ordinal) ||
                                            r.Reason.StartsWith("an early illness signal", StringComparison.Ordinal), r.Reason));
        // Days before it are as they were.
        var n = full.Series.Index(ill);
        Assert.Equal(JsonSerializer.Serialize(before.Recommendations[..n]), JsonSerializer.Serialize(full.Recommendations[..n]));
    }
}

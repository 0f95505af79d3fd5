using Bio.Core.Analytics;
using Bio.Core.Ingest;
using Bio.Core.Ingest.Generic;
using Bio.Core.Lake;
using Bio.Core.Synthetic;
using Bio.Tests.Ingest;

namespace Bio.Tests.Analytics;

/// <summary>
/// The insights end to end on committed data. Fixtures/insights/sleep-readiness.csv (73 nights over 75
/// days, two nights missing) was analysed independently of Bio with SciPy 1.10.1 (Debian python3-scipy):
/// <code>
/// rows = list(csv.DictReader(open("sleep-readiness.csv")))
/// stats.pearsonr(sleep, readiness); stats.linregress(sleep, readiness)        # same-date pairs
/// # readiness trend: for each calendar day i from the first, the mean of the readiness values of days
/// # i-13..i when there are at least 7 of them, regressed on i:
/// stats.linregress(i_values, ma14_values)
/// </code>
/// and the repr() of each number pasted below.
/// </summary>
public sealed class InsightsTests
{
    private static AnalysisResult Analyse(ImportBatch batch) => Analysis.Of(batch);

    private static AnalysisResult Fixture(string name)
    {
        using var stream = Ingest.Fixture.Open(name);
        return Analyse(new GenericCsvImporter().Import(stream, new ImportContext(Path.GetFileName(name), TimeZoneInfo.Utc)));
    }

    [Fact]
    public void SleepAndReadinessMatchScipyOnTheCommittedFixture()
    {
        var insight = Insights.Compute(Fixture("insights/sleep-readiness.csv")).Single(i => i.Id == "sleep_readiness");

        Assert.Equal(Insights.Ok, insight.Status);
        Assert.Equal(73, insight.N);
        Assert.Equal(0.5542194965675918, insight.Statistic!.Value, 1e-6);
        Assert.Equal(3.639568231349362e-07, insight.P!.Value, 1e-12);
        Assert.Equal(0.4373144765384175, insight.Effect!.Value, 1e-6);
        var line = insight.Chart.Series.Single(s => s.Name == "linear fit").Points;
        Assert.Equal(39.821490752369 + 0.4373144765384175 * line[0].X!.Value, line[0].Y, 1e-6);
        Assert.Contains("r = 0.55", insight.Narrative, StringComparison.Ordinal);
        Assert.Contains("association, not causation", insight.Narrative, StringComparison.Ordinal);
    }

    [Fact]
    public void TheReadinessTrendMatchesScipyOnTheCommittedFixture()
    {
        var insight = Insights.Compute(Fixture("insights/sleep-readiness.csv")).Single(i => i.Id == "readiness_trend");

        Assert.Equal(Insights.Ok, insight.Status);
        Assert.Equal(69, insight.N);
        Assert.Equal(0.1133051723780624, insight.Statistic!.Value, 1e-6);
        Assert.Equal(3.753830045513059e-22, insight.P!.Value, 1e-27);
        Assert.Contains("rose", insight.Narrative, StringComparison.Ordinal);
        Assert.Equal(3, insight.Chart.Series.Count);
    }

    [Fact]
    public void BelowTheMinimumNBioDoesNotConclude()
    {
        var a = Fixture("insights/sleep-readiness.csv");
        var first = a.Series.First;
        var insights = Insights.Compute(a, first, first.AddDays(Insights.MinPairs - 2));
        var sleep = insights.Single(i => i.Id == "sleep_readiness");
        Assert.Equal(Insights.Insufficient, sleep.Status);
        Assert.Null(sleep.P);
        Assert.Contains("at least 14 needed", sleep.Narrative, StringComparison.Ordinal);
    }

    [Fact]
    public void APlantedEffectIsFoundAndNoEffectIsNotClaimed()
    {
        // Synthetic people: readiness falls after hard days by construction (yesterday's load lowers it).
        var a = Analyse(SyntheticPerson.Generate(41, 400, new DateOnly(2026, 6, 30)).Batch);
        var intensity = Insights.Compute(a).Single(i => i.Id == "intensity_impact");
        Assert.Equal(Insights.Ok, intensity.Status);
        Assert.True(intensity.P < 0.05, $"p = {intensity.P}");
        var comparison = Assert.Single(intensity.Comparisons);
        Assert.True(comparison.Median1 < comparison.Median2);

        // Shuffling readiness across days removes any link: nothing "unlikely to be chance" should remain.
        var shuffled = new ImportBatch("shuffled");
        var random = new Random(5);
        var person = SyntheticPerson.Generate(41, 400, new DateOnly(2026, 6, 30)).Batch;
        var readiness = person.Daily.Where(o => o.Metric == Metric.ReadinessScore).Select(o => o.Value).OrderBy(_ => random.Next()).ToList();
        var k = 0;
        shuffled.Daily.AddRange(person.Daily.Where(o => o.Metric is Metric.ReadinessScore or Metric.SleepScore)
            .Select(o => o.Metric == Metric.ReadinessScore ? o with { Value = readiness[k++] } : o));
        shuffled.Workouts.AddRange(person.Workouts);
        var none = Insights.Compute(Analyse(shuffled));
        Assert.True(none.Single(i => i.Id == "sleep_readiness").P > 0.01);
        Assert.Contains("could well be chance", none.Single(i => i.Id == "sleep_readiness").Narrative, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;
using Bio.Core.Agent;
using Bio.Core.Analytics;
using Bio.Core.Charts;
using Bio.Core.Ingest;
using Bio.Core.Lake;
using Bio.Core.Reports;
using Bio.Core.Synthetic;

namespace Bio.Tests.Charts;

/// <summary>One colour per measure on every chart: the page's, the report's and the agent's.</summary>
public sealed partial class MeasureColoursTests
{
    private static readonly string Hrv = Metric.HrvRmssdMs.Key();

    [Fact]
    public void EveryImportedMeasureHasAColour()
    {
        var missing = Enum.GetValues<Metric>().Where(m => MeasureColours.Of(m.Key()) is null).ToList();
        Assert.Empty(missing);
        Assert.All(MeasureColours.All.Values, c => Assert.Matches("^#[0-9a-f]{6}$", c));
    }

    [Fact]
    public void MeasuresShownTogetherHaveDistinctColours()
    {
        string[][] together =
        [
            [.. Devices.OuraReadinessContributors.Select(c => c.Metric.Key())],
            [Metric.DeepMinutes.Key(), Metric.RemMinutes.Key(), Metric.LightMinutes.Key(), Metric.AwakeMinutes.Key()],
            [.. Devices.SleepNeed.Select(m => m.Key())],
            [MeasureColours.Fitness, MeasureColours.Fatigue, MeasureColours.Form],
            [Hrv, MeasureColours.Forecast],
        ];
        foreach (var group in together)
        {
            Assert.True(group.Length >= 2, string.Join(", ", group));
            var colours = group.Select(MeasureColours.Of).ToList();
            Assert.DoesNotContain(null, colours);
            Assert.Equal(group.Length, colours.Distinct().Count());
        }
    }

    [Fact]
    public void AMeasureTakesItsColourWhereverItStandsAndOtherSeriesAvoidIt()
    {
        ChartPoint[] p = [new(1, "a", 50), new(2, "b", 52)];
        var first = ChartJson.Of(new ChartSpec("line", "one", "date", "ms", [new ChartSeries("7-day mean", "line", p, Hrv)]));
        var third = ChartJson.Of(new ChartSpec("line", "two", "date", "ms",
        [
            new ChartSeries("something", "line", p), new ChartSeries("other", "points", p), new ChartSeries("HRV", "line", p, Hrv),
        ]));

        var hrvColour = MeasureColours.Of(Hrv);
        Assert.Equal(hrvColour, Series(first)[0].GetProperty("colour").GetString());
        var series = Series(third);
        Assert.Equal(hrvColour, series[2].GetProperty("colour").GetString());
        Assert.Equal(Hrv, series[2].GetProperty("measure").GetString());
        // The unnamed series keep their colours by role, never the measure's.
        Assert.NotEqual(hrvColour, series[0].GetProperty("colour").GetString());
        Assert.NotEqual(hrvColour, series[1].GetProperty("colour").GetString());
        Assert.NotEqual(series[0].GetProperty("colour").GetString(), series[1].GetProperty("colour").GetString());
    }

    [Fact]
    public void AMeasuresDotsUnderItsOwnMeanAreLighterInItsColourAndItsBandSharesIt()
    {
        ChartPoint[] p = [new(1, "a", 50, 40), new(2, "b", 52, 41)];
        var spec = new ChartSpec("line", "HRV", "date", "ms",
        [
            new ChartSeries("normal range", "band", p, Hrv), new ChartSeries("nightly HRV", "points", p, Hrv), new ChartSeries("7-day mean", "line", p, Hrv),
        ]);

        var series = Series(ChartJson.Of(spec));
        Assert.All(series, s => Assert.Equal(MeasureColours.Of(Hrv), s.GetProperty("colour").GetString()));
        Assert.Equal([false, true, false], series.Select(s => s.GetProperty("faded").GetBoolean()));
        var svg = SvgChart.Render(spec);
        Assert.Equal(2, Regex.Count(svg, $"<circle class=\"point\"[^>]*fill=\"{MeasureColours.Of(Hrv)}\" fill-opacity=\"{SvgChart.FadedOpacity}\""));

        // Dots alone (no mean of theirs) are drawn whole.
        var alone = Series(ChartJson.Of(spec with { Series = [spec.Series[1]] }));
        Assert.False(alone[0].GetProperty("faded").GetBoolean());
    }

    [Fact]
    public void TheWeeklyReportDrawsHrvAndLoadInTheirOwnColours()
    {
        var data = SyntheticPerson.Generate(seed: 11, days: 150, lastDay: new DateOnly(2026, 6, 14));
        var silver = new Silver();
        silver.Merge(data.Batch, data.Batch.Source);
        var analysis = Analysis.Run(DaySeries.FromSilver(silver));
        var weekly = (IReadOnlyList<WeeklyTrendRow>)new LakeSnapshot(silver, analysis).Rows(LakeTables.WeeklyTrends);
        var html = ReportHtml.Render(WeeklyReports.Build(analysis, weekly, [], new DateOnly(2026, 6, 14), "Nia", DateTimeOffset.UnixEpoch, WeeklyReports.OnDemand));

        foreach (var (series, measure) in new[]
        {
            ("HRV mean (ms)", Hrv), ("normal range", Hrv), ("daily HRV", Hrv), ("7-day mean", Hrv),
            ("fitness", MeasureColours.Fitness), ("fatigue", MeasureColours.Fatigue), ("form", MeasureColours.Form),
        })
        {
            var group = Regex.Match(html, $"<g class=\"series\" data-series=\"{Regex.Escape(series)}\"[^>]*>(.*?)</g>", RegexOptions.Singleline);
            Assert.True(group.Success, $"no series {series} in the report");
            var fills = FillOrStroke().Matches(group.Groups[1].Value).Select(m => m.Groups[1].Value).Distinct().ToList();
            Assert.Equal([MeasureColours.Of(measure)!], fills);
        }
    }

    [Fact]
    public void TheAgentsChartsOfAMeasureTakeItsColour()
    {
        Assert.Equal(Hrv, MetricVocabulary.Get("hrv").Measure);
        Assert.Equal(Metric.SleepMinutes.Key(), MetricVocabulary.Get("sleep").Measure); // charted in hours
        Assert.Equal(MeasureColours.Fitness, MetricVocabulary.Get("fitness").Measure);
        Assert.Equal(MeasureColours.BioReadiness, MetricVocabulary.Get("bio_readiness").Measure);
        // Every curated daily measure of a silver column names it.
        Assert.All(MetricVocabulary.All.Where(m => m.Table == "daily" && !m.Generated), m => Assert.NotNull(m.Measure));
    }

    private static List<JsonElement> Series(string json) => [.. JsonDocument.Parse(json).RootElement.GetProperty("series").EnumerateArray()];

    [GeneratedRegex("(?:fill|stroke)=\"(#[0-9a-f]{6})\"")]
    private static partial Regex FillOrStroke();
}

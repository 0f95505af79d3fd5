using System.Globalization;
using Bio.Core.Analytics;
using Bio.Web.Components.Cards;
using Bio.Web.Components.Charts;
using Bunit;

namespace Bio.Tests.Web;

/// <summary>The status cards and charts rendered on their own (bUnit), with the data edges real people have.</summary>
public sealed class ComponentTests : IDisposable
{
    private static readonly DateOnly Day = new(2026, 6, 10);
    private readonly BunitContext bunit = new();

    public void Dispose() => bunit.Dispose();

    private static DayStatus Status(
        int? score = 72, string hrvStatus = "within", double? mean7 = 3.9, double? lower = 3.8, double? upper = 4.0,
        IReadOnlyList<ReadinessContributor>? contributors = null, IReadOnlyList<string>? reasons = null, IReadOnlyList<Anomaly>? anomalies = null) =>
        new(Day, Day.AddDays(-100), Day,
            new ReadinessDay(Day, score, contributors ?? [new ReadinessContributor("hrv", 80, 0.4, "HRV 50 ms")], 70, "high", "readiness 72"),
            new HrvStatusDay(Day, mean7, mean7, 3.9, lower, upper, 5.2, hrvStatus, "rmssd", "oura"),
            new TrainingLoadDay(Day, 40, 31.4, 25.2, 6.2, 1.1, 1.4, 300),
            Risk(reasons ?? []),
            anomalies ?? [],
            new Recommendation(Day, "moderate", "HRV within its normal range and low risk: train as planned"));

    private static RiskDay Risk(IReadOnlyList<string> reasons) =>
        new(Day, reasons.Count switch { 0 => "low", 1 => "moderate", _ => "high" }, reasons, 1.1, 1.4, 300, 0, null);

    private static List<HrvStatusRow> HrvDays(params int[] offsets) =>
        [.. offsets.Select(o => new HrvStatusRow
        {
            Date = Day.AddDays(o), LnHrv = Math.Log(45 + o), Mean7d = Math.Log(46), NormalLower = Math.Log(42), NormalUpper = Math.Log(50), Status = "within", Measure = "rmssd",
        })];

    [Fact]
    public void TheCardsShowEveryPartOfTheDayWithItsSourceLinks()
    {
        var cut = bunit.Render<StatusCards>(p => p.Add(c => c.Status, Status(reasons: ["ACWR 1.62 above 1.5"]))
            .Add(c => c.HrvDays, HrvDays(-6, -5, -4, -3, -2, -1, 0)).Add(c => c.Today, Day));

        Assert.Equal("72", cut.Find("[data-testid=readiness]").TextContent);
        Assert.Equal("within", cut.Find("[data-testid=hrv-status]").TextContent);
        Assert.Equal("49 ms against a normal range of 45–55 ms", cut.Find("[data-testid=hrv-range]").TextContent);
        Assert.Equal("moderate", cut.Find("[data-testid=risk]").TextContent);
        Assert.Equal("ACWR 1.62 above 1.5", cut.Find("[data-testid=risk-reasons] li").TextContent);
        Assert.Equal("Nothing unusual today.", cut.Find("[data-testid=no-anomalies]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=stale]"));
        Assert.Equal(4, cut.FindAll("a.source").Count);
        Assert.All(cut.FindAll("a.source"), a => Assert.EndsWith("?date=2026-06-10", a.GetAttribute("href"), StringComparison.Ordinal));
        Assert.Equal(7, cut.FindAll("[data-testid=hrv-chart] circle.point").Count);
    }

    /// <summary>With a plan for the day, the tile is the plan's today with its rule (the same as the plan card and the agent); without, the readiness rule.</summary>
    [Fact]
    public void RecommendedTrainingIsThePlansTodayWhenThereIsOne()
    {
        var planned = new Bio.Core.Plans.PlanDay(Day, "easy", "cycling", 45, 40, Bio.Core.Plans.PlanRules.NoHardAfterHard, "the day after a hard session is easy",
            new Bio.Core.Plans.PlanDayInputs(40, 35, 5, 12.5, "within", false, true, 1, 2, 0));
        var cut = bunit.Render<StatusCards>(p => p.Add(c => c.Status, Status()).Add(c => c.Today, Day).Add(c => c.PlanToday, planned));

        Assert.Equal("easy", cut.Find("[data-testid=recommendation]").TextContent);
        Assert.Equal("the day after a hard session is easy (no two hard days in a row)", cut.Find("[data-testid=recommendation-rule]").TextContent);
        Assert.Contains(cut.FindAll("a.source"), a => a.GetAttribute("href") == "/plan");

        cut = bunit.Render<StatusCards>(p => p.Add(c => c.Status, Status()).Add(c => c.Today, Day));
        Assert.Equal("moderate", cut.Find("[data-testid=recommendation]").TextContent);
        Assert.Equal("HRV within its normal range and low risk: train as planned", cut.Find("[data-testid=recommendation-rule]").TextContent);
    }

    [Fact]
    public void TheDevicesOwnValuesAreTilesUnderTheDevicesNamesAsTheDeviceWritesThem()
    {
        var oura = new Bio.Core.Ingest.DailyValues(Day,
            new Dictionary<string, double> { ["readiness_score"] = 81, ["sleep_score"] = 77, ["skin_temp_dev_c"] = 0.34 },
            new Dictionary<string, string> { ["readiness_score"] = "oura", ["sleep_score"] = "oura", ["skin_temp_dev_c"] = "oura" });
        var cut = bunit.Render<StatusCards>(p => p.Add(c => c.Status, Status()).Add(c => c.HrvDays, HrvDays(0)).Add(c => c.Today, Day).Add(c => c.Latest, oura));

        var tiles = cut.FindAll("[data-testid=device-score]").Select(t => (t.QuerySelector("[data-testid=device-score-label]")!.TextContent, t.QuerySelector("[data-testid=device-score-value]")!.TextContent)).ToList();
        Assert.Equal([("Oura readiness", "81"), ("Oura sleep score", "77"), ("Oura temperature deviation", "+0.3 °C")], tiles);

        var whoop = new Bio.Core.Ingest.DailyValues(Day,
            new Dictionary<string, double> { ["recovery_score"] = 71, ["device_strain"] = 12.44, ["sleep_score"] = 88 },
            new Dictionary<string, string> { ["recovery_score"] = "whoop", ["device_strain"] = "whoop", ["sleep_score"] = "whoop" });
        cut = bunit.Render<StatusCards>(p => p.Add(c => c.Status, Status()).Add(c => c.HrvDays, HrvDays(0)).Add(c => c.Today, Day).Add(c => c.Latest, whoop));
        tiles = cut.FindAll("[data-testid=device-score]").Select(t => (t.QuerySelector("[data-testid=device-score-label]")!.TextContent, t.QuerySelector("[data-testid=device-score-value]")!.TextContent)).ToList();
        Assert.Equal([("WHOOP recovery", "71 %"), ("WHOOP strain", "12.4"), ("WHOOP sleep performance", "88 %")], tiles);
        Assert.Contains("recovery-green", cut.Find("[data-testid=device-score]").ClassName, StringComparison.Ordinal);
    }

    private static List<(string Label, string Value, List<(string, string)> Companions)> DeviceTiles(IRenderedComponent<StatusCards> cut) =>
        [.. cut.FindAll("[data-testid=device-score]").Select(t => (
            t.QuerySelector("[data-testid=device-score-label]")!.TextContent,
            t.QuerySelector("[data-testid=device-score-value]")!.TextContent,
            t.QuerySelectorAll("[data-testid=device-companions] li").Select(li => (li.QuerySelector("span")!.TextContent, li.QuerySelector("strong")!.TextContent)).ToList()))];

    [Fact]
    public void OurasReadinessTileListsItsContributorsAsOuraNamesThemAndLeavesOutWhatIsMissing()
    {
        var values = new Dictionary<string, double>
        {
            ["readiness_score"] = 80, ["readiness_hrv_balance"] = 72, ["readiness_resting_heart_rate"] = 95, ["readiness_previous_night"] = 61,
            ["readiness_recovery_index"] = 100, ["readiness_activity_balance"] = 84, ["readiness_sleep_balance"] = 77,
            // Another source's number never sits under Oura's name.
            ["readiness_body_temperature"] = 50,
        };
        var sources = values.Keys.ToDictionary(k => k, k => k == "readiness_body_temperature" ? "csv" : "oura");
        var cut = bunit.Render<StatusCards>(p => p.Add(c => c.Status, Status()).Add(c => c.HrvDays, HrvDays(0)).Add(c => c.Today, Day)
            .Add(c => c.Latest, new Bio.Core.Ingest.DailyValues(Day, values, sources)));

        var (label, value, contributors) = Assert.Single(DeviceTiles(cut));
        Assert.Equal(("Oura readiness", "80"), (label, value));
        // Oura's order and names; previous day activity is not in the day, so it is not there (never a 0).
        Assert.Equal(
            [("Resting heart rate", "95"), ("HRV balance", "72"), ("Recovery index", "100"), ("Previous night", "61"), ("Sleep balance", "77"), ("Activity balance", "84")],
            contributors);
    }

    [Fact]
    public void WhoopsSleepNeedIsATileBesideItsSleepPerformanceWithTheDebtInIt()
    {
        var whoop = new Bio.Core.Ingest.DailyValues(Day,
            new Dictionary<string, double> { ["recovery_score"] = 71, ["sleep_score"] = 88, ["sleep_need_minutes"] = 492, ["sleep_debt_minutes"] = 35 },
            new Dictionary<string, string> { ["recovery_score"] = "whoop", ["sleep_score"] = "whoop", ["sleep_need_minutes"] = "whoop", ["sleep_debt_minutes"] = "whoop" });
        var cut = bunit.Render<StatusCards>(p => p.Add(c => c.Status, Status()).Add(c => c.HrvDays, HrvDays(0)).Add(c => c.Today, Day).Add(c => c.Latest, whoop));

        var tiles = DeviceTiles(cut);
        Assert.Equal([("WHOOP recovery", "71 %"), ("WHOOP sleep performance", "88 %"), ("WHOOP sleep need", "8 h 12 min")], tiles.Select(t => (t.Label, t.Value)));
        Assert.Equal([("sleep debt", "35 min")], tiles[2].Companions);

        // No debt recorded: none is shown (not "0 min"); a debt of 0 is shown as 0.
        var noDebt = new Bio.Core.Ingest.DailyValues(Day, new Dictionary<string, double> { ["sleep_need_minutes"] = 480 }, new Dictionary<string, string> { ["sleep_need_minutes"] = "whoop" });
        cut = bunit.Render<StatusCards>(p => p.Add(c => c.Status, Status()).Add(c => c.HrvDays, HrvDays(0)).Add(c => c.Today, Day).Add(c => c.Latest, noDebt));
        Assert.Equal(("WHOOP sleep need", "8 h", 0), DeviceTiles(cut).Select(t => (t.Label, t.Value, t.Companions.Count)).Single());
        var zeroDebt = new Bio.Core.Ingest.DailyValues(Day, new Dictionary<string, double> { ["sleep_need_minutes"] = 480, ["sleep_debt_minutes"] = 0 },
            new Dictionary<string, string> { ["sleep_need_minutes"] = "whoop", ["sleep_debt_minutes"] = "whoop" });
        cut = bunit.Render<StatusCards>(p => p.Add(c => c.Status, Status()).Add(c => c.HrvDays, HrvDays(0)).Add(c => c.Today, Day).Add(c => c.Latest, zeroDebt));
        Assert.Equal([("sleep debt", "0 min")], DeviceTiles(cut).Single().Companions);
    }

    [Fact]
    public void GarminsOwnValuesAreTilesUnderGarminsNames()
    {
        var garmin = new Bio.Core.Ingest.DailyValues(Day,
            new Dictionary<string, double> { ["sleep_score"] = 79, ["body_battery"] = 62, ["stress_level"] = 27 },
            new Dictionary<string, string> { ["sleep_score"] = "garmin", ["body_battery"] = "garmin", ["stress_level"] = "garmin" });
        var cut = bunit.Render<StatusCards>(p => p.Add(c => c.Status, Status()).Add(c => c.HrvDays, HrvDays(0)).Add(c => c.Today, Day).Add(c => c.Latest, garmin));
        Assert.Equal([("Garmin sleep score", "79"), ("Garmin Body Battery", "62"), ("Garmin stress level", "27")], DeviceTiles(cut).Select(t => (t.Label, t.Value)));
    }

    [Fact]
    public void WithoutHrvTheCardsSayWhatIsMissingInsteadOfANumber()
    {
        var cut = bunit.Render<StatusCards>(p => p.Add(c => c.Status, Status(score: null, hrvStatus: "insufficient data", mean7: null, lower: null, upper: null, contributors: []))
            .Add(c => c.HrvDays, []).Add(c => c.Today, Day.AddDays(2)));

        Assert.Equal("–", cut.Find("[data-testid=readiness]").TextContent);
        Assert.Equal("insufficient data", cut.Find("[data-testid=hrv-status]").TextContent);
        Assert.Contains("needs 3 readings this week", cut.Find("[data-testid=hrv-range]").TextContent, StringComparison.Ordinal);
        Assert.Contains("needs HRV, resting HR or sleep", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=hrv-chart]"));
        Assert.Contains("Your latest data is from 10 June", cut.Find("[data-testid=stale]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AnIllnessSignalIsListedWithItsTier()
    {
        var cut = bunit.Render<StatusCards>(p => p.Add(c => c.Status, Status(anomalies: [new Anomaly(Day, "illness_signal", "resting_hr", 61, 2.4, "alert", "resting HR 2.4 SD above baseline")])));
        var item = cut.Find("[data-testid=anomalies] li");
        Assert.Equal("alert", item.QuerySelector("strong")!.TextContent);
        Assert.Contains("resting HR 2.4 SD above baseline", item.TextContent, StringComparison.Ordinal);
    }

    private static ChartSpec Line(params (double X, double Y)[] points) =>
        new("line", "HRV <week>", "date", "HRV (ms)",
            [new ChartSeries("HRV", "line", [.. points.Select(p => new ChartPoint(p.X, Day.AddDays((int)p.X).ToString("MMM d", CultureInfo.InvariantCulture), p.Y))]),
             new ChartSeries("nights", "points", [.. points.Select(p => new ChartPoint(p.X, null, p.Y))])]);

    [Fact]
    public void AChartHasItsTitleAxisLabelsAndAPointPerValue()
    {
        var cut = bunit.Render<Chart>(p => p.Add(c => c.Spec, Line((0, 40), (1, 42), (2, 45), (3, 43))).Add(c => c.TestId, "c"));
        var svg = cut.Find("svg");
        Assert.Equal("HRV <week>", svg.QuerySelector("title")!.TextContent); // escaped, shown as text
        Assert.DoesNotContain("<week>", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("HRV (ms)", svg.QuerySelector("text.axis-label.y")!.TextContent);
        Assert.Equal("date", svg.QuerySelector("text.axis-label.x")!.TextContent);
        Assert.Equal(4, svg.QuerySelectorAll("circle.point").Length);
        Assert.Single(svg.QuerySelectorAll("path.line"));
        Assert.Equal("8", cut.Find("figure").GetAttribute("data-points"));
        Assert.Contains("nights, 2: 45", svg.QuerySelectorAll("circle.point")[2].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ALineBreaksAcrossAGapInsteadOfBridgingIt()
    {
        var cut = bunit.Render<Chart>(p => p.Add(c => c.Spec, Line((0, 40), (1, 42), (2, 45), (6, 43), (7, 44))));
        Assert.Equal(2, cut.FindAll("path.line").Count);
        Assert.Equal(5, cut.FindAll("circle.point").Count);
    }

    [Fact]
    public void AFittedLineAcrossAScatterIsOneLine()
    {
        var points = Enumerable.Range(0, 60).Select(i => new ChartPoint(50 + (i * 0.5), $"2026-05-{(i % 28) + 1:00}", 60 + (i % 9))).ToList();
        var spec = new ChartSpec("scatter", "Sleep against readiness", "sleep score (0-100)", "readiness (0-100)",
            [new ChartSeries("nights", "points", points), new ChartSeries("linear fit", "line", [new ChartPoint(50, null, 61), new ChartPoint(79.5, null, 67)])]);
        var cut = bunit.Render<Chart>(p => p.Add(c => c.Spec, spec));
        Assert.Single(cut.FindAll("path.line"));
        // A scatter's x axis is numbers, not the points' date labels.
        var ticks = cut.FindAll("text.tick.x");
        Assert.True(ticks.Count >= 2, $"{ticks.Count} x ticks");
        Assert.All(ticks, t => Assert.Matches(@"^\d+$", t.TextContent));
    }

    [Fact]
    public void ASingleDayIsDrawnWithFiniteCoordinatesAndItsBand()
    {
        var spec = new ChartSpec("line", "One night", "date", "HRV (ms)",
            [new ChartSeries("normal range", "band", [new ChartPoint(0, "Jun 10", 50, 42)]), new ChartSeries("HRV", "points", [new ChartPoint(0, "Jun 10", 45)])]);
        var cut = bunit.Render<Chart>(p => p.Add(c => c.Spec, spec));
        var point = cut.Find("circle.point");
        Assert.True(double.TryParse(point.GetAttribute("cx"), CultureInfo.InvariantCulture, out var cx) && double.IsFinite(cx));
        Assert.True(double.TryParse(point.GetAttribute("cy"), CultureInfo.InvariantCulture, out var cy) && double.IsFinite(cy));
        Assert.DoesNotContain("NaN", cut.Markup, StringComparison.Ordinal);
        Assert.Single(cut.FindAll("path.band"));
        Assert.Contains("Jun 10", cut.Find("text.tick.x").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AChartWithNoDataSaysSoInsteadOfDrawingEmptyAxes()
    {
        var cut = bunit.Render<Chart>(p => p.Add(c => c.Spec, new ChartSpec("line", "HRV", "date", "HRV (ms)", [new ChartSeries("HRV", "line", [])])));
        Assert.Equal(Bio.Core.Charts.SvgChart.EmptyText, cut.Find("text.empty").TextContent);
        Assert.Empty(cut.FindAll("text.tick"));
        Assert.Empty(cut.FindAll("circle"));
    }

    [Fact]
    public void BarsGetOneRectanglePerCategoryFromZero()
    {
        var spec = new ChartSpec("bar", "By type", "discipline", "median readiness (0-100)",
            [new ChartSeries("median", "bar", [new ChartPoint(null, "cycling (n=12)", 70), new ChartPoint(null, "running (n=9)", 64), new ChartPoint(null, "yoga (n=8)", 75)])]);
        var cut = bunit.Render<Chart>(p => p.Add(c => c.Spec, spec));
        Assert.Equal(3, cut.FindAll("rect.bar").Count);
        Assert.Equal(["cycling (n=12)", "running (n=9)", "yoga (n=8)"], cut.FindAll("text.tick.x").Select(t => t.TextContent));
        Assert.Equal("0", cut.FindAll("text.tick.y")[0].TextContent);
    }
}

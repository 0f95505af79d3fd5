using Bio.Core.Analytics;

namespace Bio.Tests.Analytics;

public sealed class HrvStatusTests
{
    private static readonly DateOnly Start = new(2026, 1, 1);

    /// <summary>A steady person: rMSSD alternating 55/60/65 ms; optionally a last week at <paramref name="lastWeek"/>.</summary>
    private static List<HrvReading> Steady(int days, double? lastWeek = null, string measure = "rmssd", string source = "oura") =>
        [.. Enumerable.Range(0, days).Select(i => new HrvReading(Start.AddDays(i),
            lastWeek is { } w && i >= days - 7 ? w : 55 + 5 * (i % 3), measure, source))];

    private static HrvStatusDay Last(List<HrvReading> readings) =>
        HrvStatus.Compute(readings, readings[^1].Date, readings[^1].Date).Single();

    [Fact]
    public void ASteadyWeekIsWithinTheNormalRange()
    {
        var day = Last(Steady(90));
        Assert.Equal(HrvStatus.Within, day.Status);
        Assert.True(day.Lower < day.Mean7 && day.Mean7 < day.Upper);
        Assert.Equal("rmssd", day.Measure);
    }

    [Fact]
    public void ALowWeekIsBelowAndAHighWeekIsAbove()
    {
        Assert.Equal(HrvStatus.Below, Last(Steady(90, lastWeek: 40)).Status);
        Assert.Equal(HrvStatus.Above, Last(Steady(90, lastWeek: 80)).Status);
    }

    [Fact]
    public void TheNormalRangeIsTheBaselinePlusMinusHalfItsSd()
    {
        var readings = Steady(90);
        var day = Last(readings);
        var window = readings.Where(r => r.Date < readings[^1].Date && r.Date >= readings[^1].Date.AddDays(-60)).Select(r => Math.Log(r.Milliseconds)).ToList();
        Assert.Equal(window.Average(), day.Baseline!.Value, 12);
        Assert.Equal(0.5 * HrvStatus.SampleSd(window), day.Upper!.Value - day.Baseline!.Value, 12);
    }

    [Fact]
    public void FewerThanThreeDaysInTheWeekIsInsufficient()
    {
        var readings = Steady(90);
        readings.RemoveAll(r => r.Date > readings[^1].Date.AddDays(-7) && r.Date < readings[^1].Date.AddDays(-1));
        Assert.Equal(HrvStatus.Insufficient, Last(readings).Status);
    }

    [Fact]
    public void ASingleDayOrAShortHistoryIsInsufficient()
    {
        Assert.Equal(HrvStatus.Insufficient, Last(Steady(1)).Status);
        Assert.Equal(HrvStatus.Insufficient, Last(Steady(15)).Status);
        var none = HrvStatus.Compute([], Start, Start.AddDays(3));
        Assert.Equal(4, none.Count);
        Assert.All(none, d => Assert.Equal(HrvStatus.Insufficient, d.Status));
    }

    [Fact]
    public void SdnnIsUsedOnlyWithoutRmssdAndNeverMixed()
    {
        var sdnnOnly = Steady(90, measure: "sdnn", source: "apple-health");
        Assert.Equal("sdnn", Last(sdnnOnly).Measure);
        Assert.Equal(HrvStatus.Within, Last(sdnnOnly).Status);

        // Both: rMSSD wins, and the (much lower) SDNN values do not drag its baseline.
        var both = Steady(90).Concat(Enumerable.Range(0, 90).Select(i => new HrvReading(Start.AddDays(i), 20, "sdnn", "apple-health"))).ToList();
        var day = HrvStatus.Compute(both, Start.AddDays(89), Start.AddDays(89)).Single();
        Assert.Equal("rmssd", day.Measure);
        Assert.Equal(HrvStatus.Within, day.Status);
    }

    [Fact]
    public void ADeviceSwitchStartsANewBaseline()
    {
        // 90 days on WHOOP around 60 ms, then Oura reads ~40 ms for the same person.
        var readings = Steady(90, source: "whoop")
            .Concat(Enumerable.Range(90, 30).Select(i => new HrvReading(Start.AddDays(i), 38 + 2 * (i % 3), "rmssd", "oura")))
            .ToList();
        var days = HrvStatus.Compute(readings, Start.AddDays(90), Start.AddDays(119));
        // Not "below" because of the device: insufficient until the new device has a baseline, then within.
        Assert.DoesNotContain(days, d => d.Status == HrvStatus.Below);
        Assert.Equal(HrvStatus.Insufficient, days[5].Status);
        Assert.Equal(HrvStatus.Within, days[^1].Status);
        Assert.Equal("oura", days[^1].Source);
    }

    [Fact]
    public void EachDayUsesOnlyDataUpToThatDay()
    {
        var readings = Steady(90, lastWeek: 40);
        var before = HrvStatus.Compute(readings.Where(r => r.Date <= Start.AddDays(80)), Start.AddDays(80), Start.AddDays(80)).Single();
        var withFuture = HrvStatus.Compute(readings, Start.AddDays(80), Start.AddDays(80)).Single();
        Assert.Equal(before, withFuture);
    }
}

using Bio.Core.Analytics;
using Bio.Core.Reports;

namespace Bio.Tests.Reports;

public sealed class ReportScheduleTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Theory]
    // Thursday noon in Berlin (summer) -> Monday 07:00 CEST = 05:00 UTC.
    [InlineData("2026-06-04T10:00:00Z", "2026-06-08T05:00:00Z")]
    // Monday 06:59 local -> the same morning.
    [InlineData("2026-06-08T04:59:00Z", "2026-06-08T05:00:00Z")]
    // Monday 07:00 local exactly -> a week later.
    [InlineData("2026-06-08T05:00:00Z", "2026-06-15T05:00:00Z")]
    // Saturday before the spring change (29 March 2026): Monday 07:00 is CEST, not CET.
    [InlineData("2026-03-28T10:00:00Z", "2026-03-30T05:00:00Z")]
    // Saturday before the autumn change (25 October 2026): Monday 07:00 is CET again.
    [InlineData("2026-10-24T10:00:00Z", "2026-10-26T06:00:00Z")]
    public void TheReportIsDueNextMondayAtSevenLocalTime(string now, string due)
    {
        var at = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(DateTimeOffset.Parse(due, System.Globalization.CultureInfo.InvariantCulture), at + new ReportOptions().NextDue(at, Berlin));
    }

    [Fact]
    public void ATestPeriodShorterThanADayIsUsedAsIs() =>
        Assert.Equal(TimeSpan.FromSeconds(2), new ReportOptions { Period = TimeSpan.FromSeconds(2) }.NextDue(DateTimeOffset.UnixEpoch, Berlin));

    [Theory]
    [InlineData("2026-06-08", "2026-06-07")] // Monday -> the Sunday before
    [InlineData("2026-06-07", "2026-05-31")] // Sunday -> the week before (this one is not over)
    [InlineData("2026-06-10", "2026-06-07")]
    public void AMondayReportCoversTheWeekThatEndedTheDayBefore(string today, string weekEnding) =>
        Assert.Equal(DateOnly.Parse(weekEnding, System.Globalization.CultureInfo.InvariantCulture),
            WeeklyReports.LastCompleteWeekEnding(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void AWeekThatDoesNotEndOnASundayIsRefusedWithTheSundayThatWould()
    {
        var e = Assert.Throws<ReportWeekException>(() => WeeklyReports.CheckWeekEnding(new DateOnly(2026, 6, 10)));
        Assert.Contains("2026-06-10 is a Wednesday", e.Message, StringComparison.Ordinal);
        Assert.Contains("2026-06-14", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AccuracyIsTheMeanAbsoluteErrorOfTheWeeksScoredNextDayForecasts()
    {
        var log = new List<Bio.Core.Forecasting.ForecastLogRow>
        {
            new() { Target = new DateOnly(2026, 6, 1), Horizon = 1, HrvMs = 50, ActualMs = 54, PersistenceMs = 48, Mean7Ms = 51, Lower80 = 45, Upper80 = 55, Method = "model" },
            new() { Target = new DateOnly(2026, 6, 2), Horizon = 1, HrvMs = 52, ActualMs = 46, PersistenceMs = 54, Mean7Ms = 51, Lower80 = 47, Upper80 = 57, Method = "mean7" },
            new() { Target = new DateOnly(2026, 6, 2), Horizon = 2, HrvMs = 90, ActualMs = 46, Method = "model" }, // not next-day
            new() { Target = new DateOnly(2026, 6, 3), Horizon = 1, HrvMs = 90, Method = "model" },                // no actual yet
            new() { Target = new DateOnly(2026, 6, 8), Horizon = 1, HrvMs = 90, ActualMs = 10, Method = "model" }, // next week
        };
        var a = WeeklyReports.Accuracy(log, new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 7));
        Assert.Equal(2, a.N);
        Assert.Equal(5.0, a.MaeMs!.Value, 12);              // (4 + 6) / 2
        Assert.Equal(7.0, a.PersistenceMaeMs!.Value, 12);   // (6 + 8) / 2
        Assert.Equal(4.0, a.Mean7MaeMs!.Value, 12);         // (3 + 5) / 2
        Assert.Equal(0.5, a.Coverage80!.Value, 12);
        Assert.Equal(["mean7", "model"], a.Methods);
        Assert.Equal(0, WeeklyReports.Accuracy(log, new DateOnly(2026, 5, 25), new DateOnly(2026, 5, 31)).N);
    }

    [Fact]
    public void TheTemplatedNarrativeSaysWhenAWeekHasNoData()
    {
        var empty = new WeeklyReport(new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 7), DateTimeOffset.UnixEpoch, WeeklyReports.OnDemand, "N",
            [], null, null, null, null, new Dictionary<string, int>(), [], new DateOnly(2026, 3, 16), [], new ReportAccuracy(0, null, null, null, null, []),
            null, [], "", ReportNarrator.Template, []);
        Assert.Contains("no days of data", ReportNarrator.Templated(empty), StringComparison.Ordinal);
        var html = ReportHtml.Render(empty with { Recommendations = WeeklyReports.Recommend(empty) });
        Assert.Contains("No weeks with data.", html, StringComparison.Ordinal);
        Assert.Contains("No HRV status for this week.", html, StringComparison.Ordinal);
        Assert.Contains("Wear your device every night", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}

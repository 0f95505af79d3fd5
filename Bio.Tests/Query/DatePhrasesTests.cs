using Bio.Core.Query;

namespace Bio.Tests.Query;

public sealed class DatePhrasesTests
{
    private static readonly DateOnly Today = new(2026, 11, 25); // a Wednesday

    [Theory]
    [InlineData("What was my average readiness last week?", "2026-11-16", "2026-11-22")]
    [InlineData("How is my HRV this week", "2026-11-23", "2026-11-25")]
    [InlineData("HRV over the past week", "2026-11-19", "2026-11-25")]
    [InlineData("resting HR in the last 30 days", "2026-10-27", "2026-11-25")]
    [InlineData("sleep over the last two weeks", "2026-11-12", "2026-11-25")]
    [InlineData("readiness in the past 3 months", "2026-08-26", "2026-11-25")]
    [InlineData("How did I sleep last month?", "2026-10-01", "2026-10-31")]
    [InlineData("load this month", "2026-11-01", "2026-11-25")]
    [InlineData("How has my HRV changed since March?", "2026-03-01", "2026-11-25")]
    [InlineData("since march 5th", "2026-03-05", "2026-11-25")]
    [InlineData("since 2026-10-03", "2026-10-03", "2026-11-25")]
    [InlineData("What was my best workout in October?", "2026-10-01", "2026-10-31")]
    [InlineData("HRV in December", "2025-12-01", "2025-12-31")]
    [InlineData("readiness in may 2025", "2025-05-01", "2025-05-31")]
    [InlineData("between 2026-10-01 and 2026-10-15", "2026-10-01", "2026-10-15")]
    [InlineData("between october 20 and november 2", "2026-10-20", "2026-11-02")]
    [InlineData("How was yesterday?", "2026-11-24", "2026-11-24")]
    [InlineData("how did I sleep last night", "2026-11-25", "2026-11-25")]
    [InlineData("What was my HRV on November 3rd?", "2026-11-03", "2026-11-03")]
    [InlineData("and on 2026-11-20?", "2026-11-20", "2026-11-20")]
    [InlineData("the week before last", "2026-11-09", "2026-11-15")]
    [InlineData("this year", "2026-01-01", "2026-11-25")]
    [InlineData("last year", "2025-01-01", "2025-12-31")]
    public void ReadsTheRange(string question, string from, string to)
    {
        var range = DatePhrases.Parse(question, Today);
        Assert.NotNull(range);
        Assert.Equal((DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)), (range.From, range.To));
    }

    [Fact]
    public void WeekendsAndWeekdaysFilterTheRange()
    {
        var weekends = DatePhrases.Parse("my readiness on weekends last month", Today)!;
        Assert.Equal((new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), DayFilter.Weekends), (weekends.From, weekends.To, weekends.Days));
        Assert.EndsWith("isodow(date) >= 6", weekends.Sql("date"), StringComparison.Ordinal);

        var weekdays = DatePhrases.Parse("HRV on weekdays", Today)!;
        // Days of the week with no period: no period (the agent takes all the data), the days kept.
        Assert.Equal((DatePhrases.DaysOnly, DayFilter.Weekdays), (weekdays.Phrase, weekdays.Days));
    }

    [Fact]
    public void NoPhraseNoRangeAndTheWeekBeforeFollowsUp()
    {
        Assert.Null(DatePhrases.Parse("What's my average HRV?", Today));
        var lastWeek = DatePhrases.Parse("last week", Today)!;
        var before = lastWeek.Before();
        Assert.Equal((new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 15)), (before.From, before.To));
        Assert.Equal("date BETWEEN DATE '2026-11-16' AND DATE '2026-11-22'", lastWeek.Sql("date"));
    }
}

using Bio.Core.Agent;

namespace Bio.Tests.Agent;

/// <summary>Questions whose shape no intent computes are refused, naming the words, never answered as something else.</summary>
public sealed class QuestionShapeTests
{
    private static readonly DateOnly Today = new(2026, 6, 17);

    [Theory]
    [InlineData("is my sleep correlated with my rmssd", "correlated")]
    [InlineData("most days in a row i had daily steps at least 8,000", "in a row")]
    [InlineData("show my 3 lowest sleep score days", "3 lowest")]
    [InlineData("how much does my hrv vary? standard deviation", "how much does my hrv vary")]
    [InlineData("has my hrv improved since i started? (first 30 days vs last 30 days)", "since i started")]
    [InlineData("what will my hrv be in june next year", "in june next year")]
    [InlineData("what will my readiness be tomorrow", "readiness")]
    [InlineData("what's my heart rate variability the day after days with steps over 12,000", "over 12000")]
    [InlineData("average hrv last blorp", "last blorp")]
    [InlineData("avg sleep need the past 30 days", "sleep need")]
    [InlineData("average strain of my runs", "device strain of your running workouts")]
    [InlineData("what dragged my readiness down on dec 28 2025", "what dragged")]
    public void AShapeBioDoesNotComputeIsRefusedNamingIt(string question, string words)
    {
        var plan = QuestionParser.Parse(question, Today, Today.AddDays(-1), dataFrom: Today.AddDays(-200));
        Assert.Equal(Intents.Unsupported, plan.Intent);
        Assert.Equal(words, plan.Topic);
    }

    [Theory]
    [InlineData("what's my average hrv", Intents.Aggregate)]
    [InlineData("how many days was my sleep score under 70", Intents.ThresholdCount)]
    [InlineData("does alcohol affect my hrv", Intents.JournalEffect)]
    [InlineData("average readiness by month", Intents.Group)]
    [InlineData("should i train hard tomorrow", Intents.Status)]
    [InlineData("total steps last wk", Intents.Aggregate)]
    [InlineData("aveerage hrv last motnh", Intents.Aggregate)]
    [InlineData("give me the mediian of my step count", Intents.Aggregate)]
    [InlineData("How is my fitness trending this year?", Intents.Trend)]
    [InlineData("is my steps different on weekends? avg per weekday", Intents.Group)]
    [InlineData("max hrv ever - which day", Intents.Aggregate)]
    [InlineData("why is my readiness low", Intents.Status)]
    [InlineData("last 30d vs previous 30d resting hr", Intents.Compare)]
    [InlineData("what should my workout be today", Intents.Status)]
    [InlineData("will my hrv recover by friday", Intents.Forecast)]
    public void AnAnsweredShapeIsNotRefused(string question, string intent) =>
        Assert.Equal(intent, QuestionParser.Parse(question, Today, Today.AddDays(-1), dataFrom: Today.AddDays(-200)).Intent);

    [Theory]
    [InlineData("HRV for 10/25/2025", "2025-10-25")]
    [InlineData("hrv on 25/10/2025", "2025-10-25")]
    [InlineData("what was my hrv on nov 29", "2025-11-29")]
    [InlineData("heart rate variability 2026-01-05", "2026-01-05")]
    public void ADayWrittenAsPeopleWriteItIsThatDay(string question, string day)
    {
        var plan = QuestionParser.Parse(question, Today, Today.AddDays(-1), dataFrom: Today.AddDays(-400));
        Assert.Equal(Intents.Value, plan.Intent);
        Assert.Equal((DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)), (plan.From!.Value, plan.To!.Value));
    }

    [Fact]
    public void PerWeekdayIsEveryDayOfTheWeekNotMondayToFriday()
    {
        var plan = QuestionParser.Parse("steps per weekday", Today, Today.AddDays(-1), dataFrom: Today.AddDays(-400));
        Assert.Equal((Intents.Group, "weekday", "all"), (plan.Intent, plan.GroupBy, plan.Days));
        Assert.Equal("weekdays", QuestionParser.Parse("my hrv on weekdays", Today, Today.AddDays(-1), dataFrom: Today.AddDays(-400)).Days);
    }

    [Fact]
    public void TheLatestReadingIsTheLastDayThatHasIt()
    {
        var plan = QuestionParser.Parse("what's my latest resting hr", Today, Today.AddDays(-1), dataFrom: Today.AddDays(-400));
        Assert.Equal((Intents.Value, "latest", "resting_hr"), (plan.Intent, plan.Aggregate, plan.Metric));
        Assert.Contains("ORDER BY date DESC LIMIT 1", SqlPlanner.Build(plan), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aveerage hrv last motnh", "average hrv last month")]
    [InlineData("restnig hr on weekdya", "resting hr on weekday")]
    [InlineData("how did i sleep last night", "how did i sleep last night")]
    [InlineData("how is my fitness trending", "how is my fitness trending")]
    public void SlipsInKnownWordsArePutRightAndOtherWordsStay(string typed, string read) =>
        Assert.Equal(read, Typos.Correct(typed));
}

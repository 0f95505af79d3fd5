using Bio.Core.Agent;

namespace Bio.Tests.Agent;

/// <summary>Questions whose shape no intent computes are refused, naming the words, never answered as something else.</summary>
public sealed class QuestionShapeTests
{
    private static readonly DateOnly Today = new(2026, 6, 17);

    /// <summary>The question read for a person with data from 200 days ago to yesterday.</summary>
    private static QuestionPlan Read(string question, QuestionPlan? previous = null) =>
        QuestionParser.Parse(question, Today, Today.AddDays(-1), previous, Today.AddDays(-200));

    [Theory]
    [InlineData("is my sleep perf correlated with my recovery", "sleep perf")]
    [InlineData("correlation between my hrv and nothing", "correlation")]
    [InlineData("longest streak of hrv", "streak")]
    [InlineData("what will my hrv be in june next year", "in june next year")]
    [InlineData("what will my readiness be tomorrow", "readiness")]
    [InlineData("average hrv last blorp", "last blorp")]
    [InlineData("avg sleep consistency the past 30 days", "sleep consistency")]
    [InlineData("my training readiness last week", "training readiness")]
    [InlineData("what dragged my readiness down on dec 28 2025", "what dragged")]
    public void AShapeBioDoesNotComputeIsRefusedNamingIt(string question, string words)
    {
        var plan = Read(question);
        Assert.Equal(Intents.Unsupported, plan.Intent);
        Assert.Equal(words, plan.Topic);
    }

    [Theory]
    [InlineData("avg sleep need the past 30 days", "sleep_need")]
    [InlineData("mean sleep debt last month pls", "sleep_debt")]
    [InlineData("mean hrv balance contriibutor last mnth pls", "hrv_balance_contributor")]
    [InlineData("on average what is my sleep balance", "sleep_balance_contributor")]
    [InlineData("how's my body temperature cnotributor been last mnth, on average", "body_temperature_contributor")]
    [InlineData("average body battery last week", "body_battery")]
    [InlineData("avg stress level last 30 days", "stress_level")]
    public void ADevicesOwnMeasureNamedWholeIsThatMeasure(string question, string metric) =>
        Assert.Equal((Intents.Aggregate, metric), (Read(question).Intent, Read(question).Metric));

    [Theory]
    [InlineData("what's my average hrv", Intents.Aggregate)]
    [InlineData("how many days was my sleep score under 70", Intents.ThresholdCount)]
    [InlineData("does alcohol affect my hrv", Intents.JournalEffect)]
    [InlineData("average readiness by month", Intents.Group)]
    [InlineData("should i train hard tomorrow", Intents.Plan)]
    [InlineData("total steps last wk", Intents.Aggregate)]
    [InlineData("aveerage hrv last motnh", Intents.Aggregate)]
    [InlineData("give me the mediian of my step count", Intents.Aggregate)]
    [InlineData("How is my fitness trending this year?", Intents.Trend)]
    [InlineData("is my steps different on weekends? avg per weekday", Intents.Group)]
    [InlineData("max hrv ever - which day", Intents.Aggregate)]
    [InlineData("why is my readiness low", Intents.Status)]
    [InlineData("last 30d vs previous 30d resting hr", Intents.Compare)]
    [InlineData("what should my workout be today", Intents.Plan)]
    [InlineData("What should I train this week?", Intents.Plan)]
    [InlineData("what's my plan for tomorrow", Intents.Plan)]
    [InlineData("should I go hard today", Intents.Plan)]
    [InlineData("will my hrv recover by friday", Intents.Forecast)]
    [InlineData("how accurate are your forecasts", Intents.ForecastAccuracy)]
    [InlineData("how good is the hrv prediction", Intents.ForecastAccuracy)]
    [InlineData("forecast accuracy", Intents.ForecastAccuracy)]
    [InlineData("should i trust bio's forecast", Intents.ForecastAccuracy)]
    [InlineData("what's the forecast for tomorrow", Intents.Forecast)]
    public void AnAnsweredShapeIsNotRefused(string question, string intent) =>
        Assert.Equal(intent, Read(question).Intent);

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

    [Theory]
    [InlineData("is my sleep correlated with my rmssd", "sleep", "hrv", 0)]
    [InlineData("correlation between hrv and lowest resting hr", "hrv", "resting_hr", 0)]
    [InlineData("does recovery go with day strain? whats the pearson r", "recovery", "device_strain", 0)]
    [InlineData("r between my restnig hr and steps?", "resting_hr", "steps", 0)]
    [InlineData("how is my hrv the morning after a day with lots of steps, correlation", "hrv", "steps", 1)]
    public void TwoNamedMeasuresAreCorrelatedPairedByDate(string question, string first, string second, int lag)
    {
        var plan = Read(question);
        Assert.Equal(Intents.Correlate, plan.Intent);
        Assert.Equal((first, second, lag), (plan.Metric, plan.Metric2, plan.FilterLag));
    }

    [Theory]
    [InlineData("average hrv after days when steps was more than 12,000?", "hrv", "steps", ">", 12000, 1)]
    [InlineData("avg hrv the morning after a day with more than 12,000 steps", "hrv", "steps", ">", 12000, 1)]
    [InlineData("on days following steps over 12,000, what is my average hrv", "hrv", "steps", ">", 12000, 1)]
    [InlineData("average readiness score for days where sleep was less than 6 hours", "readiness", "sleep", "<", 6, 0)]
    [InlineData("when my hours of sleep is below 6 hours what's my HRV on average", "hrv", "sleep", "<", 6, 0)]
    [InlineData("readiness on nights with temp deviation above 0.3?", "readiness", "skin_temp", ">", 0.3, 0)]
    [InlineData("sleep on nights with recov under 34%?", "sleep", "recovery", "<", 34, 0)]
    [InlineData("what's my recovery score the day after days with day strain over 12", "recovery", "device_strain", ">", 12, 1)]
    [InlineData("how many times did i work out on a red recovery day", "workouts", "recovery", "<", 34, 0)]
    [InlineData("how many runs did i do on days my body battery was under 60 at wake", "workouts", "body_battery", "<", 60, 0)]
    [InlineData("how many rides did i do on days my hrv was under 40", "workouts", "hrv", "<", 40, 0)]
    [InlineData("avg workout strain on green days", "workout_strain", "recovery", ">=", 67, 0)]
    [InlineData("what's my resting heart rate on days i ran", "resting_hr", "workouts", ">=", 1, 0)]
    [InlineData("average heart rate in workouts longer than 45 min", "workout_hr", "workout_minutes", ">", 45, 0)]
    [InlineData("hrv on days with more than 12,000 steps", "hrv", "steps", ">", 12000, 0)]
    public void AMeasureOnDaysPickedByAnotherFiltersOnTheOther(string question, string metric, string by, string op, double value, int lag)
    {
        var plan = Read(question);
        Assert.Equal(Intents.Aggregate, plan.Intent);
        Assert.Equal((metric, by, op, value, lag), (plan.Metric, plan.Metric2, plan.FilterOp, plan.FilterValue, plan.FilterLag));
    }

    [Theory]
    [InlineData("most days in a row i had daily steps at least 8,000", "steps", ">=", 8000d)]
    [InlineData("longest streak of days with recovery score at least 67%", "recovery", ">=", 67d)]
    [InlineData("what's my longest run of consecutive days with step count at least 10,000", "steps", ">=", 10000d)]
    [InlineData("longest streak of days in a row with a workout", "workouts", null, null)]
    public void StreaksAreDaysInARowMeetingTheThreshold(string question, string metric, string? op, double? value)
    {
        var plan = Read(question);
        Assert.Equal(Intents.Streak, plan.Intent);
        Assert.Equal((metric, op, value, (string?)null), (plan.Metric, plan.ThresholdOp, plan.Threshold, plan.Discipline));
    }

    [Theory]
    [InlineData("show my 3 lowest sleep score days", "sleep_score", 3, "min")]
    [InlineData("which 3 days had my highest readiness", "readiness", 3, "max")]
    [InlineData("top 5 step days", "steps", 5, "max")]
    [InlineData("bottom 3 hrv days", "hrv", 3, "min")]
    [InlineData("my 3 best resting heart rate days", "resting_hr", 3, "min")]
    public void TopNRanksTheDays(string question, string metric, int n, string direction)
    {
        var plan = Read(question);
        Assert.Equal(Intents.Rank, plan.Intent);
        Assert.Equal((metric, (int?)n, direction), (plan.Metric, plan.Limit, plan.Aggregate));
    }

    [Theory]
    [InlineData("how much does my hrv vary? standard deviation", "hrv")]
    [InlineData("std dev of my resting hr", "resting_hr")]
    [InlineData("how consistent is my sleep", "sleep")]
    public void TheSpreadIsTheStandardDeviation(string question, string metric)
    {
        var plan = Read(question);
        Assert.Equal((Intents.Aggregate, metric, "stddev"), (plan.Intent, plan.Metric, plan.Aggregate));
    }

    [Theory]
    [InlineData("has my hrv improved since i started? (first 30 days vs last 30 days)", 30)]
    [InlineData("heart rate variability trend: first month of data vs latest month", 30)]
    [InlineData("hrv first 2 weeks vs last 2 weeks", 14)]
    public void TheFirstDaysOfAMeasureAreComparedWithItsLast(string question, int days)
    {
        var plan = Read(question);
        Assert.Equal((Intents.Compare, "hrv", QuestionParser.FirstAndLast, (int?)days), (plan.Intent, plan.Metric, plan.GroupBy, plan.Limit));
    }

    [Theory]
    [InlineData("how many workouts this week")]
    [InlineData("how much training this week")]
    [InlineData("total training load this week")]
    [InlineData("explain my readiness")]
    public void QuestionsAboutWhatWasDoneAreNotThePlan(string question) =>
        Assert.NotEqual(Intents.Plan, QuestionParser.Parse(question, Today, Today.AddDays(-1)).Intent);

    [Fact]
    public void ThreeDaysInARowIsNotRowingAndAdviceStaysAdvice()
    {
        var plan = QuestionParser.Parse("i did 3 rides in a row, go hard again today?", Today, Today.AddDays(-1));
        Assert.Equal((Intents.Plan, "0"), (plan.Intent, plan.Topic));
        Assert.Null(MetricVocabulary.FindDiscipline("3 good days in a row"));
    }

    [Fact]
    public void AnotherPersonIsNamedInTheRefusal()
    {
        Assert.Equal((Intents.RefuseOthers, "my son"), (QuestionParser.Parse("how did my son sleep last night", Today).Intent, QuestionParser.Parse("how did my son sleep last night", Today).Topic));
        Assert.Equal("person 4's", QuestionParser.Parse("what's person 4's average hrv", Today).Topic);
    }

    [Theory]
    [InlineData("and resting heart rate?", "resting_hr")]
    [InlineData("what about sleep", "sleep")]
    [InlineData("and steps", "steps")]
    public void AFollowUpCarriesThePeriodOn(string followUp, string metric)
    {
        var first = Read("what was my average hrv last week");
        var next = Read(followUp, first);
        Assert.Equal((metric, first.From, first.To), (next.Metric, next.From, next.To));
        Assert.Equal((new DateOnly(2026, 6, 8), new DateOnly(2026, 6, 14)), (next.From!.Value, next.To!.Value));
    }

    [Theory]
    [InlineData("what's my average resting heart rate", "resting_hr")]
    [InlineData("how many steps have i taken in total", "steps")]
    [InlineData("highest hrv", "hrv")]
    public void AQuestionOfItsOwnTakesNoPeriodFromTheOneBefore(string question, string metric)
    {
        var first = Read("what was my average hrv last week");
        var next = Read(question, first);
        // All of the data, as the question asked on its own would be.
        Assert.Equal((metric, Today.AddDays(-200), Today.AddDays(-1), QuestionParser.AllData), (next.Metric, next.From!.Value, next.To!.Value, next.RangePhrase));
    }
}

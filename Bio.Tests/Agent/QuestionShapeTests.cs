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
    public void AnAnsweredShapeIsNotRefused(string question, string intent) =>
        Assert.Equal(intent, QuestionParser.Parse(question, Today, Today.AddDays(-1), dataFrom: Today.AddDays(-200)).Intent);
}

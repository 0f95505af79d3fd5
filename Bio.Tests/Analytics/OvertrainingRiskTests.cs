using Bio.Core.Analytics;

namespace Bio.Tests.Analytics;

public sealed class OvertrainingRiskTests
{
    private static readonly DateOnly Start = new(2026, 1, 1);

    private static HrvStatusDay Hrv(int i, string status, double cv = 5) =>
        new(Start.AddDays(i), 4.0, 4.0, 4.0, 3.9, 4.1, cv, status, "rmssd", "oura");

    private static TrainingLoadDay Load(int i, double fatigue = 50, double form = 0, double? acwr = 1, double? monotony = 1.2) =>
        new(Start.AddDays(i), 50, 50, fatigue, form, acwr, monotony, 300);

    [Fact]
    public void NothingFiredIsLowRisk()
    {
        var risk = OvertrainingRisk.Compute([Hrv(0, HrvStatus.Within)], [Load(0)], new Dictionary<DateOnly, double>());
        Assert.Equal((OvertrainingRisk.Low, 0), (risk.Single().Level, risk.Single().Reasons.Count));
    }

    [Fact]
    public void ThreeDaysBelowTheRangeFireWithTheStreakInTheReason()
    {
        var hrv = Enumerable.Range(0, 4).Select(i => Hrv(i, i == 0 ? HrvStatus.Within : HrvStatus.Below)).ToList();
        var risk = OvertrainingRisk.Compute(hrv, [.. Enumerable.Range(0, 4).Select(i => Load(i))], new Dictionary<DateOnly, double>());
        Assert.Equal(OvertrainingRisk.Low, risk[2].Level);
        Assert.Equal(OvertrainingRisk.Moderate, risk[3].Level);
        Assert.Contains("below your normal range for 3 days", risk[3].Reasons.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void TwoRulesMakeHighRisk()
    {
        var risk = OvertrainingRisk.Compute([Hrv(0, HrvStatus.Within)], [Load(0, form: -40, monotony: 2.5)], new Dictionary<DateOnly, double>());
        Assert.Equal(OvertrainingRisk.High, risk.Single().Level);
        Assert.Equal(2, risk.Single().Reasons.Count);
    }

    [Fact]
    public void FallingCvUnderRisingFatigueIsTheSaturationPattern()
    {
        var hrv = new[] { Hrv(0, HrvStatus.Within, cv: 6), Hrv(7, HrvStatus.Within, cv: 3) };
        var load = new[] { Load(0, fatigue: 40), Load(7, fatigue: 60) };
        var risk = OvertrainingRisk.Compute(hrv, load, new Dictionary<DateOnly, double>());
        Assert.Contains(risk.Last().Reasons, r => r.Contains("saturation", StringComparison.Ordinal));
    }

    [Fact]
    public void ARaisedRestingHeartRateWeekFires()
    {
        var rhr = Enumerable.Range(0, 35).ToDictionary(i => Start.AddDays(i), i => i < 28 ? 50.0 + i % 3 : 56.0);
        var risk = OvertrainingRisk.Compute([Hrv(34, HrvStatus.Within)], [Load(34)], rhr);
        Assert.Contains(risk.Single().Reasons, r => r.Contains("resting HR this week", StringComparison.Ordinal));
    }

    private static List<TrainingLoadDay> Loads(IEnumerable<double> daily) =>
        [.. daily.Select((l, i) => new TrainingLoadDay(Start.AddDays(i), l, 50, 50, 0, 1, 1.2, 300))];

    /// <summary>Four weeks of a usual plan (rest, hard, easy, moderate, rest, long, easy), then <paramref name="next"/>.</summary>
    private static List<RiskDay> AfterUsualWeeks(params double[] next)
    {
        double[] week = [0, 80, 40, 70, 0, 100, 40];
        var loads = Loads([.. Enumerable.Repeat(week, 5).SelectMany(w => w), .. next]);
        return OvertrainingRisk.Compute([], loads, new Dictionary<DateOnly, double>());
    }

    [Fact]
    public void TheUsualPlanFiresNoLoadRule()
    {
        var risk = AfterUsualWeeks(0, 80, 40, 70, 0, 100, 40);
        Assert.Equal(42, risk.Count);
        Assert.All(risk.Skip(35), r => Assert.Equal(OvertrainingRisk.Low, r.Level));
    }

    [Fact]
    public void ThreeHardDaysThroughAPlannedRestDayAreASpikeAndARunWithoutRecovery()
    {
        var risk = AfterUsualWeeks(100, 130, 100);
        var third = risk[^1];
        Assert.Contains(third.Reasons, r => r.Contains("sudden spike", StringComparison.Ordinal));
        Assert.Contains(third.Reasons, r => r.Contains("5 training days in a row", StringComparison.Ordinal));
        Assert.Equal(OvertrainingRisk.High, third.Level);
    }

    [Fact]
    public void ABigWeekAgainstTheBiggestRecentWeekFires()
    {
        var risk = AfterUsualWeeks(0, 130, 60, 110, 0, 150, 60);
        Assert.Contains(risk[^1].Reasons, r => r.Contains("biggest week", StringComparison.Ordinal));
    }

    [Fact]
    public void StrainFarAboveThePersonsUsualFires()
    {
        var usual = Enumerable.Range(0, 50).Select(i => Load(i) with { Strain = 300 + i % 5 * 10 }).ToList();
        var calm = OvertrainingRisk.Compute([], [.. usual, Load(50) with { Strain = 560 }], new Dictionary<DateOnly, double>());
        var heavy = OvertrainingRisk.Compute([], [.. usual, Load(50) with { Strain = 700 }], new Dictionary<DateOnly, double>());
        Assert.DoesNotContain(calm[^1].Reasons, r => r.Contains("strain", StringComparison.Ordinal));
        Assert.Contains(heavy[^1].Reasons, r => r.Contains("training strain 700 is 2.2x your usual", StringComparison.Ordinal));
        // Training every day as a habit is not "no recovery day".
        Assert.DoesNotContain(heavy[^1].Reasons, r => r.Contains("in a row", StringComparison.Ordinal));
    }

    [Fact]
    public void OnSyntheticPeopleOverreachingIsCaughtWithinThreeDays()
    {
        // Forward-in-time scoring against injected overreaching blocks (see DetectionEvaluation); the full
        // run with 50 people is `dotnet run -c Release --project bench/Bio.Bench -- detect 50`.
        var score = DetectionEvaluation.Overreaching(Enumerable.Range(1, 20), 730, new DateOnly(2026, 11, 24));
        Assert.True(score.Events >= 20, $"only {score.Events} blocks to score");
        Assert.True(score.Recall >= 0.75, $"recall {score.Recall:0.00}");
        Assert.True(score.MedianLeadDays <= 3, $"median {score.MedianLeadDays} days after the start");
        Assert.True(score.FalseAlertDaysPerPersonMonth <= 1.2, $"false high-risk days {score.FalseAlertDaysPerPersonMonth:0.00}");
    }

    [Fact]
    public void TodaysRecommendationSaysItFollowsYesterdaysRisk()
    {
        // Today's own risk includes today's training, unknown in the morning: the advice follows
        // yesterday's, and says so (the Today page shows today's risk reasons beside it).
        var yesterday = new RiskDay(Start, OvertrainingRisk.High, ["HRV has been below your normal range for 6 days", "resting HR is up"], 1.4, 2.1, 900, 6, 1.2);
        var advice = Readiness.Recommend(Start.AddDays(1), Readiness.HighEnergy, HrvStatus.Within, yesterday, illnessRecent: false);
        Assert.Equal("easy", advice.Intensity);
        Assert.StartsWith("yesterday's overtraining risk was high (HRV has been below your normal range for 6 days; resting HR is up)", advice.Reason, StringComparison.Ordinal);

        var calm = Readiness.Recommend(Start.AddDays(1), Readiness.HighEnergy, HrvStatus.Within, yesterday with { Level = OvertrainingRisk.Moderate }, illnessRecent: false);
        Assert.Equal("hard", calm.Intensity);
    }
}

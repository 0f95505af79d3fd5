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
}

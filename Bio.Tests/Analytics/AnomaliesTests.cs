using Bio.Core.Analytics;

namespace Bio.Tests.Analytics;

public sealed class AnomaliesTests
{
    private static readonly DateOnly Start = new(2026, 1, 1);

    /// <summary>40 calm days (small, regular variation), then <paramref name="last"/> as day 41.</summary>
    private static List<AnomalyInput> Calm(AnomalyInput? last = null, bool workouts = true)
    {
        var days = Enumerable.Range(0, 40).Select(i => new AnomalyInput(Start.AddDays(i),
            Hrv: 60 + (i % 5 - 2), RestingHr: 52 + (i % 3 - 1), Readiness: 80 + (i % 4 - 1.5), SkinTempDev: (i % 3 - 1) * 0.05,
            RespiratoryRate: 14.5 + (i % 3 - 1) * 0.2, Workout: workouts && i % 7 is not (0 or 4))).ToList();
        if (last is not null)
        {
            days.Add(last with { Date = Start.AddDays(40) });
        }

        return days;
    }

    private static AnomalyInput Normal => new(default, 60, 52, 80, 0, 14.5, true);

    [Fact]
    public void ACalmPersonRaisesNothing() => Assert.Empty(Anomalies.Detect(Calm(Normal)));

    [Fact]
    public void LowHrvAndLowReadinessAreFlaggedWithTheirDistance()
    {
        var found = Anomalies.Detect(Calm(Normal with { Hrv = 40, Readiness = 60 }));
        Assert.Contains(found, a => a.Kind == "low_hrv" && a.Score < -1.5 && a.Reason.Contains("below your last 28 days", StringComparison.Ordinal));
        Assert.Contains(found, a => a.Kind == "low_readiness");
    }

    [Fact]
    public void RaisedRestingHrAloneIsAWatchAndWithTemperatureAnAlert()
    {
        var watch = Anomalies.Detect(Calm(Normal with { RestingHr = 58 }));
        Assert.Equal(("high_rhr", "watch"), (watch.Single().Kind, watch.Single().Tier));

        var alert = Anomalies.Detect(Calm(Normal with { RestingHr = 58, SkinTempDev = 0.6 })).Single();
        Assert.Equal(("illness_signal", "alert"), (alert.Kind, alert.Tier));
        Assert.Contains("not a diagnosis", alert.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ASmallSustainedRiseIsCaughtByCusum()
    {
        var days = Calm();
        for (var i = 0; i < 6; i++)
        {
            days.Add(Normal with { Date = Start.AddDays(40 + i), RestingHr = 53.6 });
        }

        Assert.Contains(Anomalies.Detect(days), a => a.Kind == "high_rhr" && a.Reason.Contains("CuSum", StringComparison.Ordinal));
    }

    [Fact]
    public void MissedWorkoutsRightAfterAnIllnessSignalAreNotFlagged()
    {
        var days = Calm();
        days.Add(Normal with { Date = Start.AddDays(40), RestingHr = 58, SkinTempDev = 0.6, Workout = false });
        for (var i = 1; i < 7; i++)
        {
            days.Add(Normal with { Date = Start.AddDays(40 + i), Workout = false });
        }

        var found = Anomalies.Detect(days);
        Assert.Contains(found, a => a.Kind == "illness_signal");
        Assert.DoesNotContain(found, a => a.Kind == "missed_streak");
    }

    [Fact]
    public void AMissedStreakIsFlaggedOnlyForSomeoneWhoTrainsRegularly()
    {
        var days = Calm();
        for (var i = 0; i < 6; i++)
        {
            days.Add(Normal with { Date = Start.AddDays(40 + i), Workout = false });
        }

        Assert.Single(Anomalies.Detect(days), a => a.Kind == "missed_streak");
        var rarely = Calm(workouts: false);
        rarely[10] = rarely[10] with { Workout = true };
        Assert.DoesNotContain(Anomalies.Detect(rarely), a => a.Kind == "missed_streak");
    }

    [Fact]
    public void GapsAndMissingMetricsNeverInventAFlag()
    {
        var sparse = Calm().Where((_, i) => i % 3 == 0).ToList(); // 14 of 40 days
        sparse.Add(Normal with { Date = Start.AddDays(40), RestingHr = 70 });
        Assert.DoesNotContain(Anomalies.Detect(sparse), a => a.Kind != "missed_streak"); // fewer than 14 baseline values in 28 days

        var noHrv = Calm(Normal with { Hrv = null }).Select(d => d with { Hrv = null }).ToList();
        Assert.DoesNotContain(Anomalies.Detect(noHrv), a => a.Kind == "low_hrv");
        Assert.Empty(Anomalies.Detect([Normal with { Date = Start }]));
    }

    [Fact]
    public void OnSyntheticPeopleTheIllnessSignalMeetsItsGoals()
    {
        // Forward-in-time scoring against injected illnesses (see DetectionEvaluation); the full run with
        // 50 people is `dotnet run -c Release --project bench/Bio.Bench -- detect 50`.
        var score = DetectionEvaluation.IllnessSignal(Enumerable.Range(1, 20), 730, new DateOnly(2026, 11, 24));
        Assert.True(score.Events >= 50, $"only {score.Events} illnesses to score");
        Assert.True(score.Recall >= 0.8, $"recall {score.Recall:0.00}");
        Assert.True(score.FalseAlertDaysPerPersonMonth <= 1.2, $"false alert days {score.FalseAlertDaysPerPersonMonth:0.00}");
        Assert.True(score.MedianLeadDays >= 1, $"median lead {score.MedianLeadDays}");
    }
}

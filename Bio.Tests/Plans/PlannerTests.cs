using Bio.Core.Analytics;
using Bio.Core.Ingest;
using Bio.Core.Plans;
using Bio.Core.Synthetic;

namespace Bio.Tests.Plans;

/// <summary>Each rule of the plan fires on a history built for it, and the plan keeps its promises on synthetic people.</summary>
public sealed class PlannerTests
{
    private static readonly DateTimeOffset Issued = new(2026, 5, 5, 6, 0, 0, TimeSpan.Zero);

    private static TrainingPlan PlanOf(PlanHistoryBuilder history, DateOnly? today = null)
    {
        var (analysis, silver) = history.Build();
        return Planner.Build(analysis, silver, today ?? history.Today, Issued, 1);
    }

    [Fact]
    public void ASteadyPersonGetsSevenDaysWithAHardSessionTheirOwnDisciplinesAndTheRuleOfEachDay()
    {
        var plan = PlanOf(new PlanHistoryBuilder());

        Assert.Equal(7, plan.Days.Count);
        Assert.Equal(new PlanHistoryBuilder().Today, plan.From);
        Assert.Equal([.. Enumerable.Range(0, 7).Select(plan.From.AddDays)], plan.Days.Select(d => d.Date));
        Assert.Contains(plan.Days, d => d.Session == Sessions.Hard);
        Assert.All(plan.Days.Where(d => d.Session is Sessions.Hard or Sessions.Moderate), d => Assert.Equal("running", d.Discipline));
        Assert.All(plan.Days.Where(d => d.Session == Sessions.Easy), d => Assert.Equal("cycling", d.Discipline));
        Assert.All(plan.Days.Where(d => d.Session != Sessions.Rest), d => Assert.InRange(d.DurationMinutes, 15, 240));
        Assert.All(plan.Days, d => Assert.False(string.IsNullOrWhiteSpace(d.Reason)));
        Assert.Equal("rules", plan.Policy);
        Assert.Contains("own", plan.Loads.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void HrvBelowItsNormalRangeMeansNoHardSessionAndTheDaySaysSo()
    {
        var history = new PlanHistoryBuilder();
        for (var i = 1; i <= 7; i++)
        {
            history.Night(history.Today.AddDays(-i), 40);
        }

        var plan = PlanOf(history);

        Assert.Equal(HrvStatus.Below, plan.Days[0].Inputs.HrvStatus);
        Assert.DoesNotContain(plan.Days, d => d.Session is Sessions.Hard or Sessions.Moderate);
        Assert.Equal(PlanRules.HrvGuided, plan.Days[0].Rule);
    }

    [Fact]
    public void ThePlanChangesAfterALowHrvImport()
    {
        var history = new PlanHistoryBuilder();
        var (before, silver) = history.Build();
        var first = Planner.Build(before, silver, history.Today, Issued, 1);
        var lowNights = new ImportBatch("second-device-upload");
        for (var i = 1; i <= 7; i++)
        {
            lowNights.Daily.Add(new DailyObservation(history.Today.AddDays(-i), Metric.HrvRmssdMs, 38, "test", 0));
        }

        var merged = silver.Merge(lowNights, "second-device-upload");
        var after = Analysis.Run(DaySeries.FromSilver(silver), before, merged.EarliestChange);
        var second = Planner.Build(after, silver, history.Today, Issued, 2);

        Assert.Equal(Sessions.Hard, first.Days[0].Session);
        Assert.False(second.SameDays(first));
        Assert.Equal(PlanRules.HrvGuided, second.Days[0].Rule);
        Assert.DoesNotContain(second.Days, d => d.Session == Sessions.Hard);
    }

    /// <summary>This morning's data says low energy while the form band has room for a hard session: the plan's today follows the morning (the Today page shows one recommendation).</summary>
    [Fact]
    public void ThePlansTodayIsNoHarderThanThisMorningsReadiness()
    {
        var history = new PlanHistoryBuilder();
        Assert.Equal(Sessions.Hard, PlanOf(history).Days[0].Session);
        history.Night(history.Today, 22, rhr: 68); // a bad night, read this morning

        var (analysis, silver) = history.Build();
        var plan = Planner.Build(analysis, silver, history.Today, Issued, 1);
        var morning = analysis.Recommendations[analysis.Series.Index(history.Today)];

        Assert.Equal(Sessions.Easy, morning.Intensity);
        Assert.Equal(Sessions.Easy, plan.Days[0].Session);
        Assert.Equal(PlanRules.TodaysReadiness, plan.Days[0].Rule);
        Assert.Contains(morning.Reason, plan.Days[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFitnessRampIsCappedForSomeoneStartingFromNothing()
    {
        var plan = PlanOf(new PlanHistoryBuilder(train: false));
        var options = new PlanOptions();
        var fitness = plan.Days[0].Inputs.Fitness;
        foreach (var d in plan.Days)
        {
            fitness = PlanRules.NextFitness(fitness, d.TargetLoad);
        }

        Assert.Contains(plan.Days, d => d.Rule == PlanRules.Ramp);
        Assert.True(fitness - plan.Days[0].Inputs.Fitness <= options.RampCapPerWeek + 1e-9, $"fitness rose {fitness - plan.Days[0].Inputs.Fitness:0.00}");
        Assert.Contains("defaults", plan.Loads.Basis, StringComparison.Ordinal);
        Assert.All(plan.Days, d => Assert.Null(d.Discipline));
    }

    [Fact]
    public void NoTwoHardDaysInARowWhetherYesterdayWasDoneOrPlanned()
    {
        // Ten days off, then a long hard session yesterday: fresh by form, but the day after a hard one is easy.
        var history = new PlanHistoryBuilder(untrainedLastDays: 10);
        history.Workout(history.Today.AddDays(-1), "running", 90, 160);
        var plan = PlanOf(history);

        Assert.True(plan.Days[0].Inputs.HardYesterday);
        Assert.True(plan.Days[0].Inputs.FormPercent > -10, $"form {plan.Days[0].Inputs.FormPercent} %");
        Assert.Equal(PlanRules.NoHardAfterHard, plan.Days[0].Rule);
        Assert.Equal(Sessions.Easy, plan.Days[0].Session);

        var steady = PlanOf(new PlanHistoryBuilder());
        Assert.Equal(Sessions.Hard, steady.Days[0].Session);
        Assert.Equal(PlanRules.NoHardAfterHard, steady.Days[1].Rule);
        for (var i = 1; i < 7; i++)
        {
            Assert.False(steady.Days[i - 1].Session == Sessions.Hard && steady.Days[i].Session == Sessions.Hard);
        }
    }

    [Fact]
    public void FeelingIllInTheJournalMeansRestThenOneEasyDay()
    {
        var history = new PlanHistoryBuilder();
        history.Journal(history.Today.AddDays(-1), "Felt ill (symptoms)?", true);
        var plan = PlanOf(history);

        Assert.All(plan.Days.Take(2), d =>
        {
            Assert.Equal(Sessions.Rest, d.Session);
            Assert.Equal(PlanRules.Illness, d.Rule);
            Assert.True(d.Inputs.Ill);
        });
        Assert.True(Sessions.Rank(plan.Days[2].Session) <= Sessions.Rank(Sessions.Easy));
        Assert.Equal(PlanRules.Illness, plan.Days[2].Rule);
    }

    [Fact]
    public void AFormInTheHighRiskBandMeansRest()
    {
        var history = new PlanHistoryBuilder();
        for (var i = 1; i <= 3; i++)
        {
            history.Workout(history.Today.AddDays(-i), "running", 150, 165);
        }

        var plan = PlanOf(history);

        Assert.True(plan.Days[0].Inputs.FormPercent < -30, $"form {plan.Days[0].Inputs.FormPercent} %");
        Assert.Equal(Sessions.Rest, plan.Days[0].Session);
        Assert.Equal(PlanRules.FormBand, plan.Days[0].Rule);
    }

    [Fact]
    public void SixDaysWithoutRestMeanARestDay()
    {
        var history = new PlanHistoryBuilder();
        for (var i = 1; i <= 6; i++)
        {
            history.Workout(history.Today.AddDays(-i), "running", 45, 125);
        }

        var plan = PlanOf(history);

        Assert.True(plan.Days[0].Inputs.DaysSinceRest >= 6, $"{plan.Days[0].Inputs.DaysSinceRest} days");
        Assert.Equal(Sessions.Rest, plan.Days[0].Session);
        Assert.Equal(PlanRules.RestDay, plan.Days[0].Rule);
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(null, 9)]
    public void LowEnergyOrAHighEffortRatingSoftensTheNextThreeDays(int? energy, int? exertion)
    {
        var history = new PlanHistoryBuilder();
        history.Rating(history.Today.AddDays(-1), energy, exertion);
        var plan = PlanOf(history);

        Assert.DoesNotContain(plan.Days.Take(3), d => d.Session == Sessions.Hard);
        Assert.Equal(PlanRules.Ratings, plan.Days[0].Rule);
        Assert.Contains(energy is null ? "effort 9 of 10" : "energy 1 of 5", plan.Days[0].Reason, StringComparison.Ordinal);
        Assert.Equal(Sessions.Moderate, plan.Days[0].Session);
    }

    [Fact]
    public void NoDataOrOnlyOldDataIsSaidNotGuessed()
    {
        var (empty, emptySilver) = new PlanHistoryBuilder(days: 0).Build();
        Assert.Throws<NoDataException>(() => Planner.Build(empty, emptySilver, new DateOnly(2026, 5, 5), Issued, 1));

        var history = new PlanHistoryBuilder();
        var (analysis, silver) = history.Build();
        var e = Assert.Throws<NoDataException>(() => Planner.Build(analysis, silver, history.Today.AddDays(30), Issued, 1));
        Assert.Contains("last two weeks", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSamePlanComesFromTheSameData()
    {
        Assert.True(PlanOf(new PlanHistoryBuilder()).SameDays(PlanOf(new PlanHistoryBuilder())));
    }

    /// <summary>The promises hold for every synthetic person on every day: no hard day after a hard one, no hard day while HRV is below its range, the ramp capped, rest while ill.</summary>
    [Fact]
    public void OnSyntheticPeopleEveryPlanKeepsItsRules()
    {
        var options = new PlanOptions();
        var plans = 0;
        for (var seed = 1; seed <= 12; seed++)
        {
            var data = SyntheticPerson.Generate(seed, 240, new DateOnly(2026, 6, 16));
            var silver = new Bio.Core.Lake.Silver();
            silver.Merge(data.Batch, "synthetic");
            var analysis = Analysis.Run(DaySeries.FromSilver(silver));
            for (var today = new DateOnly(2026, 3, 1); today <= new DateOnly(2026, 6, 17); today = today.AddDays(9))
            {
                var plan = Planner.Build(analysis, silver, today, Issued, 1);
                plans++;
                if (today <= analysis.Series.Last)
                {
                    var morning = analysis.Recommendations[analysis.Series.Index(today)];
                    Assert.True(Sessions.Rank(plan.Days[0].Session) <= Sessions.Rank(morning.Intensity), $"seed {seed} {today}: harder than the morning's readiness");
                }

                var fitness = plan.Days[0].Inputs.Fitness;
                for (var i = 0; i < plan.Days.Count; i++)
                {
                    var d = plan.Days[i];
                    Assert.False(i > 0 && d.Session == Sessions.Hard && plan.Days[i - 1].Session == Sessions.Hard, $"seed {seed} {today}: hard after hard");
                    Assert.False(d.Session == Sessions.Hard && (d.Inputs.HrvStatus == HrvStatus.Below || d.Inputs.HardYesterday), $"seed {seed} {today}: hard against a rule");
                    Assert.True(!d.Inputs.Ill || d.Session == Sessions.Rest, $"seed {seed} {today}: training while ill");
                    fitness = PlanRules.NextFitness(fitness, d.TargetLoad);
                    Assert.True(fitness - plan.Days[0].Inputs.Fitness <= options.RampCapPerWeek + 1e-9, $"seed {seed} {today}: ramp");
                }
            }
        }

        Assert.True(plans > 100);
    }
}

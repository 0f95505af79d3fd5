using Bio.Core.Analytics;
using Bio.Core.Ingest;
using Bio.Core.Lake;

namespace Bio.Tests.Analytics;

/// <summary>Session RPE × minutes (Foster) as the load of a workout without heart rate, with the method recorded.</summary>
public sealed class SessionRpeLoadTests
{
    private static readonly DateOnly Day = new(2026, 3, 2);

    private static WorkoutRecord Workout(DateOnly day, string discipline, double minutes, double? avgHr = null, double? maxHr = null, double? kj = null) =>
        new(new DateTimeOffset(day.ToDateTime(new TimeOnly(7, 0)), TimeSpan.Zero), day, discipline, minutes, "test")
        {
            AvgHr = avgHr, MaxHr = maxHr, OutputKj = kj,
        };

    private static Silver SilverOf(IEnumerable<WorkoutRecord> workouts, IEnumerable<(DateOnly Day, int Rpe)> ratings)
    {
        var batch = new ImportBatch("test");
        batch.Workouts.AddRange(workouts);
        foreach (var (day, rpe) in ratings)
        {
            batch.Feedback.Add(new FeedbackRecord(day, null, null, rpe, null, "feedback"));
        }

        var silver = new Silver();
        silver.Merge(batch, "test");
        return silver;
    }

    [Fact]
    public void AWorkoutWithoutHeartRateOnARatedDayTakesSessionRpeTimesMinutesWithTheDefaultFactor()
    {
        var silver = SilverOf([Workout(Day, "strength", 50), Workout(Day.AddDays(1), "strength", 50)], [(Day, 7)]);
        var loads = TrainingLoad.Workouts(DaySeries.FromSilver(silver));

        Assert.Equal("srpe", loads[0].Method);
        Assert.Equal(7 * 50 * 0.25, loads[0].Load, 9);
        Assert.Equal("duration", loads[1].Method); // no rating that day: the discipline factor, as before
    }

    [Fact]
    public void HeartRateStillWinsAndCalibratesTheFactorOnThePersonsOwnRatedWorkouts()
    {
        // Six heart-rate workouts, each rated 5 for 60 minutes: TRIMP / (5 · 60) is the person's own factor.
        var hr = Enumerable.Range(0, 6).Select(i => Workout(Day.AddDays(i), "running", 60, avgHr: 150, maxHr: 180)).ToList();
        var noHr = Workout(Day.AddDays(6), "strength", 40);
        var silver = SilverOf([.. hr, noHr], [.. Enumerable.Range(0, 7).Select(i => (Day.AddDays(i), 5))]);
        var loads = TrainingLoad.Workouts(DaySeries.FromSilver(silver));

        Assert.All(loads.Take(6), l => Assert.Equal("trimp", l.Method));
        var factor = loads[0].Load / (5 * 60.0);
        Assert.Equal("srpe", loads[6].Method);
        Assert.Equal(5 * 40 * factor, loads[6].Load, 6);
        Assert.NotEqual(5 * 40 * 0.25, loads[6].Load, 3);
    }

    [Fact]
    public void ARatingWrittenAfterTheWorkoutChangesThatDaysLoadInTheIncrementalAnalysis()
    {
        var silver = SilverOf([Workout(Day, "strength", 30), Workout(Day.AddDays(3), "strength", 30)], []);
        var before = Analysis.Run(DaySeries.FromSilver(silver));
        var batch = new ImportBatch("feedback");
        batch.Feedback.Add(new FeedbackRecord(Day.AddDays(3), null, null, 9, null, "feedback"));
        var outcome = silver.Merge(batch, "feedback");
        var after = Analysis.Run(DaySeries.FromSilver(silver), before, outcome.EarliestChange);

        Assert.Equal(9 * 30 * 0.25, after.Load[3].Load, 9);
        Assert.Equal(Analysis.Run(DaySeries.FromSilver(silver)).Load[3].Fitness, after.Load[3].Fitness, 9);
    }
}

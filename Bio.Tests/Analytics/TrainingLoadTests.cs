using Bio.Core.Analytics;
using Bio.Core.Ingest;

namespace Bio.Tests.Analytics;

public sealed class TrainingLoadTests
{
    private static readonly DateOnly Day = new(2026, 3, 2);

    private static WorkoutRecord Workout(DateOnly day, string discipline, double minutes, double? avgHr = null, double? maxHr = null, double? kj = null) =>
        new(new DateTimeOffset(day.ToDateTime(new TimeOnly(7, 0)), TimeSpan.Zero), day, discipline, minutes, "test")
        {
            AvgHr = avgHr, MaxHr = maxHr, OutputKj = kj,
        };

    [Fact]
    public void ADayOfWhoopStrainWithoutAWorkoutTakesTheLoadItsOwnCalibrationGivesOnceTenDaysHaveBoth()
    {
        // Twelve heart-rate workout days whose TRIMP is exactly e^(1 + 0.2 · strain); strain-only days before
        // and after the tenth; a strain day with a workout of another method keeps that workout's load only.
        var series = DaySeries.FromDays(Day, 30, "rmssd");
        var loads = new List<WorkoutLoad>();
        for (var i = 0; i < 12; i++)
        {
            var strain = 8 + (i * 0.5);
            series.DeviceStrain[i * 2] = strain;
            loads.Add(new WorkoutLoad(Day.AddDays(i * 2), "running", Math.Exp(1 + (0.2 * strain)), "trimp"));
        }

        series.DeviceStrain[5] = 7; // after 3 calibration days: not enough
        series.DeviceStrain[25] = 6; // after 12: e^(1 + 0.2 · 6)
        series.DeviceStrain[26] = 12;
        loads.Add(new WorkoutLoad(Day.AddDays(26), "cycling", 40, "output"));

        var strainLoads = TrainingLoad.StrainDays(series, loads);

        var only = Assert.Single(strainLoads);
        Assert.Equal(Day.AddDays(25), only.Date);
        Assert.Equal("strain", only.Method);
        Assert.Equal(Math.Exp(1 + (0.2 * 6)), only.Load, 9);
    }

    [Fact]
    public void TheTrainingLoadViewRecordsAStrainDayAsStrainNotAsAWorkout()
    {
        var workouts = Enumerable.Range(0, 12).Select(i => Workout(Day.AddDays(i * 2), "running", 30 + (i * 5), avgHr: 140 + i, maxHr: 185)).ToList();
        var series = DaySeries.FromDays(Day, 30, "rmssd", workouts);
        for (var i = 0; i < 12; i++)
        {
            series.DeviceStrain[i * 2] = 9 + (i * 0.6);
        }

        series.DeviceStrain[27] = 8;
        var analysis = Analysis.Run(series);
        var row = GoldViews.TrainingLoadRows(analysis).Single(r => r.Date == Day.AddDays(27));

        Assert.Equal("strain", row.Methods);
        Assert.Equal(0, row.Workouts);
        Assert.True(row.Load > 0);
        Assert.Equal(analysis.StrainLoads.Single().Load, row.Load, 9);
    }

    [Fact]
    public void TrimpFollowsBanistersFormulaWhenHeartRateExists()
    {
        // rest 60, max 180 (seen), avg 150: HRr = 0.75; 60 min * 0.75 * 0.64 * e^(1.92 * 0.75)
        var load = TrainingLoad.Workouts([Workout(Day, "running", 60, avgHr: 150, maxHr: 180)], restingHr: 60).Single();
        Assert.Equal("trimp", load.Method);
        Assert.Equal(60 * 0.75 * 0.64 * Math.Exp(1.92 * 0.75), load.Load, 9);
    }

    [Fact]
    public void WithoutHeartRateOutputIsUsedAndThenDurationWithTheMethodRecorded()
    {
        var loads = TrainingLoad.Workouts(
        [
            Workout(Day, "cycling", 30, kj: 300),
            Workout(Day, "strength", 40),
            Workout(Day, "mindfulness", 10),
        ], restingHr: null);
        Assert.Equal(("output", 300 * 0.12), (loads[0].Method, loads[0].Load));
        Assert.Equal(("duration", 40 * 0.6), (loads[1].Method, loads[1].Load));
        Assert.Equal(0, loads[2].Load);
    }

    [Fact]
    public void TheOutputFactorIsCalibratedOnThePersonsOwnRides()
    {
        var rides = Enumerable.Range(0, 6).Select(i => Workout(Day.AddDays(i), "cycling", 45, avgHr: 140, maxHr: 185, kj: 400)).ToList();
        rides.Add(Workout(Day.AddDays(7), "cycling", 45, kj: 400)); // no heart rate this time
        var loads = TrainingLoad.Workouts(rides, restingHr: 55);
        Assert.Equal(loads[0].Load, loads[^1].Load, 9); // same ride, same load, by either method
        Assert.Equal("output", loads[^1].Method);
    }

    [Fact]
    public void FitnessAndFatigueConvergeToASteadyLoadAndFormGoesToZero()
    {
        var loads = Enumerable.Range(0, 400).Select(i => new WorkoutLoad(Day.AddDays(i), "running", 50, "trimp"));
        var last = TrainingLoad.Daily(loads, Day, Day.AddDays(399)).Last();
        Assert.Equal(50, last.Fitness, 0.01); // 50 * (1 - (41/42)^400)
        Assert.Equal(50, last.Fatigue, 1e-6);
        Assert.Equal(0, last.Form, 0.01);
        Assert.Equal(1, last.Acwr!.Value, 1e-6);
        Assert.Null(last.Monotony); // no variation: Foster's monotony is undefined
    }

    [Fact]
    public void ASuddenBlockRaisesAcwrAndDrivesFormNegative()
    {
        var loads = Enumerable.Range(0, 60).Select(i => new WorkoutLoad(Day.AddDays(i), "running", i % 7 == 0 ? 0 : 40, "trimp"))
            .Concat(Enumerable.Range(60, 10).Select(i => new WorkoutLoad(Day.AddDays(i), "running", 120, "trimp")));
        var days = TrainingLoad.Daily(loads, Day, Day.AddDays(69));
        Assert.True(days.Skip(60).Max(d => d.Acwr) > 1.5); // the acute load outruns the chronic early in the block
        Assert.True(days[^1].Form < -20);
        Assert.True(days[59].Monotony > 0 && days[59].Strain > 0);
    }

    [Fact]
    public void MonotonyAndStrainFollowFoster()
    {
        double[] week = [60, 0, 45, 70, 0, 90, 30];
        var loads = week.Select((l, i) => new WorkoutLoad(Day.AddDays(i), "running", l, "trimp"));
        var last = TrainingLoad.Daily(loads, Day, Day.AddDays(6)).Last();
        var mean = week.Average();
        var sd = Math.Sqrt(week.Sum(l => (l - mean) * (l - mean)) / 6);
        Assert.Equal(mean / sd, last.Monotony!.Value, 9);
        Assert.Equal(week.Sum() * mean / sd, last.Strain!.Value, 9);
    }

    [Fact]
    public void NoWorkoutsMeansZeroLoadNotAnError()
    {
        var days = TrainingLoad.Daily([], Day, Day.AddDays(3));
        Assert.Equal(4, days.Count);
        Assert.All(days, d => Assert.Equal((0.0, 0.0, 0.0), (d.Load, d.Fitness, d.Fatigue)));
        Assert.All(days, d => Assert.Null(d.Acwr));
    }
}

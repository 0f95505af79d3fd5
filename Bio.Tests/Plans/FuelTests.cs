using Bio.Core.Plans;
using Bio.Core.Users;

namespace Bio.Tests.Plans;

/// <summary>Fuel targets: Mifflin-St Jeor, the joint position's g/kg by the planned load, and what Bio needs when it cannot say.</summary>
public sealed class FuelTests
{
    private static readonly DateTimeOffset Issued = new(2026, 5, 5, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RestingEnergyIsMifflinStJeor()
    {
        Assert.Equal((10 * 70) + (6.25 * 175) - (5 * 36) + 5, Fuel.Resting(70, 175, 36, "male"), 9);
        Assert.Equal((10 * 60) + (6.25 * 165) - (5 * 30) - 161, Fuel.Resting(60, 165, 30, "female"), 9);
    }

    [Fact]
    public void WithABodyAndMeasuredActiveEnergyEachDayHasEnergyCarbohydrateAndProteinByItsSession()
    {
        var history = new PlanHistoryBuilder();
        for (var i = 1; i <= 28; i++)
        {
            history.ActiveKcal(history.Today.AddDays(-i), 400 + i); // workout days' values are left out
        }

        var (analysis, silver) = history.Build();
        var body = new BodyProfile(175, 70, 1990, "male");
        var plan = Planner.Build(analysis, silver, history.Today, Issued, 1, body);
        var fuel = plan.Fuel;

        Assert.Equal(3, fuel.Days.Count);
        Assert.Empty(fuel.Needs);
        var resting = Fuel.Resting(70, 175, 2026 - 1990, "male");
        var restDays = Enumerable.Range(1, 28).Select(i => history.Today.AddDays(-i)).Where(d => (d.DayNumber - PlanHistoryBuilder.First.DayNumber) % 7 is 0 or 4);
        var everyday = Bio.Core.Analytics.Stats.Median(restDays.Select(d => 400.0 + (history.Today.DayNumber - d.DayNumber)));
        foreach (var (day, f) in plan.Days.Zip(fuel.Days))
        {
            Assert.Equal(day.Date, f.Date);
            Assert.Equal(day.Session, f.Session);
            var (min, max, _) = Fuel.Carbohydrate(day.Session);
            Assert.Equal((int)Math.Round(70 * min), f.CarbohydrateMinG);
            Assert.Equal((int)Math.Round(70 * max), f.CarbohydrateMaxG);
            Assert.Equal(84, f.ProteinMinG);
            Assert.Equal(140, f.ProteinMaxG);
            Assert.Equal((int)Math.Round(resting), f.RestingKcal);
            Assert.Equal((int)Math.Round(everyday), f.EverydayActiveKcal);
            var energy = resting + everyday + f.SessionKcal!.Value;
            Assert.InRange(f.EnergyKcal!.Value, energy - 1, energy + 1); // the parts are rounded on their own
            Assert.Contains("g/kg", f.Rule, StringComparison.Ordinal);
        }

        Assert.Equal(Sessions.Hard, fuel.Days[0].Session);
        Assert.Equal((6.0, 10.0), (fuel.Days[0].CarbohydrateMinGPerKg, fuel.Days[0].CarbohydrateMaxGPerKg));
        Assert.Contains(fuel.Sources, s => s.Contains("Thomas DT, Erdman KA, Burke LM", StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutABodyItSaysWhatItNeedsAndGivesOnlyTheGramsPerKilogram()
    {
        var history = new PlanHistoryBuilder();
        var (analysis, silver) = history.Build();
        var fuel = Planner.Build(analysis, silver, history.Today, Issued, 1).Fuel;

        Assert.Contains(fuel.Needs, n => n.Contains("weight", StringComparison.Ordinal));
        Assert.Contains(fuel.Needs, n => n.Contains("height (cm), birth year, sex", StringComparison.Ordinal));
        Assert.All(fuel.Days, f =>
        {
            Assert.Null(f.EnergyKcal);
            Assert.Null(f.CarbohydrateMinG);
            Assert.Null(f.ProteinMinG);
            Assert.True(f.CarbohydrateMinGPerKg >= 3);
        });

        // Weight alone: grams, but still no energy (no resting rate without height, age and sex).
        var weightOnly = Planner.Build(analysis, silver, history.Today, Issued, 1, new BodyProfile(null, 80, null, null)).Fuel;
        Assert.All(weightOnly.Days, f => Assert.Equal(96, f.ProteinMinG));
        Assert.All(weightOnly.Days, f => Assert.Null(f.EnergyKcal));
        Assert.DoesNotContain(weightOnly.Needs, n => n.StartsWith("your weight", StringComparison.Ordinal));
    }

    [Fact]
    public void ASessionsEnergyIsThePersonsOwnCaloriesAMinuteOfThatDiscipline()
    {
        var history = new PlanHistoryBuilder(train: false);
        for (var i = 1; i <= 60; i++)
        {
            if (i % 2 == 0)
            {
                history.Workout(history.Today.AddDays(-i), "rowing", 50, 140 + (i % 3 * 5), kcal: 500); // 10 kcal a minute
            }
        }

        var (analysis, silver) = history.Build();
        var plan = Planner.Build(analysis, silver, history.Today, Issued, 1, new BodyProfile(180, 75, 1985, "female"));
        var day = plan.Fuel.Days.First(f => f.Session != Sessions.Rest);
        var planned = plan.Days.Single(d => d.Date == day.Date);

        Assert.Equal("rowing", planned.Discipline);
        Assert.Equal(10 * planned.DurationMinutes, day.SessionKcal);
        Assert.Contains("your own rowing workouts", day.Rule + string.Join(" ", plan.Fuel.Needs), StringComparison.Ordinal);
    }

    [Fact]
    public void AnImplausibleBodyIsRefusedWithTheReason()
    {
        Assert.Null(new BodyProfile(180, 75, 1985, "female").Problem(2026));
        Assert.Contains("heightCm", new BodyProfile(18, null, null, null).Problem(2026), StringComparison.Ordinal);
        Assert.Contains("weightKg", new BodyProfile(null, 7, null, null).Problem(2026), StringComparison.Ordinal);
        Assert.Contains("birthYear", new BodyProfile(null, null, 2025, null).Problem(2026), StringComparison.Ordinal);
        Assert.Contains("sex", new BodyProfile(null, null, null, "x").Problem(2026), StringComparison.Ordinal);
    }
}

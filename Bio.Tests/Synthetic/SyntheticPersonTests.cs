using Bio.Core.Ingest;
using Bio.Core.Lake;
using Bio.Core.Synthetic;

namespace Bio.Tests.Synthetic;

public sealed class SyntheticPersonTests
{
    private static readonly DateOnly LastDay = new(2026, 11, 24);

    [Fact]
    public void TheSameSeedGivesTheSamePerson()
    {
        var a = SyntheticPerson.Generate(7, 400, LastDay);
        var b = SyntheticPerson.Generate(7, 400, LastDay);
        Assert.Equal(a.Batch.Daily, b.Batch.Daily);
        Assert.Equal(a.Batch.Workouts, b.Batch.Workouts);
        Assert.Equal(a.Events, b.Events);
        Assert.NotEqual(a.Batch.Daily, SyntheticPerson.Generate(8, 400, LastDay).Batch.Daily);
    }

    [Fact]
    public void TwoYearsHaveEveryKindOfEventAndAllValuesAreInRange()
    {
        var data = SyntheticPerson.Generate(42, 730, LastDay);
        var kinds = data.Events.Select(e => e.Kind).ToHashSet();
        Assert.Superset(new HashSet<string> { "illness", "alcohol", "travel" }, kinds);
        Assert.All(data.Batch.Daily, o =>
        {
            var (min, max) = o.Metric.Range();
            Assert.InRange(o.Value, min, max);
        });
        Assert.Equal(730, data.Batch.RowsRead);
        Assert.Equal(LastDay, data.Batch.Daily.Max(o => o.Date));
        Assert.Equal(LastDay.AddDays(-729), data.Batch.Daily.Min(o => o.Date));

        // It merges into silver cleanly, every day accepted.
        var outcome = new Silver().Merge(data.Batch, "synthetic");
        Assert.Equal(730, outcome.RowsAccepted);
    }

    [Fact]
    public void IllnessRaisesRestingHeartRateAndLowersHrv()
    {
        var data = SyntheticPerson.Generate(3, 1460, LastDay);
        var illDays = data.Events.Where(e => e.Kind == "illness")
            .SelectMany(e => Enumerable.Range(0, e.End.DayNumber - e.Start.DayNumber + 1).Select(e.Start.AddDays)).ToHashSet();
        Assert.NotEmpty(illDays);
        double Mean(Metric m, bool ill) => data.Batch.Daily.Where(o => o.Metric == m && illDays.Contains(o.Date) == ill).Average(o => o.Value);

        Assert.True(Mean(Metric.RestingHrBpm, ill: true) > Mean(Metric.RestingHrBpm, ill: false) + 3);
        Assert.True(Mean(Metric.HrvRmssdMs, ill: true) < Mean(Metric.HrvRmssdMs, ill: false) * 0.9);
    }

    [Fact]
    public void TrainingFollowsAWeeklyRhythmWithRestDays()
    {
        var data = SyntheticPerson.Generate(5, 364, LastDay);
        var mondays = data.Batch.Workouts.Count(w => w.LocalDate.DayOfWeek == DayOfWeek.Monday);
        var saturdays = data.Batch.Workouts.Count(w => w.LocalDate.DayOfWeek == DayOfWeek.Saturday);
        Assert.Equal(0, mondays);
        Assert.True(saturdays > 35);
        Assert.True(data.Batch.Workouts.Where(w => w.LocalDate.DayOfWeek == DayOfWeek.Saturday).Average(w => w.DurationMinutes)
            > data.Batch.Workouts.Where(w => w.LocalDate.DayOfWeek == DayOfWeek.Wednesday).Average(w => w.DurationMinutes));
    }
}

using Bio.Core.Analytics;
using Bio.Core.Ingest;
using Bio.Core.Ingest.Generic;
using Bio.Core.Lake;
using Bio.Core.Plans;
using Bio.Tests.AgentBank;

namespace Bio.Tests.Plans;

/// <summary>
/// The planner on real physiology: the ten LifeSnaps people (Fitbit days: HRV, resting HR, sleep, steps,
/// no workouts in the files), planned on every fortnight of their data, with this morning's data in and
/// with it not yet arrived. The rules hold on every day and the plan says what it could not use.
/// </summary>
public sealed class PlannerRealDataTests
{
    private static readonly DateTimeOffset Issued = new(2021, 9, 1, 6, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> People() => [.. Enumerable.Range(1, 10).Select(i => $"lifesnaps-{i:00}")];

    [Theory]
    [MemberData(nameof(People))]
    public void OnARealPersonEveryPlanKeepsItsRulesAndSaysWhatItLacks(string person)
    {
        var file = Bank.Uploads(person).Single();
        using var stream = File.OpenRead(file);
        var batch = new GenericCsvImporter().Import(stream, new ImportContext(Path.GetFileName(file), TimeZoneInfo.Utc));
        var silver = new Silver();
        silver.Merge(batch, "lifesnaps");
        var analysis = Analysis.Run(DaySeries.FromSilver(silver));
        var series = analysis.Series;
        var plans = 0;
        var todays = new List<DateOnly>();
        for (var d = series.First.AddDays(21); d < series.Last; d = d.AddDays(14))
        {
            todays.Add(d);
        }

        todays.AddRange([series.Last, series.Last.AddDays(1)]); // this morning's data in, and not yet arrived
        foreach (var today in todays)
        {
            var plan = Planner.Build(analysis, silver, today, Issued, 1);
            plans++;
            Assert.Equal(7, plan.Days.Count);
            Assert.Contains(plan.Notes, n => n.StartsWith("No workouts in the last 90 days", StringComparison.Ordinal));
            Assert.Contains("Bio's defaults", plan.Loads.Basis, StringComparison.Ordinal);
            Assert.NotEmpty(plan.Fuel.Needs); // no body in the profile: no grams, and it says so
            Assert.All(plan.Fuel.Days, f => Assert.Null(f.CarbohydrateMinG));
            if (today <= series.Last)
            {
                var morning = analysis.Recommendations[series.Index(today)];
                Assert.True(Sessions.Rank(plan.Days[0].Session) <= Sessions.Rank(morning.Intensity), $"{person} {today}: {plan.Days[0].Session} against the morning's {morning.Intensity}");
            }

            for (var i = 0; i < plan.Days.Count; i++)
            {
                var d = plan.Days[i];
                Assert.False(string.IsNullOrWhiteSpace(d.Rule) || string.IsNullOrWhiteSpace(d.Reason), $"{person} {d.Date}: no rule");
                Assert.Null(d.Discipline); // none in the data: never one made up
                Assert.False(d.Session == Sessions.Hard && (d.Inputs.HrvStatus == HrvStatus.Below || d.Inputs.HardYesterday), $"{person} {d.Date}: hard against a rule");
                Assert.False(i > 0 && d.Session == Sessions.Hard && plan.Days[i - 1].Session == Sessions.Hard, $"{person} {d.Date}: hard after hard");
                Assert.True(!d.Inputs.Ill || d.Session == Sessions.Rest, $"{person} {d.Date}: training while ill");
            }
        }

        Assert.True(plans >= 3, $"{person}: {plans} plans");
    }
}

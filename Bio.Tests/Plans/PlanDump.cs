using Bio.Core.Plans;

namespace Bio.Tests.Plans;

public sealed class PlanDumpTests
{
    [Fact]
    public void Dump()
    {
        var w = new List<string>();
        void Show(string name, PlanHistoryBuilder b, DateOnly? today = null)
        {
            var (a, s) = b.Build();
            var plan = Planner.Build(a, s, today ?? b.Today, DateTimeOffset.UnixEpoch, 1);
            w.Add($"== {name} today {today ?? b.Today} {today?.DayOfWeek ?? b.Today.DayOfWeek}");
            foreach (var n in plan.Notes) w.Add("  note: " + n);
            foreach (var d in plan.Days) w.Add($"  {d.Date} {d.Session,-8} {d.Discipline,-8} {d.DurationMinutes,4} {d.TargetLoad,6} [{d.Rule}] {d.Reason} | F{d.Inputs.Fitness} A{d.Inputs.Fatigue} {d.Inputs.FormPercent}% {d.Inputs.HrvStatus} gain {d.Inputs.FitnessGainThisPlan}");
            foreach (var f in plan.Fuel.Days) w.Add($"  fuel {f.Date} {f.EnergyKcal} carb {f.CarbohydrateMinG}-{f.CarbohydrateMaxG} {f.Rule}");
            foreach (var n in plan.Fuel.Needs) w.Add("  needs: " + n);
        }

        Show("steady", new PlanHistoryBuilder());
        var low = new PlanHistoryBuilder();
        for (var i = 0; i < 7; i++) low.Night(low.Today.AddDays(-7 + i), 40);
        Show("low hrv", low);
        Show("untrained", new PlanHistoryBuilder(train: false));
        File.WriteAllLines("/tmp/plan-dump.txt", w);
    }
}

using System.Diagnostics;
using System.Globalization;
using Bio.Core.Plans;

namespace Bio.Bench;

/// <summary>
/// The plan's learned policy against the rule planner (issue 22): Q-learning on simulated people, judged on
/// held-out ones. Prints the means per policy, the paired differences with 95 % intervals and the verdict.
/// </summary>
internal static class PlansBench
{
    public static void Run(string[] args)
    {
        int Arg(string name, int fallback) =>
            args.FirstOrDefault(a => a.StartsWith(name + "=", StringComparison.Ordinal)) is { } a ? int.Parse(a[(name.Length + 1)..], CultureInfo.InvariantCulture) : fallback;
        var watch = Stopwatch.StartNew();
        var c = PolicyComparison.Run(Arg("train", 200), Arg("epochs", 40), Arg("heldout", 200));
        var ic = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(ic, $"trained on {c.TrainingPeople} simulated people x {c.Epochs} epochs; judged on {c.HeldOutPeople} held-out people x {c.Days} days ({watch.Elapsed.TotalSeconds:0.0} s)"));
        foreach (var s in new[] { c.Rules, c.Learned })
        {
            Console.WriteLine(string.Create(ic, $"{s.Policy,-8} fitness gained {s.MeanFitnessGain,6:0.00} CTL  overreaching days {s.MeanOverreachingDays,5:0.00}  hard days {s.MeanHardDays,5:0.0}  rest days {s.MeanRestDays,5:0.0}"));
        }

        Console.WriteLine(string.Create(ic, $"learned - rules: fitness {c.FitnessGainDifference:+0.00;-0.00} ± {c.FitnessGainDifferenceHalfWidth:0.00} CTL, overreaching days {c.OverreachingDifference:+0.00;-0.00} ± {c.OverreachingDifferenceHalfWidth:0.00} (95 %, paired)"));
        Console.WriteLine(c.LearnedServes
            ? "verdict: the learned policy gains more fitness with no more overreaching days: it may serve"
            : "verdict: the learned policy does not beat the rules on both counts: the rules serve");
    }
}

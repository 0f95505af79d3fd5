namespace Bio.Core.Plans;

/// <summary>One policy's results on the held-out people: means and the paired difference against the rules.</summary>
public sealed record PolicyScore(string Policy, double MeanFitnessGain, double MeanOverreachingDays, double MeanHardDays, double MeanRestDays);

/// <summary>
/// The learned policy against the rule planner on held-out simulated people (the same people, the same days'
/// draws): it would serve only if it gains more fitness with no more overreaching days. Differences are paired
/// per person, with a 95 % interval (mean ± 1.96 standard errors).
/// </summary>
public sealed record PolicyComparison(
    int TrainingPeople, int Epochs, int HeldOutPeople, int Days, PolicyScore Rules, PolicyScore Learned,
    double FitnessGainDifference, double FitnessGainDifferenceHalfWidth,
    double OverreachingDifference, double OverreachingDifferenceHalfWidth, bool LearnedServes)
{
    /// <summary>Trains on people <paramref name="trainFrom"/>.. and compares on people <paramref name="heldOutFrom"/>.. (disjoint seeds).</summary>
    public static PolicyComparison Run(int trainPeople = 200, int epochs = 40, int heldOut = 200, int trainFrom = 1, int heldOutFrom = 100_001, int seed = 7)
    {
        var learned = LearnedPolicy.Train([.. Enumerable.Range(trainFrom, trainPeople)], epochs, seed);
        var people = Enumerable.Range(heldOutFrom, heldOut).ToList();
        var rules = people.Select(p => PlanSimulator.Run(p, FormBandPolicy.Instance)).ToList();
        var tried = people.Select(p => PlanSimulator.Run(p, learned)).ToList();
        static PolicyScore Score(string name, List<SimulationOutcome> o) =>
            new(name, o.Average(x => x.FitnessGain), o.Average(x => x.OverreachingDays), o.Average(x => x.HardDays), o.Average(x => x.RestDays));
        static (double Mean, double Half) Paired(IEnumerable<double> d)
        {
            var list = d.ToList();
            var mean = list.Average();
            var sd = Math.Sqrt(list.Sum(x => (x - mean) * (x - mean)) / Math.Max(1, list.Count - 1));
            return (mean, 1.96 * sd / Math.Sqrt(list.Count));
        }

        var gain = Paired(tried.Zip(rules, (l, r) => l.FitnessGain - r.FitnessGain));
        var over = Paired(tried.Zip(rules, (l, r) => (double)(l.OverreachingDays - r.OverreachingDays)));
        var rulesScore = Score("rules", rules);
        var learnedScore = Score("learned", tried);
        var serves = learnedScore.MeanFitnessGain > rulesScore.MeanFitnessGain && learnedScore.MeanOverreachingDays <= rulesScore.MeanOverreachingDays;
        return new PolicyComparison(trainPeople, epochs, heldOut, PlanSimulator.Days, rulesScore, learnedScore, gain.Mean, gain.Half, over.Mean, over.Half, serves);
    }
}

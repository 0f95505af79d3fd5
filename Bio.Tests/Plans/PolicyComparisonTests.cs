using Bio.Core.Analytics;
using Bio.Core.Plans;

namespace Bio.Tests.Plans;

/// <summary>The simulated comparison that decides which plan policy serves, and the simulator it runs on.</summary>
public sealed class PolicyComparisonTests
{
    [Fact]
    public void ASimulatedPersonIsTheSameForTheSameSeed()
    {
        Assert.Equal(PlanSimulator.Run(42, FormBandPolicy.Instance), PlanSimulator.Run(42, FormBandPolicy.Instance));
        Assert.NotEqual(PlanSimulator.Run(42, FormBandPolicy.Instance), PlanSimulator.Run(43, FormBandPolicy.Instance));
    }

    [Fact]
    public void InTheSimulatorTheRulesHoldEveryDay()
    {
        var days = 0;
        for (var seed = 1; seed <= 30; seed++)
        {
            string? yesterday = null;
            PlanSimulator.Run(seed, FormBandPolicy.Instance, onDay: (state, session, _, _) =>
            {
                days++;
                Assert.True(!state.Ill || session == Sessions.Rest, $"seed {seed}: trained while ill");
                Assert.False(session == Sessions.Hard && (yesterday == Sessions.Hard || state.HrvStatus == HrvStatus.Below), $"seed {seed}: a hard day against a rule");
                yesterday = session;
            });
        }

        Assert.Equal(30 * PlanSimulator.Days, days);
    }

    /// <summary>The bench's comparison (docs/benchmarks.md): the served policy is the one it allows.</summary>
    [Fact]
    public void TheServedPolicyIsTheOneTheHeldOutComparisonAllows()
    {
        var comparison = PolicyComparison.Run();

        Assert.Equal(comparison.LearnedServes ? "learned" : "rules", PlanPolicies.Served.Name);
        Assert.True(comparison.Rules.MeanFitnessGain > 0, "the rules build fitness on simulated people");
        Assert.Equal(comparison.Learned.MeanFitnessGain > comparison.Rules.MeanFitnessGain &&
                     comparison.Learned.MeanOverreachingDays <= comparison.Rules.MeanOverreachingDays, comparison.LearnedServes);
    }
}

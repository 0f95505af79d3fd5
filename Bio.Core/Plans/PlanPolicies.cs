namespace Bio.Core.Plans;

/// <summary>
/// The policy that chooses plan sessions in production. The rule planner serves: the learned policy serves
/// only if, on held-out simulated people, it gains more fitness than the rules with no more overreaching
/// days (docs/benchmarks.md, "Plans: a learned policy against the rules"; <c>bench plans</c>).
/// </summary>
public static class PlanPolicies
{
    public static IPlanPolicy Served => FormBandPolicy.Instance;
}

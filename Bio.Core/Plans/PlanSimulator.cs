using Bio.Core.Analytics;

namespace Bio.Core.Plans;

/// <summary>What one simulated person did under a policy: fitness gained and days overreached over the run.</summary>
public sealed record SimulationOutcome(int Seed, double FitnessStart, double FitnessGain, int OverreachingDays, int HardDays, int RestDays);

/// <summary>
/// A simulated person to try plan policies on, built on the physiology of <see cref="Synthetic.SyntheticPerson"/>:
/// fitness and fatigue are Bio's own load model (42- and 7-day EWMAs, <see cref="PlanRules.NextFitness"/>);
/// the morning's ln rMSSD is a personal baseline (ln 40-75 ms) with AR(1) noise (phi 0.35, sd 0.07), lowered
/// by yesterday's load (0.0012 per unit, x0.7-1.3 per person), progressively by 0.012 a day while the acute
/// load runs over 1.3 times the chronic (the synthetic person's overreaching response), and by 0.25 while
/// ill (about one illness in 120 days, 4-7 days, a day of lowered HRV before it shows). About 3 % of
/// mornings have no reading. The HRV status is the one of <see cref="HrvStatus"/> (7-day mean of ln rMSSD
/// against the 60 days before, ± 0.5 SD). The person's sessions are the synthetic person's (easy 45, moderate
/// 75, hard 110) times a personal scale of 0.7-1.3, each done within ±10 %. A run starts with 100 days of the
/// synthetic person's own week (rest, intervals, easy, tempo, rest, long, easy in 4-week blocks), then
/// follows the policy for <see cref="Days"/> days, replanning every day (the rules of <see cref="PlanRules"/>
/// apply to every policy). Every random draw of a day is made whatever the policy does, so two policies meet
/// the same noise and illnesses (common random numbers). Deterministic for a seed.
/// <para>
/// Overreaching day: form below -30 % of fitness (the high-risk band) or the acute:chronic ratio (7- and
/// 28-day EWMAs, as <see cref="TrainingLoad"/>) above 1.5 (the danger zone), from the day's load.
/// </para>
/// </summary>
public static class PlanSimulator
{
    public const int WarmUpDays = 100;
    public const int Days = 84;

    private static readonly double[] Week = [0, 85, 45, 75, 0, 110, 45];

    /// <summary>
/// One run of <paramref name="policy"/> on the person of <paramref name="seed"/> (<paramref name="episode"/> varies the
/// days' draws for training); <paramref name="onDay"/> sees each policy day: the state, the session done, the
/// fitness it gained and whether the day was overreaching (for learning).
/// </summary>
    public static SimulationOutcome Run(int seed, IPlanPolicy policy, PlanOptions? options = null, Action<PlanState, string, double, bool>? onDay = null, int episode = 0)
    {
        ArgumentNullException.ThrowIfNull(policy);
        options ??= new PlanOptions();
        var person = new Random(seed);
        var baseLn = Math.Log(40 + (person.NextDouble() * 35));
        var sensitivity = 0.0012 * (0.7 + (0.6 * person.NextDouble()));
        var scale = 0.7 + (0.6 * person.NextDouble());
        var loads = new SessionLoads(45 * scale, 75 * scale, 110 * scale, "simulated");
        var days = new Random(unchecked((seed * 1_000_003) + (episode * 7_919) + 17)); // the days' noise, illnesses and execution

        var total = WarmUpDays + Days;
        var ln = new double?[total];
        var load = new double[total];
        double fitness = 0, fatigue = 0, acute = 0, chronic = 0, ar = 0;
        var (la, lc) = (2.0 / 8, 2.0 / 29);
        var illLeft = 0;
        var onsetLag = 0;
        var overDays = 0;
        var lastIll = -1000;
        var hardDays = new bool[total];
        int daysSinceRest = 0, overreaching = 0, hard = 0, rest = 0;
        double fitnessStart = 0, weekStart = 0;
        for (var i = 0; i < total; i++)
        {
            // The day's draws, always in the same order whatever the policy.
            var noise = Gaussian(days);
            var missing = days.NextDouble() < 0.03;
            var execution = 1 + (0.1 * Gaussian(days));
            var illStarts = days.NextDouble() < 1.0 / 120;
            var illLength = days.Next(4, 8);
            if (illLeft == 0 && illStarts)
            {
                (illLeft, onsetLag) = (illLength, 1);
            }

            var ill = illLeft > 0 && onsetLag == 0;
            ar = (0.35 * ar) + (noise * 0.07);
            overDays = chronic > 1e-9 && acute / chronic > 1.3 ? overDays + 1 : 0;
            var morning = baseLn + ar - (sensitivity * (i > 0 ? load[i - 1] : 0)) - (0.012 * overDays) - (illLeft > 0 ? 0.25 : 0);
            ln[i] = missing ? null : morning;
            if (ill)
            {
                lastIll = i;
            }

            string session;
            PlanState? state = null;
            var before = fitness;
            if (i < WarmUpDays)
            {
                var block = i / 7 % 4;
                var planned = Week[i % 7] * scale * (block == 3 ? 0.6 : 0.9 + (0.1 * block));
                session = planned == 0 || ill ? Sessions.Rest : loads.Classify(planned);
                load[i] = ill ? 0 : planned * execution;
            }
            else
            {
                if (i == WarmUpDays)
                {
                    fitnessStart = fitness;
                }

                if ((i - WarmUpDays) % 7 == 0)
                {
                    weekStart = fitness;
                }

                var hardInSix = 0;
                for (var k = Math.Max(0, i - 6); k < i; k++)
                {
                    hardInSix += hardDays[k] ? 1 : 0;
                }

                state = new PlanState(fitness, fatigue, Status(ln, i, options), ill || (i - lastIll <= options.IllRestDays),
                    i - lastIll == options.IllRestDays + 1, i > 0 && hardDays[i - 1], hardInSix, daysSinceRest, fitness - weekStart, null, (i - WarmUpDays) % 7);
                (session, _, _) = PlanRules.Decide(state, policy, loads, options);
                load[i] = ill ? 0 : loads.Of(session) * execution;
            }

            fitness = PlanRules.NextFitness(fitness, load[i]);
            fatigue = PlanRules.NextFatigue(fatigue, load[i]);
            acute = (load[i] * la) + ((1 - la) * acute);
            chronic = (load[i] * lc) + ((1 - lc) * chronic);
            hardDays[i] = session == Sessions.Hard;
            daysSinceRest = load[i] < loads.Easy / 2 ? 0 : daysSinceRest + 1;
            if (i >= WarmUpDays)
            {
                var over = IsOverreaching(fitness, fatigue, acute, chronic, options);
                overreaching += over ? 1 : 0;
                hard += hardDays[i] ? 1 : 0;
                rest += session == Sessions.Rest ? 1 : 0;
                onDay?.Invoke(state!, session, fitness - before, over);
            }

            if (illLeft > 0)
            {
                if (onsetLag > 0) onsetLag--; else illLeft--;
            }
        }

        return new SimulationOutcome(seed, fitnessStart, fitness - fitnessStart, overreaching, hard, rest);
    }

    /// <summary>Form below -30 % of fitness, or the acute:chronic ratio above 1.5.</summary>
    public static bool IsOverreaching(double fitness, double fatigue, double acute, double chronic, PlanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return (fitness >= options.FitnessFloor && (fitness - fatigue) / fitness < -0.30) || (chronic > 1e-9 && acute / chronic > 1.5);
    }

    /// <summary>The HRV status of day <paramref name="i"/> as <see cref="HrvStatus"/> defines it (one device, the default options).</summary>
    private static string Status(double?[] ln, int i, PlanOptions options)
    {
        var o = new HrvStatusOptions();
        double weekSum = 0, baseSum = 0, baseSq = 0;
        int weekN = 0, baseN = 0;
        for (var j = Math.Max(0, i - o.WeekDays + 1); j <= i; j++)
        {
            if (ln[j] is { } v)
            {
                (weekSum, weekN) = (weekSum + v, weekN + 1);
            }
        }

        for (var j = Math.Max(0, i - o.BaselineDays); j < i; j++)
        {
            if (ln[j] is { } v)
            {
                (baseSum, baseSq, baseN) = (baseSum + v, baseSq + (v * v), baseN + 1);
            }
        }

        if (weekN < o.MinDaysPerWeek || baseN < o.MinBaselineDays)
        {
            return HrvStatus.Insufficient;
        }

        var mean = baseSum / baseN;
        var sd = Math.Sqrt(Math.Max(0, (baseSq - (baseSum * baseSum / baseN)) / (baseN - 1)));
        var week = weekSum / weekN;
        return week < mean - (o.Width * sd) ? HrvStatus.Below : week > mean + (o.Width * sd) ? HrvStatus.Above : HrvStatus.Within;
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

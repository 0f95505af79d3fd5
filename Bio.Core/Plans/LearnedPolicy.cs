namespace Bio.Core.Plans;

/// <summary>
/// A plan policy learned by tabular Q-learning in <see cref="PlanSimulator"/>: the state is the form band
/// (fitness under the floor, below -30 %, -30 to -20, -20 to -10, -10 to +5, above +5 % of fitness), whether the
/// HRV status is below its range, whether yesterday was hard, and the hard days of the six before (0, 1, 2+):
/// 72 states; the actions are the four sessions. The reward of a day is the fitness it gained less
/// <see cref="OverreachPenalty"/> when the day was overreaching; the rules of <see cref="PlanRules"/> cap
/// whatever it chooses, as they do the rule planner's. Deterministic for its seeds.
/// </summary>
public sealed class LearnedPolicy : IPlanPolicy
{
    public const double OverreachPenalty = 1.0;
    public const int States = 6 * 2 * 2 * 3;

    private readonly double[,] q;

    private LearnedPolicy(double[,] q) => this.q = q;

    public string Name => "learned";

    /// <summary>The table's values (state × action), for the bench's record.</summary>
    public double Value(int state, int action) => q[state, action];

    public static int StateOf(PlanState s, PlanOptions options)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(options);
        var band = s.FormPercent(options.FitnessFloor) switch
        {
            null => 0,
            < -30 => 1,
            < -20 => 2,
            < -10 => 3,
            < 5 => 4,
            _ => 5,
        };
        var below = s.HrvStatus == Analytics.HrvStatus.Below ? 1 : 0;
        return (((((band * 2) + below) * 2) + (s.HardYesterday ? 1 : 0)) * 3) + Math.Min(s.HardInLastSixDays, 2);
    }

    public (string Session, string Rule, string Reason) Choose(PlanState state, PlanOptions options)
    {
        var i = StateOf(state, options);
        var best = 0;
        for (var a = 1; a < 4; a++)
        {
            if (q[i, a] > q[i, best])
            {
                best = a;
            }
        }

        return (Sessions.All[best], "learned policy", $"the learned policy's choice for form {state.FormPercent(options.FitnessFloor):0} % of fitness and HRV {state.HrvStatus}");
    }

    /// <summary>Q-learning over <paramref name="people"/> for <paramref name="epochs"/> passes (ε-greedy, ε from 0.3 down to 0.02; α 0.05; γ 0.95).</summary>
    public static LearnedPolicy Train(IReadOnlyList<int> people, int epochs, int seed, PlanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(people);
        options ??= new PlanOptions();
        var q = new double[States, 4];
        var explore = new Random(seed);
        const double alpha = 0.05, gamma = 0.95;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var epsilon = Math.Max(0.02, 0.3 * (1 - ((double)epoch / Math.Max(1, epochs - 1))));
            foreach (var person in people)
            {
                var behaviour = new Explorer(q, explore, epsilon);
                (int State, int Action, double Reward)? previous = null;
                PlanSimulator.Run(person, behaviour, options, (state, _, gained, over) =>
                {
                    var reward = gained - (over ? OverreachPenalty : 0);
                    if (!behaviour.Consulted)
                    {
                        // A rule decided the day before the policy was asked (illness, high-risk form, a rest day):
                        // its outcome belongs to the last choice the policy made.
                        previous = previous is { } held ? held with { Reward = held.Reward + reward } : null;
                        return;
                    }

                    behaviour.Consulted = false;
                    var s = StateOf(state, options);
                    if (previous is { } p)
                    {
                        var next = Math.Max(Math.Max(q[s, 0], q[s, 1]), Math.Max(q[s, 2], q[s, 3]));
                        q[p.State, p.Action] += alpha * (p.Reward + (gamma * next) - q[p.State, p.Action]);
                    }

                    previous = (s, behaviour.LastAction, reward);
                }, epoch);
                if (previous is { } last)
                {
                    q[last.State, last.Action] += alpha * (last.Reward - q[last.State, last.Action]);
                }
            }
        }

        return new LearnedPolicy(q);
    }

    /// <summary>ε-greedy on the table while it learns; remembers its last choice.</summary>
    private sealed class Explorer(double[,] q, Random random, double epsilon) : IPlanPolicy
    {
        public int LastAction { get; private set; }

        /// <summary>True when the rules asked it for the day's session (they do not on a day a rule decides first).</summary>
        public bool Consulted { get; set; }

        public string Name => "learning";

        public (string Session, string Rule, string Reason) Choose(PlanState state, PlanOptions options)
        {
            var s = StateOf(state, options);
            var best = 0;
            for (var a = 1; a < 4; a++)
            {
                if (q[s, a] > q[s, best])
                {
                    best = a;
                }
            }

            LastAction = random.NextDouble() < epsilon ? random.Next(4) : best;
            Consulted = true;
            return (Sessions.All[LastAction], "learning", "");
        }
    }
}

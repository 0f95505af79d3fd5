using System.Globalization;
using System.Text.RegularExpressions;
using Bio.Core.Query;

namespace Bio.Core.Agent;

/// <summary>
/// The shapes of question that take more than one measure and a period: a correlation between two measures,
/// a measure on days picked by another ("HRV after days with more than 12,000 steps"), a streak of days in
/// a row, the top N days, the spread (standard deviation), and the first days of the data against the last.
/// Each fills the same <see cref="QuestionPlan"/> the other intents use; <see cref="SqlPlanner"/> compiles it.
/// </summary>
public static partial class QuestionParser
{
    /// <summary>The <see cref="QuestionPlan.GroupBy"/> of a comparison of a measure's first <see cref="QuestionPlan.Limit"/> days of data with its last.</summary>
    public const string FirstAndLast = "first_last";

    /// <summary>True for a plan one of these shapes made (the refusals of shapes Bio does not compute do not apply to it).</summary>
    private static bool Shaped(QuestionPlan plan) =>
        plan.Intent is Intents.Correlate or Intents.Streak or Intents.Rank || plan.Metric2 is not null || plan.Aggregate == "stddev" || plan.GroupBy == FirstAndLast;

    private static QuestionPlan? Shape(string q, QuestionPlan plan, IReadOnlyList<(int At, int End, MetricDef Metric)> located)
    {
        if (Advice().IsMatch(q))
        {
            return null; // "I did 3 rides in a row, go hard again today?" asks for advice
        }

        var distinct = located.DistinctBy(l => l.Metric.Key).ToList();
        var words = Blank(q, located); // the shapes' words outside the measures' names ("hrv below streak" is a column)
        var metric = distinct.Count > 0 ? distinct[0].Metric : null;

        if (CorrelationWords().IsMatch(words))
        {
            if (distinct.Count < 2)
            {
                return null; // one measure: refused below, naming the correlation
            }

            var (a, b) = (distinct[0].Metric, distinct[1].Metric);
            if (a.PerWorkout != b.PerWorkout || a.Key == "workouts" || b.Key == "workouts")
            {
                return new QuestionPlan(Intents.Unsupported, a.Key, Topic: CorrelationWords().Match(q).Value,
                    Aggregate: $"a correlation between a workout's measure and a day's ({a.Name} and {b.Name})");
            }

            return plan with { Intent = Intents.Correlate, Metric = a.Key, Metric2 = b.Key, FilterLag = Lag(q, b, a) };
        }

        if (StreakWords().IsMatch(words))
        {
            if (metric is null or { Key: "workouts" } || metric.PerWorkout && Threshold(q, metric) is null)
            {
                // "the longest streak of days in a row with a workout" (of one discipline, when named).
                return WorkoutWords().IsMatch(q) || plan.Discipline is not null
                    ? plan with { Intent = Intents.Streak, Metric = "workouts" }
                    : null;
            }

            return Threshold(q, metric) is { } t
                ? plan with { Intent = Intents.Streak, Metric = metric.Key, ThresholdOp = t.Op, Threshold = t.Value }
                : null; // a streak of what: refused below, naming it
        }

        if (metric is not null && TopN().Match(words) is { Success: true } top)
        {
            var n = Count(top.Groups["n"].Value);
            var word = top.Groups["dir"].Value;
            var lowest = LowWords.Contains(word) || top.Value.StartsWith("bottom", StringComparison.Ordinal) && word.Length == 0
                         || (word is "best" && metric.LowerIsBetter) || (word is "worst" && !metric.LowerIsBetter);
            return n is > 0 and <= 50
                ? plan with { Intent = Intents.Rank, Metric = metric.Key, Limit = n, Aggregate = lowest ? "min" : "max" }
                : null;
        }

        if (metric is not null && Spread().IsMatch(words))
        {
            return plan with { Intent = Intents.Aggregate, Aggregate = "stddev" };
        }

        if (metric is not null && FirstVersusLast().Match(words) is { Success: true } firstLast)
        {
            // The first and last N days of this measure's own data (SqlPlanner finds them): "since I started wearing it".
            var weeks = firstLast.Groups["unit"].Value.StartsWith("week", StringComparison.Ordinal);
            var days = (firstLast.Groups["n"].Success ? Count(firstLast.Groups["n"].Value) : 1) * (weeks ? 7 : 1);
            days = firstLast.Groups["n"].Success || weeks ? days : 30;
            return days is < 1 or > 366
                ? null
                : plan with { Intent = Intents.Compare, GroupBy = FirstAndLast, Limit = days, From = null, To = null, RangePhrase = QuestionParser.AllData, Aggregate = Aggregate(q, metric), RangeDefaulted = false };
        }

        return Condition(q, plan, distinct);
    }

    /// <summary>
    /// A measure on days picked by another: the picking measure is the one named just before the threshold
    /// ("HRV after days when steps was more than 12,000"), or a WHOOP colour ("on green days"); the other is what is asked.
    /// </summary>
    private static QuestionPlan? Condition(string q, QuestionPlan plan, List<(int At, int End, MetricDef Metric)> distinct)
    {
        if (BestWorkoutType().IsMatch(q))
        {
            return null;
        }

        MetricDef? by = null;
        (string Op, double Value)? filter = null;
        if (RecoveryColour().Match(q) is { Success: true } colour && colour.Groups[1].Value is "red" or "green")
        {
            by = MetricVocabulary.Get("recovery");
            filter = colour.Groups[1].Value == "red" ? ("<", 34) : (">=", 67);
        }
        else if (WorkoutDays().Match(q) is { Success: true } workoutDays)
        {
            // "resting heart rate on days I ran", "HRV after days I worked out": days with at least one such workout.
            by = MetricVocabulary.Get("workouts");
            filter = (">=", 1);
        }
        else if (distinct.Where(x => x.Metric.Key != "workouts").ToList() is [var only] && only.Metric.PerWorkout && only.Metric.Key != "workout_minutes"
                 && ThresholdWords().Match(q) is { Success: true } d && d.Groups["unit"].Value is var u && (u.StartsWith("min", StringComparison.Ordinal) || u.StartsWith('h')))
        {
            // "avg heart rate in workouts longer than 45 min": the same workouts, picked by their own duration.
            by = MetricVocabulary.Get("workout_minutes");
            filter = Threshold(q[d.Index..], by);
        }
        else if ((distinct.Count >= 2 || distinct is [{ Metric.PerWorkout: false }] && (plan.Discipline is not null || WorkoutWords().IsMatch(q)) && HowMany().IsMatch(q))
                 && ThresholdWords().Match(q) is { Success: true } t)
        {
            // ("How many runs did I do on days my body battery was under 60": the workouts counted on the days the one measure picks.)
            // "more than 12,000 steps": the measure right after the number; else the one named last before the
            // threshold ("when steps was over 12,000"); with none before it, the first one after it.
            var end = t.Index + t.Length;
            by = distinct.Where(d => d.At >= end && d.At - end <= 8 && !q[end..d.At].Contains(',', StringComparison.Ordinal)).Select(d => d.Metric).FirstOrDefault()
                 ?? distinct.Where(d => d.End <= t.Index).Select(d => d.Metric).LastOrDefault()
                 ?? distinct.FirstOrDefault(d => d.At >= t.Index).Metric;
            filter = Threshold(q[t.Index..], by);
        }

        if (by is null || filter is null)
        {
            return null;
        }

        var target = distinct.Select(d => d.Metric).FirstOrDefault(m => m.Key != by.Key)
                     ?? (plan.Discipline is not null || WorkoutWords().IsMatch(q) ? MetricVocabulary.Get("workouts") : null);
        if (target is null)
        {
            return null;
        }

        if (target.PerWorkout && by.PerWorkout && by.Key == "workouts")
        {
            return null; // workouts on days with workouts: not a question of its own
        }

        var aggregate = Aggregate(q, target) ?? "avg";
        if (target.Key == "workouts" && aggregate != "count")
        {
            // "average workout strain on green days": a measure of the workouts Bio did not recognise, not a count of them.
            return new QuestionPlan(Intents.Unsupported, target.Key, Topic: q, Aggregate: "a measure of your workouts that Bio did not recognise");
        }

        if (HowMany().IsMatch(q) && target.Key != "workouts")
        {
            return null; // "how many days was my HRV under 30 after ...": a count with two conditions (refused below)
        }

        return plan with
        {
            Intent = Intents.Aggregate, Metric = target.Key, Aggregate = aggregate, Metric2 = by.Key, FilterOp = filter.Value.Op, FilterValue = filter.Value.Value,
            FilterLag = Lag(q, by, target),
        };
    }

    /// <summary>1 when a daytime measure picks the mornings after it ("HRV after days with..."), else 0 (the same date).</summary>
    private static int Lag(string q, MetricDef by, MetricDef target) =>
        by.Daytime && !target.Daytime && After().IsMatch(q) ? 1 : 0;

    private static int Count(string word) => word switch
    {
        "one" => 1, "two" => 2, "three" => 3, "four" => 4, "five" => 5, "six" => 6, "seven" => 7, "eight" => 8, "nine" => 9, "ten" => 10,
        "a" => 1, "" => 0,
        _ => int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0,
    };

    private static readonly HashSet<string> LowWords = new(StringComparer.Ordinal) { "lowest", "least", "smallest", "fewest", "bottom", "min", "minimum" };

    [GeneratedRegex(@"\bcorrelat\w*|\bpearson\b|\bassociat\w*|\brelated\b|\brelationship\b|\bgo(?:es)? (?:together|with)\b|\br between\b|\blink(?:ed)? (?:between|to|with)\b|\bmove together\b")]
    private static partial Regex CorrelationWords();

    [GeneratedRegex(@"\bin a row\b|\bstreaks?\b|\bconsecutive\b|\bstraight days\b|\brun of days\b")]
    private static partial Regex StreakWords();

    [GeneratedRegex(@"\b(?:(?:top|bottom)\s+(?<n>\d+|three|five|ten)\b(?:\s+(?<dir>highest|lowest|best|worst))?|(?<n>\d+|two|three|four|five|ten)\s+(?:\w+\s+){0,3}?(?<dir>highest|lowest|best|worst|biggest|smallest|most|least)\b|(?<dir>highest|lowest|best|worst|biggest|smallest)\s+(?<n>\d+|two|three|four|five|ten)\b)")]
    private static partial Regex TopN();

    [GeneratedRegex(@"\bstandard deviation\b|\bstd ?dev\b|\bstdev\b|\bthe sd\b|\bwhat'?s the sd\b|\bhow (?:consistent|variable|steady|stable)\b|\bhow much does my [\w ]+ (?:vary|fluctuate|swing|change day to day)\b|\bhow much (?:do|does) [\w ]+ (?:vary|fluctuate)\b|\b(?:vary|varies|fluctuate)\b")]
    private static partial Regex Spread();

    [GeneratedRegex(@"\bfirst (?:(?<n>\d+) (?<unit>days?|weeks?)|(?<unit>month|week))\b|\bsince i (?:started|began|got it)\b|\b(?:from )?when i (?:started|began|first got)\b")]
    private static partial Regex FirstVersusLast();

    [GeneratedRegex(@"\b(red|yellow|green)(?: recovery)? (?:days?|mornings?|cycles?)\b")]
    private static partial Regex RecoveryColour();

    [GeneratedRegex(@"\b(?:on|after|following) (?:the )?days? (?:when |that |where )?i (?:ran|run|rode|ride|biked|cycled|swam|worked out|work out|trained|lifted|walked|hiked|exercised|did a workout|had a workout)\b|\bon (?:workout|training|run|running|ride|riding|lifting|strength) days\b")]
    private static partial Regex WorkoutDays();

    [GeneratedRegex(@"\bafter\b|\bfollowing\b|\bnext[- ](?:day|morning)\b|\bthe (?:day|morning|night) after\b")]
    private static partial Regex After();

    [GeneratedRegex(@"\b(?:workouts?|work(?:ed)? out|exercis\w*|trained|training sessions?|sessions?)\b")]
    private static partial Regex WorkoutWords();
}

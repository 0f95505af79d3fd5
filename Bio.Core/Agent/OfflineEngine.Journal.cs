using Bio.Core.Journal;
using Microsoft.SemanticKernel;

namespace Bio.Core.Agent;

/// <summary>
/// "Does alcohol affect my recovery?", "What do my habits do to my sleep?": answered from
/// <c>get_journal_effects</c> (Bio.Core/Journal/JournalEffects), never from a same-date SQL average: the
/// means with and without, the adjusted difference with its 95 % interval and the verdict, the timing
/// rule that paired the journal with the mornings, and "not enough days yet" with the counts.
/// </summary>
public static partial class OfflineEngine
{
    private static async Task<EngineResult> JournalEffectsAsync(Kernel kernel, QuestionPlan plan, CancellationToken ct)
    {
        var args = new KernelArguments();
        if (plan.From is { } from && plan.To is { } to)
        {
            args["from"] = from.ToString("yyyy-MM-dd", Inv);
            args["to"] = to.ToString("yyyy-MM-dd", Inv);
        }

        var report = await Invoke<JournalEffectsReport>(kernel, "get_journal_effects", args, ct);
        var metric = MetricVocabulary.Get(plan.Metric ?? "hrv");
        var topic = plan.Topic is { } key ? JournalTopics.Get(key) : null;
        var about = topic?.Label ?? "your habits";
        var journal = report.Effects.Where(e => e.Kind == JournalEffects.Journal && (topic is null || Names(topic, e))).ToList();
        if (journal.Count == 0)
        {
            return EngineResult.Say($"I can't compare: your journal has no days with {about} recorded {When(plan)}. " +
                                    "Write a line a day (or import WHOOP's journal), and after 10 days with and 10 without, I can say what it goes with the next morning.", AnswerKinds.CannotAnswer);
        }

        if (OutcomeOf(metric) is not { } wanted)
        {
            return EngineResult.Say($"I can't answer that: Bio compares journal behaviours with the next morning's HRV, resting heart rate, your device's recovery or readiness, " +
                                    $"and sleep, not with {metric.Name}. Ask, for example, \"does {(topic?.Label ?? "alcohol")} affect my HRV?\".", AnswerKinds.CannotAnswer);
        }

        var chosen = journal.Where(e => wanted(e.Outcome)).ToList();
        if (chosen.Count == 0)
        {
            var has = string.Join(", ", journal.Select(e => e.OutcomeLabel).Distinct());
            return EngineResult.Say($"I can't compare {about} with your {metric.Name}: your data has no {metric.Name} on the mornings your journal covers. " +
                                    $"It has {has}; ask about one of those.", AnswerKinds.CannotAnswer);
        }

        var timing = string.Join("; ", report.Timing.Where(t => t.Source != DailyFeedback.Source).Select(t => t.Brief));
        var sentences = topic is null
            ? [$"What your habits go with on the next morning's {chosen[0].OutcomeLabel} {When(plan)}:", .. chosen.Select(Brief)]
            : chosen.Select(Full).ToList();
        var text = $"{string.Join(" ", sentences)} Timing: {timing}. {JournalEffects.Caveat}";
        var table = Table.OfRecords(["behaviour", "outcome", "n_yes", "n_no", "mean_yes", "mean_no", "difference", "adjusted", "adjusted_low", "adjusted_high", "q", "verdict"],
            [.. chosen.Select(e => new object?[]
            {
                e.BehaviourLabel, e.OutcomeLabel, e.NYes, e.NNo, R(e.MeanYes, 2), R(e.MeanNo, 2), R(e.Difference?.Difference, 2),
                R(e.Adjusted?.Estimate, 2), R(e.Adjusted?.Low, 2), R(e.Adjusted?.High, 2), R(e.Q, 4), e.Verdict,
            })]);
        return new EngineResult(text, AnswerKinds.Answered, null, table.Columns, table.RowsJson, null);
    }

    /// <summary>Whether a journal topic of the agent's vocabulary names an effect's behaviour (WHOOP's "Have any caffeine?" is caffeine).</summary>
    private static bool Names(JournalTopics.Topic topic, JournalEffect e)
    {
        var word = topic.Pattern.Trim('%');
        return e.Behaviour == topic.Key || e.Behaviour.Contains(word, StringComparison.OrdinalIgnoreCase) || e.BehaviourLabel.Contains(word, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The effects' outcome a metric of the question is, or null for a metric the effects do not cover.</summary>
    private static Func<string, bool>? OutcomeOf(MetricDef m) => m.Key switch
    {
        "hrv" => o => o is "hrv" or "hrv_sdnn",
        "resting_hr" => o => o == "resting_hr",
        "recovery" => o => o.StartsWith("recovery:", StringComparison.Ordinal),
        "readiness" => o => o.StartsWith("readiness:", StringComparison.Ordinal),
        "sleep" => o => o == "sleep",
        _ => null,
    };

    private static string Value(double? v, JournalEffect e) => v is { } x ? $"{x.ToString("0.0", Inv)} {e.Unit}" : "no value";

    /// <summary>One behaviour against one outcome: both means, then the adjusted effect or "not enough days yet".</summary>
    private static string Full(JournalEffect e)
    {
        var means = e.MeanYes is null || e.MeanNo is null ? ""
            : $"On mornings {JournalEffects.After(e.Behaviour, e.BehaviourLabel)} your {e.OutcomeLabel} averaged {Value(e.MeanYes, e)} ({e.NYes} days), against {Value(e.MeanNo, e)} without ({e.NNo} days). ";
        return means + Brief(e);
    }

    /// <summary>The adjusted effect with its interval and verdict, or the counts when there are too few days.</summary>
    private static string Brief(JournalEffect e)
    {
        if (e.Verdict == JournalEffects.NotEnough)
        {
            return $"{Capital(JournalEffects.Name(e.Behaviour, e.BehaviourLabel))} and {e.OutcomeLabel}: not enough days yet ({e.NYes} with and {e.NNo} without; Bio needs at least {JournalEffects.MinDays} of each).";
        }

        if (e.Adjusted is not { } a)
        {
            return $"{Capital(JournalEffects.Name(e.Behaviour, e.BehaviourLabel))} and {e.OutcomeLabel}: {e.NYes} days with and {e.NNo} without, but Bio cannot separate it from weekday, load and illness on these days, so no verdict.";
        }

        var verdict = e.Verdict == JournalEffects.Likely
            ? $"unlikely to be chance (Benjamini-Hochberg q = {e.Q!.Value.ToString("0.000", Inv)}, 10 % false-discovery rate)"
            : $"this could be chance (Benjamini-Hochberg q = {e.Q!.Value.ToString("0.000", Inv)}, above the 10 % false-discovery rate)";
        return $"{Capital(JournalEffects.Name(e.Behaviour, e.BehaviourLabel))} and {e.OutcomeLabel}: adjusted for {string.Join(", ", e.AdjustedFor.DefaultIfEmpty("nothing"))}, " +
               $"{JournalEffects.Amount(a.Estimate, e.Unit)} (95 % interval {JournalEffects.WithSign(a.Low, e.Unit)} to {JournalEffects.WithSign(a.High, e.Unit)}; {e.NYes} days with, {e.NNo} without); {verdict}.";
    }
}

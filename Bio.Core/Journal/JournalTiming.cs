using Bio.Core.Ingest;

namespace Bio.Core.Journal;

/// <summary>Which days of a journal source count as a "no" for a behaviour.</summary>
public enum NoDays
{
    /// <summary>Only an explicit "no" answer (WHOOP asks each question each cycle, and a skipped question says nothing).</summary>
    Answered,

    /// <summary>A day with an entry that does not say "yes" (a typed line names what happened; silence is a "no").</summary>
    EntryWithout,

    /// <summary>Every day of the person's data without a "yes" (the synthetic generator writes every event it makes).</summary>
    EveryDay,
}

/// <summary>A source's timing rule: which morning its row of a day acts on, which days are a "no", and the rule in words.</summary>
[GenerateSerializer, Immutable, Alias("bio.JournalTimingRule")]
public sealed record JournalTimingRule(
    [property: Id(0)] string Source,
    [property: Id(1)] string SourceName,
    [property: Id(2)] int OffsetDays,
    [property: Id(3)] NoDays No,
    [property: Id(4)] string Rule,
    [property: Id(5)] string Brief);

/// <summary>
/// The one place that says which night a journal row or a day's ratings act on. Silver dates HRV,
/// resting HR, sleep and the device's recovery/readiness by the wake-up day (FORMATS.md): the values
/// dated D come from the night that ends on the morning of D.
/// <list type="bullet">
/// <item>A typed entry (source <c>journal</c>) describes its own day D, written that day or after it: its
/// behaviours (the evening's wine) act on the night that ends on D+1, so it is paired with the values dated D+1.</item>
/// <item>A WHOOP journal row belongs to a cycle: WHOOP asks it on waking, about the day before that
/// cycle's sleep, and the importer dates it by the cycle's day, the wake-up day of that sleep, which is
/// also the date of the cycle's recovery, HRV, resting HR and sleep. So it is paired with the values of
/// its own date (its own cycle's recovery), never shifted again.</item>
/// <item>Bio's synthetic people write their journal the WHOOP way (the drinks of the evening before,
/// on the morning they act on).</item>
/// <item>The day's ratings (energy, mood, perceived exertion) describe day D, like a typed entry: paired with D+1.</item>
/// </list>
/// A source without a rule here (none today) is left out of the effects rather than guessed.
/// </summary>
public static class JournalTiming
{
    public static readonly IReadOnlyList<JournalTimingRule> Rules =
    [
        new(JournalEntries.Source, "Your journal", 1, NoDays.EntryWithout,
            "A typed entry's behaviours on day D act on the night that ends on the morning of D+1: they are compared with the HRV, resting HR, sleep and device score dated D+1 (the wake-up day). A day with an entry that does not mention a behaviour counts as a \"no\" for it; a day without an entry counts for nothing.",
            "a typed entry of a day is compared with the next morning (the night after it)"),
        new("whoop", "WHOOP journal", 0, NoDays.Answered,
            "A WHOOP journal row belongs to its cycle: WHOOP asks it on waking about the day before that cycle's sleep, so it is compared with that cycle's own recovery, HRV, resting HR and sleep (all dated the cycle's wake-up day). Only the answers given count; a skipped question counts for nothing.",
            "a WHOOP journal answer is compared with its own cycle's recovery, HRV and sleep (the morning it was asked, about the day before)"),
        new(Synthetic.SyntheticPerson.SourceName, "Demo journal", 0, NoDays.EveryDay,
            "The demo person's journal is dated the morning a behaviour acts on (WHOOP's way), and records every event, so each other day counts as a \"no\".",
            "the demo journal is dated the morning it acts on"),
        new(DailyFeedback.Source, "Your ratings", 1, NoDays.EntryWithout,
            "The ratings of day D (energy, mood, perceived exertion) are compared with the morning of D+1, like a typed entry.",
            "a day's ratings are compared with the next morning"),
    ];

    /// <summary>The rule of a source, or null for a source Bio has no rule for.</summary>
    public static JournalTimingRule? For(string source) => Rules.FirstOrDefault(r => r.Source == source);

    /// <summary>The morning (wake-up day) a journal row acts on, or null when its source has no rule.</summary>
    public static DateOnly? Morning(JournalRecord row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return For(row.Source) is { } rule ? row.Date.AddDays(rule.OffsetDays) : null;
    }

    /// <summary>The morning a day's ratings act on.</summary>
    public static DateOnly Morning(FeedbackRecord ratings)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        return ratings.Date.AddDays(For(DailyFeedback.Source)!.OffsetDays);
    }
}

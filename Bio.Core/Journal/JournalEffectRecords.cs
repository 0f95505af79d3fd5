using Bio.Core.Analytics;

namespace Bio.Core.Journal;

/// <summary>
/// One behaviour against one next-morning outcome: the days with and without it, the raw difference
/// (Welch, 95 % interval), the difference adjusted for weekday, the previous day's training load and
/// illness (least squares with the behaviour as a 0/1 column), the Benjamini-Hochberg q across every
/// pair, the verdict and the sentence that says it. Differences are "with" minus "without", in the
/// outcome's unit.
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.JournalEffect")]
public sealed record JournalEffect(
    [property: Id(0)] string Behaviour,
    [property: Id(1)] string BehaviourLabel,
    [property: Id(2)] string Kind,
    [property: Id(3)] string Outcome,
    [property: Id(4)] string OutcomeLabel,
    [property: Id(5)] string Unit,
    [property: Id(6)] int NYes,
    [property: Id(7)] int NNo,
    [property: Id(8)] double? MeanYes,
    [property: Id(9)] double? MeanNo,
    [property: Id(10)] WelchResult? Difference,
    [property: Id(11)] OlsCoefficient? Adjusted,
    [property: Id(12)] IReadOnlyList<string> AdjustedFor,
    [property: Id(13)] double? Q,
    [property: Id(14)] string Verdict,
    [property: Id(15)] string Sentence);

/// <summary>
/// Every behaviour's effects over a range of mornings, with the timing rule of each source used, the
/// false-discovery rate the verdicts hold to, the minimum days, and the caveat.
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.JournalEffectsReport")]
public sealed record JournalEffectsReport(
    [property: Id(0)] DateOnly? From,
    [property: Id(1)] DateOnly? To,
    [property: Id(2)] double FalseDiscoveryRate,
    [property: Id(3)] int MinDays,
    [property: Id(4)] IReadOnlyList<JournalTimingRule> Timing,
    [property: Id(5)] IReadOnlyList<JournalEffect> Effects,
    [property: Id(6)] string Method,
    [property: Id(7)] string Caveat);

using System.Globalization;
using System.Text.RegularExpressions;
using Bio.Core.Analytics;
using Bio.Core.Ingest;
using Bio.Core.Lake;

namespace Bio.Core.Journal;

/// <summary>One morning of one behaviour against one outcome: the morning, yes or no, the value, and the covariates.</summary>
public readonly record struct EffectRow(DateOnly Morning, bool Yes, double Value, double PreviousLoad, bool Ill);

/// <summary>
/// What each journal behaviour (and each day's ratings) goes with the next morning. For every behaviour
/// and outcome, over the mornings that have both (paired by <see cref="JournalTiming"/>):
/// <list type="bullet">
/// <item>n yes / n no, and below <see cref="MinDays"/> of either "not enough days yet" with the counts, nothing more;</item>
/// <item>the difference of means (with minus without) and its 95 % interval by Welch's t;</item>
/// <item>the same adjusted by least squares, value ~ 1 + behaviour + weekday (of the evening before, a
/// 0/1 column per weekday present but the first) + the previous day's training load (Bio's load of the day
/// before the morning, 0 on a day without training) + illness (the person's journal says they felt ill,
/// paired by the same timing rule; left out for the illness behaviour itself): the behaviour's
/// coefficient, its standard error and 95 % interval;</item>
/// <item>a verdict across all pairs at a Benjamini-Hochberg false-discovery rate of <see cref="Fdr"/>
/// (10 %), on the adjusted coefficients' p-values.</item>
/// </list>
/// Outcomes: HRV as rMSSD in ms (SDNN in ms, named so, for a person with no rMSSD at all), resting HR in
/// bpm, the device's own recovery or readiness under its own name, one outcome per device (WHOOP
/// recovery, Oura readiness), and minutes asleep. The ratings (energy and mood 4-5 against 1-3 of 5,
/// perceived exertion 7-10 against 0-6) are compared the same way, against HRV and the device's score only.
/// Illness signals Bio reads from HRV and resting HR are not a covariate: they are made of the outcomes.
/// Everything here is an association, not a cause.
/// </summary>
public static partial class JournalEffects
{
    public const int MinDays = 10;
    public const double Fdr = 0.10;
    public const string NotEnough = "not enough days yet", Likely = "likely effect", NoClear = "no clear effect", NotAdjusted = "cannot adjust";
    public const string Caveat = "An association, not a cause.";
    public const string Journal = "journal", Ratings = "rating";
    public const string Illness = JournalExtractor.Illness;

    public const string Method =
        "Welch's t for the difference with its 95 % interval; least squares (value ~ behaviour + weekday + previous day's training load + illness) for the adjusted difference; " +
        "Benjamini-Hochberg across every pair at a 10 % false-discovery rate on the adjusted p-values; at least 10 days with and 10 without.";

    private static readonly string[] WeekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    /// <summary>An outcome: its key, how it is named and its unit, and whether the ratings are compared with it.</summary>
    public sealed record Outcome(string Key, string Label, string Unit, Dictionary<DateOnly, double> Values, bool ForRatings);

    /// <summary>A behaviour's mornings: yes or no by the morning it acts on.</summary>
    public sealed record Behaviour(string Key, string Label, string Kind, Dictionary<DateOnly, bool> Mornings);

    public static JournalEffectsReport Compute(Silver silver, AnalysisResult analysis, DateOnly? from = null, DateOnly? to = null)
    {
        ArgumentNullException.ThrowIfNull(silver);
        ArgumentNullException.ThrowIfNull(analysis);
        var behaviours = Behaviours(silver, analysis.Series);
        var outcomes = Outcomes(silver);
        var ill = behaviours.FirstOrDefault(b => b.Key == Illness)?.Mornings;
        double Load(DateOnly morning)
        {
            var i = analysis.Series.Length == 0 ? -1 : analysis.Series.Index(morning.AddDays(-1));
            return i >= 0 && i < analysis.Load.Length && analysis.Load[i] is { } day ? day.Load : 0;
        }

        var pairs = new List<(Behaviour B, Outcome O, List<EffectRow> Rows)>();
        foreach (var b in behaviours)
        {
            foreach (var o in outcomes.Where(o => b.Kind == Journal || o.ForRatings))
            {
                var rows = b.Mornings
                    .Where(m => (from is null || m.Key >= from) && (to is null || m.Key <= to) && o.Values.ContainsKey(m.Key))
                    .OrderBy(m => m.Key)
                    .Select(m => new EffectRow(m.Key, m.Value, o.Values[m.Key], Load(m.Key), b.Key != Illness && ill is not null && ill.GetValueOrDefault(m.Key)))
                    .ToList();
                pairs.Add((b, o, rows));
            }
        }

        var estimates = pairs.Select(p => Estimate(p.Rows)).ToList();
        var tested = Enumerable.Range(0, pairs.Count).Where(i => estimates[i].Adjusted is { P: var p } && !double.IsNaN(p)).ToList();
        var q = EffectStats.BenjaminiHochberg([.. tested.Select(i => estimates[i].Adjusted!.P)]);
        var qOf = tested.Select((i, k) => (i, k)).ToDictionary(x => x.i, x => q[x.k]);
        var effects = new List<JournalEffect>(pairs.Count);
        for (var i = 0; i < pairs.Count; i++)
        {
            var (b, o, rows) = pairs[i];
            effects.Add(Effect(b, o, rows, estimates[i], qOf.TryGetValue(i, out var qi) ? qi : null, tested.Count));
        }

        var sources = silver.Journal.Values.Select(j => j.Source).Concat(silver.Feedback.Count > 0 ? [DailyFeedback.Source] : []).ToHashSet(StringComparer.Ordinal);
        return new JournalEffectsReport(from, to, Fdr, MinDays, [.. JournalTiming.Rules.Where(r => sources.Contains(r.Source))],
            [.. effects.OrderBy(e => e.Kind == Journal ? 0 : 1).ThenBy(e => e.Verdict == NotEnough ? 1 : 0).ThenBy(e => e.BehaviourLabel, StringComparer.Ordinal)],
            Method, Caveat);
    }

    /// <summary>The raw and adjusted statistics of one pair, or nulls where there are too few days or nothing to test.</summary>
    public static (WelchResult? Raw, OlsCoefficient? Adjusted, IReadOnlyList<string> AdjustedFor) Estimate(IReadOnlyList<EffectRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var yes = rows.Where(r => r.Yes).Select(r => r.Value).ToList();
        var no = rows.Where(r => !r.Yes).Select(r => r.Value).ToList();
        if (yes.Count < MinDays || no.Count < MinDays)
        {
            return (null, null, []);
        }

        var spread = yes.Distinct().Count() > 1 || no.Distinct().Count() > 1;
        var raw = spread ? EffectStats.Welch(yes, no) : null;
        var (fit, names) = spread ? Adjust(rows) : (null, []);
        return (raw, fit?["behaviour"], names);
    }

    /// <summary>
    /// The least-squares fit of the value on the behaviour and the covariates: a weekday column for each
    /// weekday present but the first present (the reference), the previous day's load when it varies, and
    /// illness when some mornings have it and some do not. Returns the fit and the covariates used.
    /// </summary>
    public static (OlsFit? Fit, IReadOnlyList<string> Covariates) Adjust(IReadOnlyList<EffectRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var weekday = rows.Select(r => Weekday(r.Morning)).ToArray();
        var present = Enumerable.Range(0, 7).Where(d => weekday.Contains(d)).ToList();
        var columns = new List<(string Name, Func<int, double> Value)> { ("const", _ => 1), ("behaviour", i => rows[i].Yes ? 1 : 0) };
        var covariates = new List<string>();
        foreach (var d in present.Skip(1))
        {
            columns.Add(($"weekday {WeekdayNames[d]}", i => weekday[i] == d ? 1 : 0));
        }

        if (present.Count > 1)
        {
            covariates.Add("weekday");
        }

        if (rows.Select(r => r.PreviousLoad).Distinct().Count() > 1)
        {
            columns.Add(("previous day's load", i => rows[i].PreviousLoad));
            covariates.Add("the previous day's training load");
        }

        if (rows.Any(r => r.Ill) && !rows.All(r => r.Ill))
        {
            columns.Add(("ill", i => rows[i].Ill ? 1 : 0));
            covariates.Add("illness");
        }

        var x = Enumerable.Range(0, rows.Count).Select(i => columns.Select(c => c.Value(i)).ToArray()).ToList();
        var fit = EffectStats.Ols([.. rows.Select(r => r.Value)], x, [.. columns.Select(c => c.Name)]);
        return (fit, covariates);
    }

    /// <summary>Monday = 0 … Sunday = 6, of the evening before the morning (the day the behaviour happened).</summary>
    public static int Weekday(DateOnly morning) => ((int)morning.AddDays(-1).DayOfWeek + 6) % 7;

    private static JournalEffect Effect(Behaviour b, Outcome o, List<EffectRow> rows, (WelchResult? Raw, OlsCoefficient? Adjusted, IReadOnlyList<string> AdjustedFor) e, double? q, int pairsTested)
    {
        var (nYes, nNo) = (rows.Count(r => r.Yes), rows.Count(r => !r.Yes));
        double? Mean(bool yes) => rows.Any(r => r.Yes == yes) ? rows.Where(r => r.Yes == yes).Average(r => r.Value) : null;
        var (meanYes, meanNo) = (Mean(true), Mean(false));
        var with = After(b.Key, b.Label);
        string verdict, sentence;
        if (nYes < MinDays || nNo < MinDays)
        {
            verdict = NotEnough;
            sentence = $"Not enough days yet for {Name(b.Key, b.Label)} and next-morning {o.Label}: {nYes} {Days(nYes)} with and {nNo} without; Bio needs at least {MinDays} of each. {Caveat}";
        }
        else if (e.Adjusted is null || q is null)
        {
            verdict = NotAdjusted;
            sentence = $"Next-morning {o.Label} {with}: {Describe(e.Raw, o)} over {nYes} days with and {nNo} without. " +
                       $"Bio cannot separate it from weekday, training load and illness on these days, so it gives no verdict. {Caveat}";
        }
        else
        {
            verdict = q <= Fdr ? Likely : NoClear;
            var adjusted = e.Adjusted;
            var ci = $"95 % interval {Signed(adjusted.Low, o)} to {Signed(adjusted.High, o)}";
            var chance = verdict == Likely
                ? $"unlikely to be chance across all {pairsTested} pairs tested (Benjamini-Hochberg q = {F(q.Value, "0.000")}, false-discovery rate 10 %)"
                : $"could be chance across all {pairsTested} pairs tested (Benjamini-Hochberg q = {F(q.Value, "0.000")}, above the 10 % false-discovery rate)";
            sentence = $"Next-morning {o.Label} {with}: {Describe(e.Raw, o)}; adjusted for {string.Join(", ", e.AdjustedFor.DefaultIfEmpty("nothing"))}, {Amount(adjusted.Estimate, o)} ({ci}), " +
                       $"over {nYes} days with and {nNo} without; {chance}. {Caveat}";
        }

        return new JournalEffect(b.Key, b.Label, b.Kind, o.Key, o.Label, o.Unit, nYes, nNo, meanYes, meanNo, e.Raw, e.Adjusted, e.AdjustedFor, q, verdict, sentence);
    }

    private static string Describe(WelchResult? raw, Outcome o) =>
        raw is null ? "no difference (every value the same)" : $"{Amount(raw.Difference, o)} (95 % interval {Signed(raw.Low, o)} to {Signed(raw.High, o)})";

    /// <summary>A behaviour as a sentence names it: its label, or a device's own question in quotes ("Have any caffeine?").</summary>
    public static string Name(string behaviour, string label) => IsQuestion(behaviour) ? $"\"{label}\"" : label;

    /// <summary>"after alcohol", "after a yes to "Have any caffeine?"".</summary>
    public static string After(string behaviour, string label) => IsQuestion(behaviour) ? $"after a yes to \"{label}\"" : $"after {label}";

    /// <summary>True for a behaviour that is a device's own question (not one of the typed features or the ratings).</summary>
    private static bool IsQuestion(string behaviour) =>
        !JournalExtractor.Labels.ContainsKey(behaviour) && behaviour is not ("energy_high" or "mood_good" or "exertion_hard");

    /// <summary>"4.2 ms lower", "1.0 bpm higher", "no different" for what rounds to zero.</summary>
    public static string Amount(double difference, string unit) =>
        Math.Round(Math.Abs(difference), 1) == 0 ? $"no different (0.0 {DifferenceUnit(unit)})" : $"{F(Math.Abs(difference), "0.0")} {DifferenceUnit(unit)} {(difference < 0 ? "lower" : "higher")}";

    private static string Amount(double difference, Outcome o) => Amount(difference, o.Unit);

    /// <summary>A signed difference with its unit: "+1.2 ms", "-3.0 points".</summary>
    public static string WithSign(double v, string unit) => $"{F(Math.Round(v, 1, MidpointRounding.AwayFromZero) == 0 ? 0 : v, "+0.0;-0.0;0.0")} {DifferenceUnit(unit)}";

    private static string Signed(double v, Outcome o) => WithSign(v, o.Unit);

    /// <summary>The unit of a difference: a difference of WHOOP's recovery % is in percentage points, not a percent of it.</summary>
    public static string DifferenceUnit(string unit) => unit == "%" ? "percentage points" : unit;

    private static string Days(int n) => n == 1 ? "day" : "days";

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The next-morning outcomes silver has, each from one measure and (for a device score) one device.</summary>
    public static IReadOnlyList<Outcome> Outcomes(Silver silver)
    {
        ArgumentNullException.ThrowIfNull(silver);
        var hasRmssd = silver.Daily.Keys.Any(k => k.Metric == Metric.HrvRmssdMs);
        var outcomes = new List<Outcome>
        {
            hasRmssd ? new Outcome("hrv", "HRV (rMSSD)", "ms", [], true) : new Outcome("hrv_sdnn", "HRV (SDNN)", "ms", [], true),
            new("resting_hr", "resting HR", "bpm", [], false),
        };
        var devices = new Dictionary<string, Outcome>(StringComparer.Ordinal);
        var sleep = new Outcome("sleep", "sleep", "min", [], false);
        foreach (var ((date, metric), cell) in silver.Daily)
        {
            switch (metric)
            {
                case Metric.HrvRmssdMs when hasRmssd && cell.Value > 0:
                case Metric.HrvSdnnMs when !hasRmssd && cell.Value > 0:
                    outcomes[0].Values[date] = cell.Value;
                    break;
                case Metric.RestingHrBpm:
                    outcomes[1].Values[date] = cell.Value;
                    break;
                case Metric.ReadinessScore or Metric.RecoveryScore:
                    var column = metric.Column();
                    var key = $"{column.Split('_')[0]}:{cell.Source}";
                    if (!devices.TryGetValue(key, out var device))
                    {
                        // The device's own name ("WHOOP recovery (%)", "Oura readiness"); another source's value never joins it.
                        var label = Devices.ScoreLabel(column, cell.Source)!.Replace(" (%)", "", StringComparison.Ordinal);
                        devices[key] = device = new Outcome(key, label, metric == Metric.RecoveryScore ? "%" : "points", [], true);
                    }

                    device.Values[date] = cell.Value;
                    break;
                case Metric.SleepMinutes:
                    sleep.Values[date] = cell.Value;
                    break;
                default:
                    break;
            }
        }

        outcomes.AddRange(devices.Values.OrderBy(d => d.Key, StringComparer.Ordinal));
        outcomes.Add(sleep);
        return [.. outcomes.Where(o => o.Values.Count > 0)];
    }

    /// <summary>
    /// Every behaviour the journal and the ratings record, each morning it acts on marked yes or no by its
    /// source's rule (a "yes" from any source wins the morning). Questions of different sources that ask
    /// about one behaviour (WHOOP's "Have any alcoholic drinks?", a typed "Had alcohol?") are one behaviour.
    /// Behaviours never answered "yes" are left out.
    /// </summary>
    public static IReadOnlyList<Behaviour> Behaviours(Silver silver, DaySeries series)
    {
        ArgumentNullException.ThrowIfNull(silver);
        ArgumentNullException.ThrowIfNull(series);
        var found = new Dictionary<string, Behaviour>(StringComparer.Ordinal);
        Behaviour Of(string key, string label, string kind) =>
            found.TryGetValue(key, out var b) ? b : found[key] = new Behaviour(key, label, kind, []);
        void Mark(Behaviour b, DateOnly morning, bool yes) => b.Mornings[morning] = yes || b.Mornings.GetValueOrDefault(morning);

        var typedDays = new HashSet<DateOnly>();
        var keysBySource = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var row in silver.Journal.Values)
        {
            if (row.Question == JournalEntries.EntryQuestion && row.Source == JournalEntries.Source)
            {
                typedDays.Add(row.Date);
                continue;
            }

            if (row.Answer is not { } answer || JournalTiming.Morning(row) is not { } morning)
            {
                continue;
            }

            var (key, label) = KeyOf(row.Question);
            Mark(Of(key, label, Journal), morning, answer);
            (keysBySource.TryGetValue(row.Source, out var keys) ? keys : keysBySource[row.Source] = []).Add(key);
        }

        // The "no" days each source's rule adds: a typed entry's silence, every other day of a complete record.
        foreach (var (source, keys) in keysBySource)
        {
            var rule = JournalTiming.For(source)!;
            var days = rule.No switch
            {
                NoDays.EntryWithout => typedDays.Select(d => d.AddDays(rule.OffsetDays)),
                NoDays.EveryDay => Enumerable.Range(0, series.Length).Select(i => series.Date(i).AddDays(rule.OffsetDays)),
                _ => [],
            };
            foreach (var morning in days)
            {
                foreach (var key in keys)
                {
                    found[key].Mornings.TryAdd(morning, false);
                }
            }
        }

        foreach (var f in silver.Feedback.Values)
        {
            var morning = JournalTiming.Morning(f);
            if (f.Energy is { } energy)
            {
                Mark(Of("energy_high", "high energy (4-5 of 5)", Ratings), morning, energy >= 4);
            }

            if (f.Mood is { } mood)
            {
                Mark(Of("mood_good", "a good mood (4-5 of 5)", Ratings), morning, mood >= 4);
            }

            if (f.Exertion is { } rpe)
            {
                Mark(Of("exertion_hard", "a hard day (perceived exertion 7-10)", Ratings), morning, rpe >= 7);
            }
        }

        return [.. found.Values.Where(b => b.Mornings.ContainsValue(true))];
    }

    /// <summary>
    /// The behaviour a journal question asks about: a typed entry's feature by its question, one of the
    /// same behaviours when another source's question names it (alcohol, illness, stress, travel,
    /// meditation), else the question itself (trimmed), as its own behaviour.
    /// </summary>
    public static (string Key, string Label) KeyOf(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var q = question.Trim();
        var typed = JournalExtractor.Questions.FirstOrDefault(kv => kv.Value == q).Key;
        var key = typed
            ?? (Alcohol().IsMatch(q) ? JournalExtractor.Alcohol
            : IllnessWords().IsMatch(q) ? JournalExtractor.Illness
            : StressWords().IsMatch(q) ? JournalExtractor.Stress
            : TravelWords().IsMatch(q) ? JournalExtractor.Travel
            : MeditationWords().IsMatch(q) ? JournalExtractor.Meditation : null);
        return key is null ? (q, q) : (key, JournalExtractor.Labels[key]);
    }

    [GeneratedRegex(@"\balcohol", RegexOptions.IgnoreCase)]
    private static partial Regex Alcohol();

    // "Feeling sick or ill?", "Experiencing any symptoms of illness?"; not allergy symptoms.
    [GeneratedRegex(@"\b(ill|illness|sick)\b|(?<!allerg(y|ic) )\bsymptoms?\b", RegexOptions.IgnoreCase)]
    private static partial Regex IllnessWords();

    [GeneratedRegex(@"\bstress", RegexOptions.IgnoreCase)]
    private static partial Regex StressWords();

    [GeneratedRegex(@"\btravel|\btime zones?\b", RegexOptions.IgnoreCase)]
    private static partial Regex TravelWords();

    [GeneratedRegex(@"\bmeditat", RegexOptions.IgnoreCase)]
    private static partial Regex MeditationWords();
}

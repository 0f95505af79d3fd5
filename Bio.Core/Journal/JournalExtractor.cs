using System.Text.RegularExpressions;

namespace Bio.Core.Journal;

/// <summary>
/// One behaviour a journal entry speaks of: its name, the journal question it answers (the silver
/// <c>journal</c> table's wording, which the analytics and the agent already read), whether the entry
/// says it happened (false for "no alcohol"), how sure the rule is, and the words it went by.
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.JournalFeature")]
public sealed record JournalFeature(
    [property: Id(0)] string Name,
    [property: Id(1)] string Question,
    [property: Id(2)] bool Present,
    [property: Id(3)] double Confidence,
    [property: Id(4)] string Evidence);

/// <summary>
/// Behaviour features from a typed (or transcribed) journal entry, by rule: a lexicon per behaviour,
/// each cue with a confidence (an explicit word such as "wine" or "meditated" is surer than "drinks" or
/// "hotel"), negation inside the same clause ("no alcohol", "didn't meditate", "stress-free") turning a
/// feature into a "no". Deterministic and offline; what it did not find it does not guess.
/// </summary>
public static partial class JournalExtractor
{
    public const string Alcohol = "alcohol", CaffeineLate = "caffeine_late", Stress = "stress", Illness = "illness",
        Travel = "travel", LateMeal = "late_meal", Meditation = "meditation";

    /// <summary>The journal question each feature answers; alcohol and travel use the words the analytics look for.</summary>
    public static readonly IReadOnlyDictionary<string, string> Questions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Alcohol] = "Had alcohol?",
        [CaffeineLate] = "Caffeine late in the day?",
        [Stress] = "Felt stressed?",
        [Illness] = "Felt ill (symptoms)?",
        [Travel] = "Travelled?",
        [LateMeal] = "Ate a late meal?",
        [Meditation] = "Meditated?",
    };

    /// <summary>How a feature is named to a person ("late caffeine", "feeling ill").</summary>
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Alcohol] = "alcohol", [CaffeineLate] = "late caffeine", [Stress] = "stress", [Illness] = "feeling ill",
        [Travel] = "travel", [LateMeal] = "late meal", [Meditation] = "meditation",
    };

    private static readonly (string Feature, Regex Cue, double Confidence)[] Cues =
    [
        (Alcohol, Explicit(), 0.95),
        (Alcohol, Drinks(), 0.7),
        (Alcohol, Hangover(), 0.9),
        (CaffeineLate, LateCaffeine(), 0.85),
        (CaffeineLate, CaffeineThenLate(), 0.85),
        (Stress, Stressed(), 0.9),
        (Stress, Busy(), 0.55),
        (Illness, Sick(), 0.9),
        (Illness, Symptom(), 0.75),
        (Travel, Travelling(), 0.9),
        (Travel, Hotel(), 0.6),
        (LateMeal, AteLate(), 0.85),
        (LateMeal, HeavyDinner(), 0.6),
        (Meditation, Meditated(), 0.9),
    ];

    public static IReadOnlyList<JournalFeature> Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new Dictionary<string, JournalFeature>(StringComparer.Ordinal);
        foreach (var piece in Clauses().Split(text))
        {
            // A clause of natural language is short; a longer run (a pasted log, no punctuation) is read
            // in pieces of at most MaxClause characters, which also bounds every pattern's work.
            foreach (var clause in piece.Chunk(MaxClause).Select(c => new string(c)))
            {
                Read(clause, found);
            }
        }

        return [.. Questions.Keys.Where(found.ContainsKey).Select(k => found[k])];
    }

    private const int MaxClause = 300;

    private static void Read(string clause, Dictionary<string, JournalFeature> found)
    {
        foreach (var (feature, cue, confidence) in Cues)
        {
            if (cue.Match(clause) is not { Success: true } m)
            {
                continue;
            }

            var before = clause[..m.Index];
            var after = clause[(m.Index + m.Length)..];
            var negated = NegationBefore().IsMatch(before) || FreeAfter().IsMatch(after);
            var candidate = new JournalFeature(feature, Questions[feature], !negated, confidence, clause.Trim());
            // The surest cue for a feature wins; of equals, a "yes" over a "no" (one said it happened).
            if (!found.TryGetValue(feature, out var earlier) || confidence > earlier.Confidence ||
                (confidence == earlier.Confidence && candidate.Present && !earlier.Present))
            {
                found[feature] = candidate;
            }
        }
    }

    // Clauses: sentences, semicolons, commas, and "but"/"and then"/"though" (a negation does not cross them).
    [GeneratedRegex(@"[.!?;\n]+|,|\bbut\b|\bthough\b|\band then\b", RegexOptions.IgnoreCase)]
    private static partial Regex Clauses();

    [GeneratedRegex(@"\b(no|not|never|didn'?t|did not|don'?t|wasn'?t|without|skipped|avoided|zero|none|free of|stayed off|cut out)\b(\W+\w+){0,3}\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex NegationBefore();

    [GeneratedRegex(@"^\s*-?\s*free\b", RegexOptions.IgnoreCase)]
    private static partial Regex FreeAfter();

    [GeneratedRegex(@"\b(alcohol|alcoholic|booze|wine|beers?|lager|ale|cocktails?|whiske?y|vodka|gin|rum|tequila|champagne|prosecco|sake|cider|margaritas?|mojitos?|negronis?|spritz|pints?|tipsy|drunk)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Explicit();

    [GeneratedRegex(@"\b(drinks|drinking|drank|a drink|nightcap)\b(?!(\s+\w+){0,2}\s+(water|tea|coffee|juice|milk|smoothies?|electrolytes?|soda|lemonade))", RegexOptions.IgnoreCase)]
    private static partial Regex Drinks();

    [GeneratedRegex(@"\b(hangover|hung ?over)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Hangover();

    [GeneratedRegex(@"\b(late|evening|afternoon|after lunch|after dinner|at night|(at|around)\s+([2-9]|1[01])(:\d\d)?\s*(pm|p\.m\.))\b.{0,30}\b(coffee|espresso|latte|cappuccino|caffeine|energy drink|red bull|cola|pre-?workout|matcha)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LateCaffeine();

    [GeneratedRegex(@"\b(coffee|espresso|latte|cappuccino|caffeine|energy drink|red bull|cola|pre-?workout|matcha)\b.{0,30}\b(late|in the evening|in the afternoon|after lunch|after dinner|at night|(at|around)\s+([2-9]|1[01])(:\d\d)?\s*(pm|p\.m\.))", RegexOptions.IgnoreCase)]
    private static partial Regex CaffeineThenLate();

    [GeneratedRegex(@"\b(stress|stressed|stressful|anxious|anxiety|overwhelmed|panic|worried|worrying|tense|burn(ed|t)? ?out|deadlines?|argument|rough day at work)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Stressed();

    [GeneratedRegex(@"\b(busy|hectic|long day|pressure)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Busy();

    [GeneratedRegex(@"\b(sick|ill|unwell|flu|fever|feverish|sore throat|covid|chills|a cold|caught a cold|coming down with|infection)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Sick();

    [GeneratedRegex(@"\b(cough(ing)?|runny nose|congest(ed|ion)|sneez(ing|y)|headache|migraine|nause(a|ous)|stomach bug|achy|body aches?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Symptom();

    [GeneratedRegex(@"\b(travel(l)?(ed|ing)?|trip|flight|flew|flying|airport|jet ?lag(ged)?|red-?eye|time ?zones?|long drive|road trip|train journey)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Travelling();

    [GeneratedRegex(@"\b(hotel|away from home)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Hotel();

    [GeneratedRegex(@"\b(late (dinner|meal|supper|snack|night snack)|ate late|midnight snack|(dinner|ate|meal) (at|around) (9|10|11|midnight)(:\d\d)?\s*(pm|p\.m\.)?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AteLate();

    [GeneratedRegex(@"\b(heavy|big|huge) (dinner|meal)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HeavyDinner();

    [GeneratedRegex(@"\b(meditat(e|ed|ion|ing)|mindfulness|breathwork|breathing exercises?|yoga nidra|body scan)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Meditated();
}

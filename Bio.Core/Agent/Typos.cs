using System.Text.RegularExpressions;

namespace Bio.Core.Agent;

/// <summary>
/// Typing slips in the words the agent knows ("aveerage", "mediian", "readiess", "last motnh", "restnig hr"):
/// a word of five letters or more that is not a known word, starts with the same letter and is one edit (two
/// for words of nine letters or more) from exactly one nearest known word becomes that word. Known words are the metrics' and disciplines' words, months, weekdays,
/// the words of periods and answers, and common words that are one edit from them ("night" is not "light").
/// </summary>
public static partial class Typos
{
    private static readonly string[] Keywords =
    [
        "average", "median", "highest", "lowest", "maximum", "minimum", "total", "altogether", "together", "during", "since", "between",
        "before", "after", "previous", "compare", "compared", "versus", "against", "monthly", "weekly", "daily", "weekday", "weekdays",
        "weekend", "weekends", "month", "months", "week", "weeks", "year", "years", "today", "yesterday", "tomorrow", "night", "nights",
        "morning", "evening", "latest", "recent", "recently", "lately", "resting", "readiness", "recovery", "variability", "heart",
        "sleep", "slept", "steps", "workout", "workouts", "minutes", "hours", "trend", "typical", "usually", "record", "records",
        "trending", "trends", "trended", "reading", "readings", "percent", "percentage", "fraction", "often", "times", "count", "number", "above", "below", "under", "over", "least", "most",
        "higher", "lower", "better", "worse", "improved", "changed", "change", "forecast", "predict", "overtraining", "status",
        "should", "would", "could", "which", "where", "there", "their", "about", "what", "whats", "show", "every", "each", "days",
        "light", "right", "might", "night", "eight", "sight", "tight", "rates", "dates", "later", "great", "being", "doing", "going",
        "hello", "thanks", "please", "think", "thing", "things", "there", "these", "those", "other", "others", "again", "first",
        "second", "third", "start", "started", "since", "until", "still", "wearing", "tracking", "tracked", "ready", "train",
        "training", "trained", "drink", "drank", "drinks", "alcohol", "stress", "stressed", "caffeine", "coffee", "travel", "meditation",
        "illness", "sick", "score", "scores", "value", "values", "reading", "readings", "level", "levels", "normal", "range",
        "rides", "ride", "runs", "running", "cycling", "strength", "walks", "walking", "swims", "class", "classes", "session", "sessions",
        "calories", "distance", "output", "duration", "longest", "shortest", "biggest", "smallest", "best", "worst", "lowest",
        "recovered", "recovering", "enough", "correlated", "correlation", "related", "consecutive", "streak", "deviation", "contributor",
        "contributors", "instructor", "instructors", "instruction", "instructions", "ignore", "watts", "consistency", "abort", "aborted",
        "battery", "about", "prediction", "predictions", "optimization", "performance", "burned", "burnt", "ridden", "meditate", "meditated", "version", "person", "persons", "people", "season", "power", "heartrate", "standard", "consistent", "following", "morning",
    ];

    private static readonly Lazy<(HashSet<string> Known, string[] Targets)> Words = new(() =>
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        void Add(string phrase)
        {
            foreach (Match m in Token().Matches(phrase.ToLowerInvariant()))
            {
                known.Add(m.Value);
            }
        }

        foreach (var m in MetricVocabulary.All)
        {
            m.Words.ToList().ForEach(Add);
            Add(m.Name);
        }

        foreach (var (_, words) in MetricVocabulary.Disciplines)
        {
            words.ToList().ForEach(Add);
        }

        System.Globalization.CultureInfo.InvariantCulture.DateTimeFormat.MonthNames.Where(n => n.Length > 0).ToList().ForEach(Add);
        System.Globalization.CultureInfo.InvariantCulture.DateTimeFormat.DayNames.ToList().ForEach(Add);
        Keywords.ToList().ForEach(Add);
        return (known, [.. known.Where(w => w.Length >= 5)]);
    });

    /// <summary>The question with each slip in a known word put right (lower-case input).</summary>
    public static string Correct(string q)
    {
        ArgumentNullException.ThrowIfNull(q);
        var (known, targets) = Words.Value;
        return Token().Replace(q, m =>
        {
            var word = m.Value;
            if (word.Length < 5 || known.Contains(word))
            {
                return word;
            }

            // Slips keep the first letter; two edits only in long words.
            var limit = word.Length >= 9 ? 2 : 1;
            var near = targets.Where(t => t[0] == word[0] && Math.Abs(t.Length - word.Length) <= limit && Distance(word, t) <= limit).ToList();
            var best = near.Count == 0 ? null : near.GroupBy(t => Distance(word, t)).MinBy(g => g.Key)!.ToList();
            return best is { Count: 1 } ? best[0] : word;
        });
    }

    private static readonly HashSet<string> Common = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "my", "me", "i", "im", "i'm", "is", "was", "were", "be", "been", "am", "are", "do", "did", "does", "done", "have", "has",
        "had", "how", "what", "whats", "when", "which", "who", "why", "where", "much", "many", "in", "on", "of", "for", "to", "at", "by", "with",
        "from", "and", "or", "vs", "it", "its", "that", "this", "so", "far", "ever", "all", "any", "some", "pls", "please", "tell", "show", "give",
        "s", "t", "d", "ll", "get", "got", "up", "down", "out", "per", "each", "there", "than", "then", "not", "no", "yes", "can", "you", "your",
        "bio", "like", "been", "time", "day", "week", "month", "year", "data", "overall", "total", "just", "really", "about", "over", "under",
    };

    /// <summary>The words of a question that are neither known nor common: what the agent did not understand.</summary>
    public static string? Unknown(string q)
    {
        ArgumentNullException.ThrowIfNull(q);
        var (known, _) = Words.Value;
        var words = Token().Matches(q).Select(m => m.Value).Where(w => !known.Contains(w) && !Common.Contains(w)).Distinct().Take(6).ToList();
        return words.Count == 0 ? null : string.Join(" ", words);
    }

    /// <summary>Optimal string alignment distance (insertions, deletions, substitutions and swaps of neighbours).</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    [GeneratedRegex(@"[a-z]+")]
    private static partial Regex Token();
}

namespace Bio.Core.Agent;

/// <summary>
/// What the agent can ask the journal about: a topic, the words for it in a question, how the answer
/// names it, and the journal questions that record it (a SQL ILIKE pattern over <c>journal.question</c>,
/// matching WHOOP's own questions and the ones typed entries are read into).
/// </summary>
public static class JournalTopics
{
    public sealed record Topic(string Key, string Label, string Pattern, string[] Words);

    public static readonly IReadOnlyList<Topic> All =
    [
        new("alcohol", "alcohol", "%alcohol%", ["alcohol", "drink", "drinks", "drinking", "drank", "booze", "beer", "beers", "wine"]),
        new("travel", "travel", "%travel%", ["travel", "traveled", "travelled", "traveling", "travelling", "flight", "flights", "flew", "jet lag", "jetlag"]),
        new("stress", "stress", "%stress%", ["stress", "stressed", "stressful"]),
        new("caffeine", "caffeine", "%caffeine%", ["caffeine", "coffee", "espresso"]),
        new("late_meal", "a late meal", "%late meal%", ["late meal", "late meals", "late dinner", "late dinners", "eating late", "ate late"]),
        new("meditation", "meditation", "%meditat%", ["meditation", "meditate", "meditated", "meditating"]),
    ];

    /// <summary>The topic a question's words name (the longest phrase wins), or null.</summary>
    public static Topic? Find(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return All.SelectMany(t => t.Words.Select(w => (t, w)))
            .Where(x => System.Text.RegularExpressions.Regex.IsMatch(question, $@"\b{System.Text.RegularExpressions.Regex.Escape(x.w)}\b"))
            .OrderByDescending(x => x.w.Length)
            .Select(x => x.t)
            .FirstOrDefault();
    }

    public static Topic Get(string? key) => All.FirstOrDefault(t => t.Key == key) ?? All[0];
}

using System.Text.RegularExpressions;
using Bio.Core.Query;

namespace Bio.Core.Agent;

/// <summary>
/// Questions about a sandbox table as a whole, generated from the schema (<see cref="SchemaVocabulary.RowTables"/>,
/// <see cref="SchemaVocabulary.Categories"/>): a table's rows for a period ("show my training load table for last
/// week") and a count of rows by one of its category columns ("how many anomalies per kind"). Every column of
/// every table, text ones included, is reachable this way without new code.
/// </summary>
public static partial class QuestionParser
{
    /// <summary>A count of a table's rows by a category column, or a table's rows; null for any other question.</summary>
    private static QuestionPlan? TableQuestion(string q, DateOnly today, DateOnly? dataTo, DateOnly? dataFrom)
    {
        if (CountWords().IsMatch(q) && CategoryAsked(q) is { } asked)
        {
            var (category, at, end) = asked;
            if (category is null)
            {
                // A column several tables have ("per source") with no table named: which one is not guessed.
                var column = q[at..end];
                var tables = SchemaVocabulary.Categories.Where(c => c.Words.Contains(column)).Select(c => c.Table.Replace('_', ' '));
                return new QuestionPlan(Intents.Unsupported, Topic: $"per {column}", Aggregate: $"a count by {column} without the table it is in (your {string.Join(", ", tables)})");
            }

            // The workouts' type, instructor and live flag are grouped by the workout grouping, with any measure.
            if (category.GroupBy is not null)
            {
                return null;
            }

            var (from, to, phrase) = Period(q, today, dataTo, dataFrom);
            return new QuestionPlan(Intents.Tally, From: from, To: to, RangePhrase: phrase, Topic: $"{category.Table}.{category.Column}");
        }

        if (Rows().IsMatch(q) && SchemaVocabulary.RowTables.FirstOrDefault(t => t.Words.Any(w => Regex.IsMatch(q, $@"\b{Regex.Escape(w)} (?:table|rows|records)\b|\b(?:table|rows|records) (?:of|from|in) (?:my |the )?{Regex.Escape(w)}\b"))) is { } table)
        {
            var (from, to, phrase) = Period(q, today, dataTo, dataFrom);
            return new QuestionPlan(Intents.View, From: from, To: to, RangePhrase: phrase, Topic: table.Table);
        }

        return null;
    }

    /// <summary>The period asked for; no dates for all of the table (its rows need not lie inside the daily data's span).</summary>
    private static (DateOnly? From, DateOnly? To, string Phrase) Period(string q, DateOnly today, DateOnly? dataTo, DateOnly? dataFrom)
    {
        var (from, to, phrase, _, defaulted) = Range(OfMyData(q, DatePhrases.Parse(q, today), dataTo), today, dataTo, dataFrom);
        return defaulted ? (null, null, AllData) : (from, to, phrase);
    }

    /// <summary>
    /// The category column a "per ..." phrase names, with the span of its words; the category is null when the
    /// words fit several tables' columns and the question names none of those tables.
    /// </summary>
    private static (CategoryDef? Category, int At, int End)? CategoryAsked(string q)
    {
        var hits = SchemaVocabulary.Categories
            .SelectMany(c => c.Words.Select(w => (c, w, m: Regex.Match(q, $@"\b(?:by|per|for each|each|grouped by|broken down by|split by) (?:the |their |its )?({Regex.Escape(w)})\b"))))
            .Where(x => x.m.Success)
            .ToList();
        if (hits.Count == 0)
        {
            return null;
        }

        var longest = hits.Max(x => x.w.Length);
        var best = hits.Where(x => x.w.Length == longest).ToList();
        var (at, end) = (best[0].m.Groups[1].Index, best[0].m.Groups[1].Index + best[0].m.Groups[1].Length);
        if (best.Count == 1)
        {
            return (best[0].c, at, end);
        }

        // One column name in several tables: the table the question names, else the table named like the column.
        var rest = string.Concat(q.AsSpan(0, at), new string(' ', end - at), q.AsSpan(end));
        var named = SchemaVocabulary.TableNamed(rest);
        var pick = best.FirstOrDefault(x => x.c.Table == named?.Table).c
                   ?? best.FirstOrDefault(x => x.c.Table == x.c.Column).c;
        return (pick, at, end);
    }

    [GeneratedRegex(@"\b(?:how many|count|counts|number of|tally|breakdown|break down|split)\b")]
    private static partial Regex CountWords();

    [GeneratedRegex(@"\b(?:show|list|display|give|see|open|print|what(?:'s| is| are)?)\b")]
    private static partial Regex Rows();
}

using System.Reflection;
using System.Text.Json;
using Bio.Core.Analytics;
using Bio.Core.Lake;
using Bio.Core.Query;

namespace Bio.Core.Agent;

/// <summary>
/// The part of the agent's vocabulary generated from the sandbox's schema: every numeric column of a table
/// with one row per day (or per workout, or per week) that no hand-written <see cref="MetricDef"/> covers
/// becomes askable, under its column name, its table and column, and the words of its description
/// (<see cref="SchemaDocs"/>), in the unit the description gives. A new column of such a table is askable
/// without new code; the hand-written entries add the words people and devices use.
/// </summary>
public static class SchemaVocabulary
{
    /// <summary>The sandbox tables a measure can be averaged, summed or ranked over, with their row shape and date column.</summary>
    public static readonly IReadOnlyList<(string Table, Type Row, string DateColumn)> Tables =
    [
        ("daily", typeof(DailyRow), "date"),
        ("workouts", typeof(WorkoutRow), "local_date"),
        ("feedback", typeof(FeedbackRow), "date"),
        ("daily_readiness_performance", typeof(DailyReadinessPerformanceRow), "date"),
        ("dashboard_30day", typeof(Dashboard30DayRow), "date"),
        ("weekly_trends", typeof(WeeklyTrendRow), "week_start"),
        ("hrv_status", typeof(HrvStatusRow), "date"),
        ("training_load", typeof(TrainingLoadRow), "date"),
        ("overtraining_risk", typeof(OvertrainingRiskRow), "date"),
        ("anomalies", typeof(AnomalyRow), "date"),
        ("energy_state", typeof(EnergyStateRow), "date"),
    ];

    /// <summary>
    /// Every sandbox table with a row per day, workout, journal answer or week, with its date column and the words
    /// that name it: shown as its rows for a period ("show my training load table for last week").
    /// </summary>
    public static readonly IReadOnlyList<RowTable> RowTables =
    [
        .. Tables.Select(t => new RowTable(t.Table, t.Row, t.DateColumn, TableWords(t.Table))),
        new("journal", typeof(JournalRow), "date", ["journal", "journal answers", "journal entries"]),
        new("workout_recommendations", typeof(WorkoutRecommendationRow), "date", ["workout recommendations", "recommendations", "training recommendations"]),
    ];

    private static string[] TableWords(string table) => table switch
    {
        "daily" => ["daily", "daily data", "daily measurements"],
        "workouts" => ["workouts", "workout"],
        "feedback" => ["feedback", "daily ratings", "ratings"],
        "anomalies" => ["anomalies", "anomaly"],
        "weekly_trends" => ["weekly trends", "weekly trend"],
        _ => [table.Replace('_', ' ')],
    };

    /// <summary>Text columns that hold free text, a per-row key or a list, never a category to count by.</summary>
    private static readonly HashSet<string> NotCategories = new(StringComparer.Ordinal)
    {
        "title", "notes", "reason", "reasons", "sources", "weekly_trends.week",
    };

    /// <summary>
    /// The category columns (text or yes/no with a few values, not free text, dates or keys) of every row table,
    /// generated from its row type: each can be counted by ("how many anomalies per kind"). The workouts' type,
    /// instructor and live flag are grouped by the workout grouping (any measure per value, <see cref="GroupBy"/>).
    /// </summary>
    public static readonly IReadOnlyList<CategoryDef> Categories = [.. GenerateCategories()];

    private static IEnumerable<CategoryDef> GenerateCategories()
    {
        var seen = new List<(string Table, string Column, Type Type)>();
        foreach (var t in RowTables)
        {
            foreach (var p in t.Row.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var type = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
                var column = JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name);
                if (type != typeof(string) && type != typeof(bool) || NotCategories.Contains(column) || NotCategories.Contains($"{t.Table}.{column}"))
                {
                    continue;
                }

                seen.Add((t.Table, column, type));
            }
        }

        foreach (var (table, column, type) in seen)
        {
            var spaced = column.Replace('_', ' ');
            var (expression, group) = (table, column) switch
            {
                // Bio's own discipline (running, cycling, ...) and the device's name for the type, with Bio's where the device gives none.
                ("workouts", "discipline") => ("discipline", "discipline"),
                ("workouts", "activity") => ("coalesce(activity, discipline)", "activity"),
                ("workouts", "instructor") => ("instructor", "instructor"),
                ("workouts", "live") => ("CASE WHEN live THEN 'Live' WHEN NOT live THEN 'On Demand' ELSE 'not recorded' END", "live"),
                (_, "answer") => ("CASE WHEN answer THEN 'yes' WHEN NOT answer THEN 'no' END", null),
                // An empty text is no value ("how many days per methods" does not count a blank label).
                _ => (type == typeof(string) ? $"nullif({column}, '')" : column, (string?)null),
            };
            var words = (table, column) switch
            {
                ("workouts", "discipline") => ["category", "workout category"],
                ("workouts", "live") => ["live or on demand"],
                // A column several tables have is named with its table too ("journal source"); alone ("per source") the question must name the table.
                _ => seen.Count(s => s.Column == column) == 1 ? new[] { spaced } : [$"{TableWords(table)[0]} {spaced}", spaced],
            };
            yield return new CategoryDef(table, column, expression, group, words);
        }
    }

    /// <summary>The category column "table.column"; throws for one that is not a category.</summary>
    public static CategoryDef Category(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        return Categories.FirstOrDefault(c => $"{c.Table}.{c.Column}" == topic) ?? throw new ArgumentException($"Unknown category '{topic}'.", nameof(topic));
    }

    /// <summary>The row table a question names ("my anomalies table"), longest words first, or null.</summary>
    public static RowTable? TableNamed(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return RowTables
            .SelectMany(t => t.Words.Select(w => (t, w)))
            .Where(x => System.Text.RegularExpressions.Regex.IsMatch(question, $@"\b{System.Text.RegularExpressions.Regex.Escape(x.w)}\b"))
            .OrderByDescending(x => x.w.Length)
            .Select(x => x.t)
            .FirstOrDefault();
    }

    /// <summary>The gold views with no row per day (a summary over all days): asked for whole ("show my sleep performance prediction").</summary>
    public static readonly IReadOnlyList<string> SummaryViews = ["workout_type_optimization", "sleep_performance_prediction", "readiness_performance_correlation"];

    /// <summary>The summary view a question names ("my workout type optimization"), or null.</summary>
    public static string? SummaryView(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return SummaryViews.FirstOrDefault(v => question.Contains(v.Replace('_', ' '), StringComparison.Ordinal) || question.Contains(v, StringComparison.Ordinal));
    }

    /// <summary>The date column of a table (its day, or a workout's local date, or a week's Monday).</summary>
    public static string DateColumn(string table) => Tables.FirstOrDefault(t => t.Table == table).DateColumn ?? "date";

    /// <summary>Numeric columns that are not measures (a clock offset).</summary>
    private static readonly HashSet<string> NotMeasures = new(StringComparer.Ordinal) { "workouts.offset_minutes" };

    /// <summary>The numeric columns of a table, as the sandbox names them.</summary>
    public static IEnumerable<string> NumericColumns(Type row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => (Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType) is var t && (t == typeof(double) || t == typeof(int) || t == typeof(long) || t == typeof(float)))
            .Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name));
    }

    /// <summary>The hand-written measure, or else the generated one, that reads this column of this table; null for none.</summary>
    public static MetricDef? For(string table, string column) =>
        MetricVocabulary.All.FirstOrDefault(m => m.Table == table && Reads(m, column));

    private static bool Reads(MetricDef m, string column) =>
        System.Text.RegularExpressions.Regex.IsMatch(m.Expression, $@"(?<![\w.]){System.Text.RegularExpressions.Regex.Escape(column)}(?!\w)");

    /// <summary>A measure for every numeric column the hand-written ones leave out.</summary>
    internal static IEnumerable<MetricDef> Generate(IReadOnlyList<MetricDef> curated)
    {
        var words = new HashSet<string>(curated.SelectMany(m => m.Words), StringComparer.Ordinal);
        foreach (var (table, row, _) in Tables)
        {
            foreach (var column in NumericColumns(row))
            {
                if (NotMeasures.Contains($"{table}.{column}") || curated.Any(m => m.Table == table && Reads(m, column)))
                {
                    continue;
                }

                var description = SchemaDocs.Describe(table, column) ?? column.Replace('_', ' ');
                var (name, unit) = NameAndUnit(description);
                var spaced = column.Replace('_', ' ');
                var qualified = $"{table.Replace('_', ' ')} {spaced}";
                // A one-word column ("value", "score") is only askable with its table's name: alone it is an everyday word.
                // The description's words are not used: they hold everyday measure words ("number of workouts") that would take questions from the hand-written measures.
                var candidates = column.Contains('_', StringComparison.Ordinal) ? new[] { qualified, spaced, column } : [qualified];
                var own = candidates.Where(w => w.Split(' ').Length <= 7 && words.Add(w)).Distinct(StringComparer.Ordinal).ToArray();
                if (own.Length == 0)
                {
                    continue;
                }

                yield return new MetricDef($"{table}.{column}", name, table, column, unit, Additive: false, Decimals: 2, own);
            }
        }
    }

    /// <summary>"7-day mean of HRV rMSSD, ms" is named "7-day mean of HRV rMSSD" in ms; a description without a known unit has none.</summary>
    private static (string Name, string Unit) NameAndUnit(string description)
    {
        var comma = description.LastIndexOf(", ", StringComparison.Ordinal);
        var tail = comma < 0 ? "" : description[(comma + 2)..].Trim();
        var unit = tail switch
        {
            "ms" or "bpm" or "kJ" or "kcal" or "minutes" or "km" or "W" or "°C" => tail,
            "percent" or "%" => "%",
            "ln ms" => "ln ms",
            _ => "",
        };
        var name = (unit == "" ? description : description[..comma]).Trim();
        return (name.StartsWith("the ", StringComparison.Ordinal) ? name[4..] : name, unit);
    }
}

/// <summary>A sandbox table with a row per day, workout, journal answer or week.</summary>
public sealed record RowTable(string Table, Type Row, string DateColumn, string[] Words);

/// <summary>
/// A category column of a row table: its label as SQL (<paramref name="Expression"/>: yes/no and live/on demand
/// for flags), the workout grouping that answers it (null: counted by <see cref="Intents.Tally"/>), and its words.
/// </summary>
public sealed record CategoryDef(string Table, string Column, string Expression, string? GroupBy, string[] Words);


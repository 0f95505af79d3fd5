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

using System.Globalization;
using System.Text;
using System.Text.Json;
using Bio.Core.Analytics;
using Bio.Core.Charts;
using Bio.Core.Forecasting;
using Bio.Core.Ingest;
using Bio.Core.Query;
using Microsoft.SemanticKernel;

namespace Bio.Core.Agent;

/// <summary>What an engine produced for one question (before the conversation and cache wrap it).</summary>
public sealed record EngineResult(string Text, string Kind, string? Sql, IReadOnlyList<AnswerColumn> Columns, string RowsJson, ChartSpec? Chart)
{
    public static EngineResult Say(string text, string kind) => new(text, kind, null, [], "[]", null);
}

/// <summary>
/// The default engine: no model, no key. It answers a parsed <see cref="QuestionPlan"/> by calling the
/// same kernel functions a chat model would (SQL through <c>query_sql</c>, Bio's analyses through their
/// tools), and says the result in a sentence whose every number comes from those results.
/// </summary>
public static partial class OfflineEngine
{
    public const string Name = "offline";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<EngineResult> AnswerAsync(Kernel kernel, QuestionPlan plan, DateOnly today, DateOnly? dataTo, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(plan);
        try
        {
            return plan.Intent switch
            {
                Intents.RefuseDiagnosis => EngineResult.Say(
                    "I can't diagnose illness or advise on treatment: wearable data shows changes from your own normal, and cannot tell one condition from another. " +
                    "Please talk to a doctor about how you feel. What I can show is your early illness signals and anomalies (ask \"any illness signals lately?\"), " +
                    "which are changes from your baseline, not a diagnosis.", AnswerKinds.Refused),
                Intents.RefuseOthers => EngineResult.Say(
                    $"I can only see your own data, so I can't answer about anyone else{(plan.Topic is { } who ? $" (you asked about \"{who}\")" : "")}.", AnswerKinds.Refused),
                Intents.Cannot => EngineResult.Say(Cannot(plan), AnswerKinds.CannotAnswer),
                Intents.Unsupported => EngineResult.Say(Unsupported(plan), AnswerKinds.CannotAnswer),
                Intents.Status => await StatusAsync(kernel, ct),
                Intents.Plan => await PlanAsync(kernel, plan, ct),
                Intents.Risk => await RiskAsync(kernel, dataTo ?? today, ct),
                Intents.HrvStatus => await HrvStatusAsync(kernel, dataTo ?? today, ct),
                Intents.Anomalies => await AnomaliesAsync(kernel, plan, ct),
                Intents.Forecast => await ForecastAsync(kernel, plan, dataTo ?? today, ct),
                Intents.ForecastAccuracy => await ForecastAccuracyAsync(kernel, ct),
                Intents.Insights => await InsightsAsync(kernel, plan, ct),
                Intents.JournalEffect => await JournalEffectsAsync(kernel, plan, ct),
                Intents.WeeklySummary => await WeeklyAsync(kernel, plan, ct),
                _ => await SqlAsync(kernel, plan, ct),
            };
        }
        catch (NoDataException e)
        {
            return EngineResult.Say($"I can't answer that from your data: {e.Message}", AnswerKinds.CannotAnswer);
        }
    }

    /// <summary>A question whose shape Bio does not compute yet: it says which words, and what it can give instead.</summary>
    private static string Unsupported(QuestionPlan plan)
    {
        var metric = plan.Metric is { } key && MetricVocabulary.All.FirstOrDefault(m => m.Key == key) is { } m ? m.Name : "that";
        var understood = metric == "that" ? "" : $"I understood {metric}, but ";
        return $"I can't answer that yet: {understood}Bio does not compute {plan.Aggregate} (you asked \"{plan.Topic}\"), " +
            "and a different number would not answer your question. " +
            $"I can give the average, total, highest or lowest {(metric == "that" ? "value" : metric)} over a period, the days above or below a value, or compare two periods, " +
            "for example \"What was my average HRV last month?\".";
    }

    private static string Cannot(QuestionPlan plan) =>
        "I can't answer that from your data." +
        (plan.Topic is { } topic ? $" Bio has no {topic} data." : plan.NotUnderstood is { } words ? $" I did not understand \"{words}\"." : "") +
        " I can answer questions about your HRV, resting heart rate, sleep, readiness, steps, workouts, training load, overtraining risk, " +
        "anomalies and illness signals, forecasts and insights, for example \"What was my average HRV last week?\" or \"Am I overtraining?\".";

    private static async Task<EngineResult> SqlAsync(Kernel kernel, QuestionPlan plan, CancellationToken ct)
    {
        var sql = SqlPlanner.Build(plan) ?? throw new InvalidOperationException($"No SQL for intent {plan.Intent}.");
        Table table;
        try
        {
            table = Table.OfQuery(await Invoke<JsonElement>(kernel, "query_sql", new() { ["sql"] = sql }, ct));
        }
        catch (SqlRefusedException e)
        {
            return new EngineResult($"That query was refused: {e.Message}", AnswerKinds.Refused, sql, [], "[]", null);
        }

        var metric = plan.Metric is { } key ? MetricVocabulary.Get(key) : null;
        var (text, kind, chart) = plan.Intent switch
        {
            Intents.Sql => ($"Your query returned {Rows(table.Rows.Count)}{(table.Truncated ? " (cut at the row limit)" : "")}.", AnswerKinds.Answered, null),
            Intents.Aggregate when plan.Metric2 is { } by => Filtered(plan, metric!, MetricVocabulary.Get(by), table),
            Intents.Aggregate when plan.Aggregate == "stddev" => Spread(plan, metric!, table),
            Intents.Aggregate => Aggregate(plan, metric!, table),
            Intents.Correlate => Correlate(plan, metric!, MetricVocabulary.Get(plan.Metric2!), table),
            Intents.Streak => Streak(plan, metric!, table),
            Intents.Rank => Rank(plan, metric!, table),
            Intents.Value => Value(plan, metric!, table),
            Intents.ThresholdList => ThresholdList(plan, metric!, table),
            Intents.ThresholdCount => ThresholdCount(plan, metric!, table),
            Intents.Compare => Compare(plan, metric!, table),
            Intents.Group => Group(plan, metric!, table),
            Intents.Trend => Trend(plan, metric!, table),
            Intents.BestWorkoutType => BestWorkoutType(plan, table),
            Intents.WorkoutList => WorkoutList(plan, table),
            Intents.LastWorkout => LastWorkout(plan, table),
            Intents.View when SchemaVocabulary.SummaryViews.Contains(plan.Topic!) => ($"Your {plan.Topic!.Replace('_', ' ')} ({Query.SchemaDocs.Tables.GetValueOrDefault(plan.Topic, "").TrimEnd('.')}) has {Rows(table.Rows.Count)}, all in the rows.",
                table.Rows.Count == 0 ? AnswerKinds.CannotAnswer : AnswerKinds.Answered, null),
            Intents.View => TableRows(plan, table),
            Intents.Tally => Tally(plan, table),
            Intents.JournalList => JournalList(plan, table),
            Intents.RiskCount => RiskCount(plan, table),
            Intents.LabelCount => LabelCount(plan, table),
            Intents.Rolling => Rolling(plan, metric!, table),
            Intents.WeekOverWeek => WeekOverWeek(metric!, table),
            Intents.SleepPrediction => SleepPrediction(plan, table),
            Intents.ReadinessPerformance => ReadinessPerformance(table),
            _ => throw new InvalidOperationException(plan.Intent),
        };
        return new EngineResult(text, kind, sql, table.Columns, table.RowsJson, chart);
    }

    private static (string, string, ChartSpec?) Aggregate(QuestionPlan plan, MetricDef m, Table t)
    {
        var when = When(plan);
        var value = t.Number(0, "value");
        var what = Describe(plan, m);
        if (plan.Aggregate is "max" or "min")
        {
            if (t.Rows.Count == 0 || value is null)
            {
                return NoData(m, plan);
            }

            var day = t.Text(0, m.PerWorkout ? "local_date" : "date");
            var extra = m.PerWorkout ? $" ({t.Text(0, "discipline")}, \"{t.Text(0, "title")}\")" : "";
            return ($"Your {(plan.Aggregate == "max" ? "highest" : "lowest")} {what} {when} was {m.Format(value.Value)}, on {day}{extra}.", AnswerKinds.Answered, null);
        }

        if (plan.Aggregate == "count")
        {
            var n = (int)(value ?? 0);
            var kind = plan.Discipline is { } d ? $"{d} workout{(n == 1 ? "" : "s")}" : $"workout{(n == 1 ? "" : "s")}";
            return ($"You did {n.ToString(Inv)} {kind} {when}.", AnswerKinds.Answered, null);
        }

        var count = t.Number(0, m.PerWorkout ? "workouts" : "days");
        if (value is null || count is 0 && plan.Aggregate != "sum")
        {
            return NoData(m, plan);
        }

        if (count is 0 && !m.PerWorkout)
        {
            return NoData(m, plan);
        }

        var word = plan.Aggregate switch { "sum" => "total", "median" => "median", _ => "average" };
        var c = count ?? 0;
        var over = m.PerWorkout ? $"{c.ToString("0", Inv)} workout{(c == 1 ? "" : "s")}" : $"{c.ToString("0", Inv)} {m.RowNoun}{(c == 1 ? "" : "s")} with data";
        return ($"Your {word} {what} {when} was {m.Format(value.Value)}, over {over}.", AnswerKinds.Answered, null);
    }

    /// <summary>"on days when your steps were above 12,000" / "on the mornings after days when...": how the days were picked.</summary>
    private static string PickedBy(QuestionPlan plan, MetricDef m, MetricDef by)
    {
        var condition = $"{OpWords(plan.FilterOp)} {by.Format(plan.FilterValue!.Value)}";
        if (by.Key == "workouts")
        {
            var kind = plan.Discipline is { } d ? $"{d} workout" : "workout";
            return plan.FilterLag == 1 ? $"on the mornings after days with a {kind}" : $"on days with a {kind}";
        }

        if (by.PerWorkout && m.PerWorkout)
        {
            return $"in workouts whose {by.Name} was {condition}";
        }

        var what = by.PerWorkout ? $"your {Describe(plan, by)} (the day's total)" : $"your {by.Name}";
        return plan.FilterLag == 1 ? $"on the mornings after days when {what} was {condition}" : $"on days when {what} was {condition}";
    }

    private static (string, string, ChartSpec?) Filtered(QuestionPlan plan, MetricDef m, MetricDef by, Table t)
    {
        var picked = PickedBy(plan, m, by);
        var when = When(plan);
        var value = t.Number(0, "value");
        if (plan.Aggregate == "count")
        {
            var n = (int)(value ?? 0);
            var kind = plan.Discipline is { } d ? $"{d} workout{(n == 1 ? "" : "s")}" : $"workout{(n == 1 ? "" : "s")}";
            return ($"You did {n.ToString(Inv)} {kind} {picked}, {when}.", AnswerKinds.Answered, null);
        }

        if (plan.Aggregate is "max" or "min")
        {
            if (t.Rows.Count == 0 || value is null)
            {
                return ($"I found no {m.Name} {picked} {when}.", AnswerKinds.Answered, null);
            }

            var mean = t.Number(0, "mean") is { } avg ? $"; the average over those {t.Text(0, "n")} {(m.PerWorkout ? "workouts" : "days")} was {m.Format(avg)}" : "";
            return ($"Your {(plan.Aggregate == "max" ? "highest" : "lowest")} {Describe(plan, m)} {picked}, {when}, was {m.Format(value.Value)}, on {t.Text(0, "date")} " +
                    $"({by.Name} {by.Format(t.Number(0, "picked_by") ?? 0)}){mean}.", AnswerKinds.Answered, null);
        }

        var count = (int)(t.Number(0, m.PerWorkout ? "workouts" : "days") ?? 0);
        if (value is null || count == 0)
        {
            return ($"I found no {m.Name} {picked} {when}, so there is nothing to average.", AnswerKinds.Answered, null);
        }

        var word = plan.Aggregate switch { "sum" => "total", "median" => "median", "stddev" => "standard deviation of", _ => "average" };
        var unit = m.PerWorkout ? "workout" : "day";
        return ($"Your {word} {Describe(plan, m)} {picked} was {m.Format(value.Value)}, over {count.ToString(Inv)} {unit}{(count == 1 ? "" : "s")} with data, {when}.",
            AnswerKinds.Answered, null);
    }

    private static (string, string, ChartSpec?) Spread(QuestionPlan plan, MetricDef m, Table t)
    {
        var sd = t.Number(0, "value");
        var n = (int)(t.Number(0, m.PerWorkout ? "workouts" : "days") ?? 0);
        if (sd is null || n < 2)
        {
            var unit = m.PerWorkout ? "workouts" : "days";
            return ($"I can't give the spread of your {m.Name} {When(plan)}: " + (n == 0 ? $"there are no {unit} with data." : $"it needs at least 2 {unit} with data, and there is 1."),
                AnswerKinds.CannotAnswer, null);
        }

        var more = m with { Decimals = m.Decimals + 1 };
        return ($"The standard deviation of your {Describe(plan, m)} {When(plan)} was {more.Format(sd.Value)} (sample SD over {n.ToString(Inv)} {(m.PerWorkout ? "workouts" : "days with data")}, " +
                $"around a mean of {m.Format(t.Number(0, "mean") ?? 0)}).", AnswerKinds.Answered, null);
    }

    private static (string, string, ChartSpec?) Correlate(QuestionPlan plan, MetricDef a, MetricDef b, Table t)
    {
        var r = t.Number(0, "r");
        var n = (int)(t.Number(0, "n") ?? 0);
        var pairing = a.PerWorkout ? $"across your {(plan.Discipline is { } d ? d + " " : "")}workouts"
            : plan.FilterLag == 1 ? $"pairing each day's {b.Name} with the next morning's {a.Name}"
            : $"pairing the two by date (a night's sleep and the next morning's readings are dated by that morning)";
        if (r is null || n < 3)
        {
            var unit = a.PerWorkout ? "workouts" : "days";
            return ($"I can't give a correlation between your {a.Name} and {b.Name} {When(plan)}: " +
                    (n == 0 ? $"there are no {unit} with both." : $"it needs at least 3 {unit} with both, and there are {n.ToString(Inv)}."),
                AnswerKinds.CannotAnswer, null);
        }

        var p = Analytics.Stats.PearsonP(r.Value, n);
        var strength = Math.Abs(r.Value) switch { < 0.1 => "no real", < 0.3 => "a weak", < 0.5 => "a moderate", _ => "a strong" };
        var sign = Math.Abs(r.Value) < 0.1 ? "" : r > 0 ? " positive" : " negative";
        var pText = double.IsNaN(p) ? "" : $", {Analytics.Insights.PText(p)}";
        return ($"Your {a.Name} and {b.Name}, {pairing}, have a Pearson r of {r.Value.ToString("0.00", Inv)} over {n.ToString(Inv)} {(a.PerWorkout ? "workouts" : "days")}{pText}, {When(plan)}: " +
                $"{strength}{sign} association. A correlation does not show that one causes the other.", AnswerKinds.Answered, null);
    }

    private static (string, string, ChartSpec?) Streak(QuestionPlan plan, MetricDef m, Table t)
    {
        var what = m.Key == "workouts" ? (plan.Discipline is { } d ? $"a {d} workout" : "a workout")
            : $"{Describe(plan, m)} {OpWords(plan.ThresholdOp)} {m.Format(plan.Threshold!.Value)}";
        if (t.Rows.Count == 0)
        {
            return ($"You had no day with {what} {When(plan)}, so no streak.", AnswerKinds.Answered, null);
        }

        var days = (int)(t.Number(0, "days") ?? 0);
        var span = days == 1 ? $"on {t.Text(0, "first_day")}" : $"from {t.Text(0, "first_day")} to {t.Text(0, "last_day")}";
        return ($"Your longest streak of days in a row with {what} {When(plan)} was {days.ToString(Inv)} day{(days == 1 ? "" : "s")}, {span}" +
                $" (the latest, if two were as long). Days with no data break a streak.", AnswerKinds.Answered, null);
    }

    private static (string, string, ChartSpec?) Rank(QuestionPlan plan, MetricDef m, Table t)
    {
        if (t.Rows.Count == 0)
        {
            return NoData(m, plan);
        }

        var dateColumn = m.PerWorkout ? "local_date" : "date";
        var items = Enumerable.Range(0, t.Rows.Count).Select(i =>
            $"{i + 1}. {t.Text(i, dateColumn)}{(m.PerWorkout ? $" {t.Text(i, "discipline")} \"{t.Text(i, "title")}\"" : "")} ({m.Format(t.Number(i, "value") ?? 0)})");
        var word = plan.Aggregate == "min" ? "lowest" : "highest";
        var unit = m.PerWorkout ? "workouts" : "days";
        var shortfall = t.Rows.Count < (plan.Limit ?? 3) ? $" (only {t.Rows.Count.ToString(Inv)} have data)" : "";
        return ($"Your {t.Rows.Count.ToString(Inv)} {word} {Describe(plan, m)} {unit} {When(plan)}{shortfall}: {string.Join("; ", items)}.",
            AnswerKinds.Answered, Chart.Bars($"{Capital(m.Name)}: the {word} {unit}", "date", Axis(m), t, dateColumn, "value", m.Measure));
    }

    private static (string, string, ChartSpec?) Value(QuestionPlan plan, MetricDef m, Table t)
    {
        var values = Enumerable.Range(0, t.Rows.Count).Where(i => t.Number(i, "value") is not null).ToList();
        if (values.Count == 0)
        {
            return NoData(m, plan);
        }

        var parts = values.Select(i => $"{m.Format(t.Number(i, "value")!.Value)} on {t.Text(i, "date")}");
        return ($"Your {m.Name} was {string.Join(", ", parts)}.", AnswerKinds.Answered, null);
    }

    private static (string, string, ChartSpec?) ThresholdList(QuestionPlan plan, MetricDef m, Table t)
    {
        var condition = $"{OpWords(plan.ThresholdOp)} {m.Format(plan.Threshold!.Value)}";
        var when = When(plan);
        var dateColumn = m.PerWorkout ? "local_date" : "date";
        if (t.Rows.Count == 0)
        {
            return ($"Your {Describe(plan, m)} was not {condition} on any {(m.PerWorkout ? "workout" : "day")} {when}.", AnswerKinds.Answered, null);
        }

        var shown = Enumerable.Range(0, Math.Min(t.Rows.Count, 12)).Select(i => $"{t.Text(i, dateColumn)} ({m.Format(t.Number(i, "value") ?? 0)})");
        var more = t.Rows.Count > 12 ? $", and {t.Rows.Count - 12} more (all in the rows)" : "";
        var unit = m.PerWorkout ? "workout" : "day";
        return ($"Your {Describe(plan, m)} was {condition} on {t.Rows.Count.ToString(Inv)} {unit}{(t.Rows.Count == 1 ? "" : "s")} {when}: {string.Join(", ", shown)}{more}.",
            AnswerKinds.Answered, Chart.Line($"{Capital(m.Name)} {condition}", "date", Axis(m), t, dateColumn, "value", m.Measure));
    }

    private static (string, string, ChartSpec?) ThresholdCount(QuestionPlan plan, MetricDef m, Table t)
    {
        var n = (int)(t.Number(0, "value") ?? 0);
        var of = (int)(t.Number(0, m.PerWorkout ? "workouts" : "days") ?? 0);
        if (of == 0)
        {
            return NoData(m, plan);
        }

        var unit = m.PerWorkout ? "workouts" : "days";
        return ($"{Capital(Describe(plan, m))} was {OpWords(plan.ThresholdOp)} {m.Format(plan.Threshold!.Value)} on {n.ToString(Inv)} of {of.ToString(Inv)} {unit} ({Percent(n, of)}) {When(plan)}.", AnswerKinds.Answered, null);
    }

    private static (string, string, ChartSpec?) Compare(QuestionPlan plan, MetricDef m, Table t)
    {
        if (t.Rows.Count < 2)
        {
            return NoData(m, plan);
        }

        var (a, b) = (t.Number(0, "value"), t.Number(1, "value"));
        var countColumn = m.PerWorkout ? "workouts" : "days";
        var (na, nb) = (t.Number(0, countColumn) ?? 0, t.Number(1, countColumn) ?? 0);
        var (la, lb) = (PeriodName(plan, 0, t), PeriodName(plan, 1, t));
        if (a is null || b is null || (!m.PerWorkout && (na == 0 || nb == 0)))
        {
            var missing = a is null || na == 0 ? la : lb;
            return ($"I can't compare: there is no {m.Name} data for {missing}.", AnswerKinds.CannotAnswer, null);
        }

        var word = plan.Aggregate is "sum" or "count" || m.PerWorkout ? "total" : plan.Aggregate switch { "median" => "median", "max" => "highest", "min" => "lowest", _ => "average" };
        var diff = a.Value - b.Value;
        var direction = Math.Abs(diff) < Math.Pow(10, -m.Decimals) / 2 ? "the same as" : diff > 0 ? "higher than" : "lower than";
        var pct = b.Value != 0 ? $", {(diff >= 0 ? "+" : "")}{(diff / Math.Abs(b.Value) * 100).ToString("0.0", Inv)} %" : "";
        var unit = m.PerWorkout ? "workouts" : "days with data";
        var text = $"Your {word} {Describe(plan, m)} {la} was {m.Format(a.Value)} ({na.ToString("0", Inv)} {unit}), {direction} {lb}: {m.Format(b.Value)} ({nb.ToString("0", Inv)} {unit})" +
                   (direction == "the same as" ? "." : $"; a difference of {m.Format(Math.Abs(diff))}{pct}.");
        return (text, AnswerKinds.Answered, Chart.Bars($"{Capital(m.Name)}: {la} and {lb}", "period", Axis(m), t, "period", "value", m.Measure));
    }

    private static string PeriodName(QuestionPlan plan, int row, Table t) =>
        plan.GroupBy == QuestionParser.FirstAndLast ? $"in {t.Text(row, "period")} ({t.Text(row, "from_day")} to {t.Text(row, "to_day")})"
        : plan.GroupBy == "weekend" ? $"on {t.Text(row, "period")}" + (row == 0 ? $" ({Span(plan.From, plan.To, plan.RangePhrase)})" : "")
        : row == 0 ? Span(plan.From, plan.To, plan.RangePhrase) : Span(plan.From2, plan.To2, plan.RangePhrase2);

    private static (string, string, ChartSpec?) Group(QuestionPlan plan, MetricDef m, Table t)
    {
        var key = SqlPlanner.GroupColumn(plan.GroupBy);
        var rows = Enumerable.Range(0, t.Rows.Count).Where(i => t.Number(i, "value") is not null).ToList();
        if (rows.Count == 0)
        {
            return NoData(m, plan);
        }

        var best = rows.MaxBy(i => t.Number(i, "value")!.Value);
        var worst = rows.MinBy(i => t.Number(i, "value")!.Value);
        var word = m.Key == "workouts" ? "number of" : plan.Aggregate switch { "sum" => "total", "median" => "median", "max" => "highest", "min" => "lowest", null when m.PerWorkout => "total", _ => "average" };
        var by = plan.GroupBy switch
        {
            "weekday" => "day of the week", "month" => "month", "week" => "week", "activity" => "workout type (as your device names it)", "instructor" => "instructor",
            "live" => "live or on demand", _ => "workout type",
        };
        // A few groups are all said; many are summed up by the highest and lowest (all are in the rows).
        var text = rows.Count <= 10
            ? $"By {by} {When(plan)}, your {word} {Describe(plan, m)}: {string.Join("; ", rows.Select(i => $"{t.Text(i, key)} {m.Format(t.Number(i, "value")!.Value)}"))}."
            : $"By {by} {When(plan)}, your {word} {Describe(plan, m)} is highest for {t.Text(best, key)} ({m.Format(t.Number(best, "value")!.Value)})" +
              $" and lowest for {t.Text(worst, key)} ({m.Format(t.Number(worst, "value")!.Value)}); {rows.Count.ToString(Inv)} in all (in the rows).";
        return (text, AnswerKinds.Answered, Chart.Bars($"{Capital(m.Name)} by {by}", by, Axis(m), t, key, "value", m.Measure));
    }

    private static (string, string, ChartSpec?) TableRows(QuestionPlan plan, Table t)
    {
        var name = plan.Topic!.Replace('_', ' ');
        if (t.Rows.Count == 0)
        {
            return ($"Your {name} table has no rows {When(plan)}.", AnswerKinds.CannotAnswer, null);
        }

        var columns = t.Columns.Select(c => c.Name.Replace('_', ' ')).ToList();
        return ($"Your {name} table {When(plan)}: {Rows(t.Rows.Count)}{(t.Truncated ? " (cut at the row limit)" : "")}, " +
                $"each with {string.Join(", ", columns.Take(columns.Count - 1))} and {columns[^1]}; they are in the rows.", AnswerKinds.Answered, null);
    }

    private static (string, string, ChartSpec?) Tally(QuestionPlan plan, Table t)
    {
        var category = SchemaVocabulary.Category(plan.Topic!);
        var (table, by) = (category.Table.Replace('_', ' '), category.Column.Replace('_', ' '));
        if (t.Rows.Count == 0)
        {
            return ($"Your {table} table has no rows with a {by} {When(plan)}.", AnswerKinds.CannotAnswer, null);
        }

        var total = Enumerable.Range(0, t.Rows.Count).Sum(i => t.Number(i, "count") ?? 0);
        var shown = Enumerable.Range(0, Math.Min(t.Rows.Count, 10)).Select(i => $"{t.Text(i, category.Column)} {t.Number(i, "count")!.Value.ToString("0", Inv)}");
        var more = t.Rows.Count > 10 ? $"; and {(t.Rows.Count - 10).ToString(Inv)} more (in the rows)" : "";
        return ($"By {by} in your {table} table {When(plan)} ({Rows((int)total)}): {string.Join("; ", shown)}{more}.",
            AnswerKinds.Answered, Chart.Bars($"Your {table} by {by}", by, "rows", t, category.Column, "count"));
    }

    private static (string, string, ChartSpec?) Trend(QuestionPlan plan, MetricDef m, Table t)
    {
        var slope = t.Number(0, "change_per_week");
        var mean = t.Number(0, "mean");
        var n = t.Number(0, "days") ?? 0;
        if (slope is null || mean is null || n < 7)
        {
            return ($"I can't tell a trend in your {m.Name} {When(plan)}: it needs at least 7 days with data ({n.ToString("0", Inv)} found).", AnswerKinds.CannotAnswer, null);
        }

        var weeks = ((plan.To!.Value.DayNumber - plan.From!.Value.DayNumber) + 1) / 7.0;
        var total = slope.Value * weeks;
        var direction = Math.Abs(total) < 0.03 * Math.Abs(mean.Value) ? "roughly flat" : slope > 0 ? "rising" : "falling";
        var r = t.Number(0, "r");
        var perWeek = m with { Decimals = m.Decimals + 1 };
        return ($"Your {m.Name} {When(plan)} is {direction}: the fitted line changes by {(slope >= 0 ? "+" : "")}{perWeek.Format(slope.Value)} a week " +
                $"around a mean of {m.Format(mean.Value)} ({n.ToString("0", Inv)} days{(r is { } rr ? $", r = {rr.ToString("0.00", Inv)}" : "")}).", AnswerKinds.Answered, null);
    }

    private static (string, string, ChartSpec?) BestWorkoutType(QuestionPlan plan, Table t)
    {
        var condition = plan.ThresholdOp is { } op ? $"on days your readiness was {OpWords(op)} {plan.Threshold!.Value.ToString("0.#", Inv)}" : "after each workout type";
        if (t.Rows.Count == 0)
        {
            return ($"I can't answer that from your data: there are no workouts {condition} with a readiness the morning after.", AnswerKinds.CannotAnswer, null);
        }

        var best = $"{t.Text(0, "discipline")} ({t.Number(0, "mean_next_day_readiness")!.Value.ToString("0.0", Inv)} next-morning readiness, {t.Text(0, "sessions")} sessions)";
        var others = Enumerable.Range(1, Math.Min(t.Rows.Count - 1, 4))
            .Select(i => $"{t.Text(i, "discipline")} {t.Number(i, "mean_next_day_readiness")!.Value.ToString("0.0", Inv)} ({t.Text(i, "sessions")})");
        var small = t.Number(0, "sessions") < 5 ? " Few sessions: treat it as a hint, not a rule." : "";
        return ($"Judged by the next morning's readiness, your best workout type {condition} is {best}" +
                (t.Rows.Count > 1 ? $"; then {string.Join(", ", others)}." : ".") + small,
            AnswerKinds.Answered, Chart.Bars("Next-morning readiness by workout type", "workout type", "readiness (0-100)", t, "discipline", "mean_next_day_readiness"));
    }

    private static (string, string, ChartSpec?) WorkoutList(QuestionPlan plan, Table t)
    {
        var kind = plan.Discipline is { } d ? $"{d} workouts" : "workouts";
        if (t.Rows.Count == 0)
        {
            return ($"You have no {kind} {When(plan)}.", AnswerKinds.Answered, null);
        }

        var shown = Enumerable.Range(0, Math.Min(t.Rows.Count, 10)).Select(i =>
            $"{t.Text(i, "local_date")} {t.Text(i, "discipline")} \"{t.Text(i, "title")}\" {t.Number(i, "duration_minutes")?.ToString("0", Inv) ?? "?"} min");
        return ($"You did {t.Rows.Count.ToString(Inv)} {kind} {When(plan)}: {string.Join("; ", shown)}{(t.Rows.Count > 10 ? $"; and {t.Rows.Count - 10} more (in the rows)" : "")}.",
            AnswerKinds.Answered, null);
    }

    /// <summary>The latest workout and every measure it has, each under its own name and unit.</summary>
    private static (string, string, ChartSpec?) LastWorkout(QuestionPlan plan, Table t)
    {
        var kind = plan.Discipline is { } d ? $"{d} workout" : "workout";
        if (t.Rows.Count == 0)
        {
            return ($"You have no {kind} {When(plan)}.", AnswerKinds.Answered, null);
        }

        var parts = new (string Column, string Metric)[]
            {
                ("duration_minutes", "workout_minutes"), ("output_kj", "output"), ("avg_watts", "watts"), ("avg_hr", "workout_hr"), ("kcal", "workout_kcal"), ("distance_km", "distance"), ("device_strain", "workout_strain"),
            }
            .Where(p => t.Number(0, p.Column) is not null)
            .Select(p => (MetricVocabulary.Get(p.Metric), t.Number(0, p.Column)!.Value))
            .Select(p => $"{p.Item1.Name} {p.Item1.Format(p.Item2)}")
            .ToList();
        if (t.Number(0, "max_hr") is { } max)
        {
            parts.Add($"maximum heart rate {max.ToString("0", Inv)} bpm");
        }

        var asked = plan.Metric is { } key && key != "workouts" && !parts.Any(p => p.StartsWith(MetricVocabulary.Get(key).Name, StringComparison.Ordinal))
            ? $" It has no {MetricVocabulary.Get(key).Name} recorded." : "";
        return ($"Your most recent {kind} {When(plan)} was \"{t.Text(0, "title")}\" ({t.Text(0, "discipline")}) on {t.Text(0, "local_date")}: {string.Join(", ", parts)}.{asked}",
            AnswerKinds.Answered, null);
    }

    private static (string, string, ChartSpec?) JournalList(QuestionPlan plan, Table t)
    {
        var topic = JournalTopics.Get(plan.Topic);
        var what = topic.Label;
        if (plan.Aggregate == "count")
        {
            var n = (int)(t.Number(0, "value") ?? 0);
            return ($"Your journal records {what} on {n.ToString(Inv)} day{(n == 1 ? "" : "s")} {When(plan)}.", AnswerKinds.Answered, null);
        }

        if (plan.Aggregate == "share")
        {
            var (n, of) = ((int)(t.Number(0, "value") ?? 0), (int)(t.Number(0, "days") ?? 0));
            return of == 0
                ? ($"I can't give a share: there are no days with a journal answer about {topic.Key.Replace('_', ' ')} {When(plan)}.", AnswerKinds.CannotAnswer, null)
                : ($"Your journal records {what} on {n.ToString(Inv)} of the {of.ToString(Inv)} days you answered it ({Percent(n, of)}) {When(plan)}.", AnswerKinds.Answered, null);
        }

        if (t.Rows.Count == 0)
        {
            return ($"Your journal records no {topic.Key.Replace('_', ' ')} {When(plan)}.", AnswerKinds.Answered, null);
        }

        var days = Enumerable.Range(0, t.Rows.Count).Select(i => t.Text(i, "date")).Distinct().ToList();
        return ($"Your journal records {what} on {days.Count.ToString(Inv)} day{(days.Count == 1 ? "" : "s")} {When(plan)}: {string.Join(", ", days.Take(15))}{(days.Count > 15 ? ", ..." : "")}.",
            AnswerKinds.Answered, null);
    }

    private static (string, string, ChartSpec?) RiskCount(QuestionPlan plan, Table t)
    {
        var days = (int)(t.Number(0, "days") ?? 0);
        if (days == 0)
        {
            return ($"I can't answer that from your data: there is no data {When(plan)}.", AnswerKinds.CannotAnswer, null);
        }

        return ($"{Capital(When(plan))} you had {t.Text(0, "high_days")} high-risk and {t.Text(0, "moderate_days")} moderate-risk days of overtraining, out of {days.ToString(Inv)} days.",
            AnswerKinds.Answered, null);
    }

    private static (string, string, ChartSpec?) LabelCount(QuestionPlan plan, Table t)
    {
        var (view, _, value) = SqlPlanner.LabelOf(plan.Topic!);
        var (n, days) = ((int)(t.Number(0, "value") ?? 0), (int)(t.Number(0, "days") ?? 0));
        if (days == 0)
        {
            return ($"I can't answer that from your data: there is no data {When(plan)}.", AnswerKinds.CannotAnswer, null);
        }

        var what = view switch
        {
            "workout_recommendations" => $"Bio recommended {(value == "rest" ? "rest" : $"{value} training")} on",
            "energy_state" => $"Your energy state was {value} on",
            _ => $"Your HRV (7-day mean) was {value} your normal range on",
        };
        return ($"{what} {n.ToString(Inv)} of {days.ToString(Inv)} days ({Percent(n, days)}) {When(plan)}.", AnswerKinds.Answered, null);
    }

    /// <summary>"31.0 %": a share of the days (or workouts) counted, as the count beside it.</summary>
    private static string Percent(int n, int of) => (100.0 * n / of).ToString("0.0", Inv) + " %";

    private static (string, string, ChartSpec?) Rolling(QuestionPlan plan, MetricDef m, Table t)
    {
        if (t.Rows.Count == 0 || t.Number(0, "avg7d") is not { } a7)
        {
            return NoData(m, plan);
        }

        var a30 = t.Number(0, "avg30d");
        var first = plan.Aggregate == "30" && a30 is { } v30 ? $"30-day average {m.Name} on {t.Text(0, "date")} was {m.Format(v30)}; the 7-day average is {m.Format(a7)}"
            : $"7-day average {m.Name} on {t.Text(0, "date")} was {m.Format(a7)}" + (a30 is { } b ? $"; the 30-day average is {m.Format(b)}" : "");
        return ($"Your {first}.", AnswerKinds.Answered, null);
    }

    private static (string, string, ChartSpec?) WeekOverWeek(MetricDef m, Table t)
    {
        if (t.Rows.Count == 0)
        {
            return ($"I can't answer that from your data: there is no whole week of {m.Name} data yet.", AnswerKinds.CannotAnswer, null);
        }

        string Change(int row)
        {
            var pct = m.Key == "hrv" ? t.Number(row, "hrv_change_pct")
                : row + 1 < t.Rows.Count && t.Number(row + 1, "value") is { } before && before != 0 ? (t.Number(row, "value")!.Value - before) / before * 100 : null;
            return pct is { } p ? $"{(p >= 0 ? "+" : "")}{p.ToString("0.0", Inv)} % on the week before" : "no week before to compare";
        }

        var text = new StringBuilder($"Week over week: your {m.Name} averaged {m.Format(t.Number(0, "value")!.Value)} in the week of {t.Text(0, "week_start")} ({t.Text(0, "week")}), {Change(0)}");
        if (m.Key == "hrv" && t.Text(0, "trend") is { Length: > 0 } trend)
        {
            text.Append(Inv, $" (trend: {trend})");
        }

        var earlier = Enumerable.Range(1, Math.Min(3, t.Rows.Count - 1)).Select(i => $"{t.Text(i, "week")} {m.Format(t.Number(i, "value")!.Value)}");
        text.Append(t.Rows.Count > 1 ? $". The weeks before: {string.Join(", ", earlier)}." : ".");
        var chart = Chart.Line($"{Capital(m.Name)} by week", "week", Axis(m), t, "week", "value", m.Measure);
        return (text.ToString(), AnswerKinds.Answered, chart);
    }

    private static (string, string, ChartSpec?) SleepPrediction(QuestionPlan plan, Table t)
    {
        var score = plan.Threshold ?? 0;
        static (double Low, double High) Bounds(string bucket) =>
            bucket.StartsWith('<') ? (double.MinValue, double.Parse(bucket[1..], Inv) - 1)
            : bucket.EndsWith('+') ? (double.Parse(bucket[..^1], Inv), double.MaxValue)
            : (double.Parse(bucket.Split('-')[0], Inv), double.Parse(bucket.Split('-')[1], Inv));
        var row = Enumerable.Range(0, t.Rows.Count).FirstOrDefault(i => Bounds(t.Text(i, "sleep_bucket")) is var (lo, hi) && score >= lo && score <= hi + 0.999, -1);
        if (row < 0 || t.Number(row, "mean_next_day_readiness") is not { } mean)
        {
            return ($"I can't answer that from your data: there are no nights with a sleep score near {score.ToString("0", Inv)} followed by a readiness.", AnswerKinds.CannotAnswer, null);
        }

        var text = $"After nights with a sleep score of {t.Text(row, "sleep_bucket")} ({t.Text(row, "nights")} nights), your next-morning readiness averaged {mean.ToString("0.0", Inv)}.";
        if (t.Number(row, "fit_slope") is { } slope && t.Number(row, "fit_r") is { } r)
        {
            text += $" Over all {t.Text(row, "fit_n")} nights, each sleep-score point went with {(slope >= 0 ? "+" : "")}{slope.ToString("0.00", Inv)} readiness points (r = {r.ToString("0.00", Inv)}). " +
                    "This is an association, not a cause.";
        }

        return (text, AnswerKinds.Answered, Chart.Bars("Next-morning readiness by sleep score", "sleep score", "readiness (0-100)", t, "sleep_bucket", "mean_next_day_readiness"));
    }

    private static (string, string, ChartSpec?) ReadinessPerformance(Table t)
    {
        var all = Enumerable.Range(0, t.Rows.Count).FirstOrDefault(i => t.Text(i, "readiness_level") == "all", -1);
        if (all < 0 || t.Number(all, "r") is not { } r)
        {
            return ("I can't answer that from your data: it needs workout days with a readiness that morning.", AnswerKinds.CannotAnswer, null);
        }

        var p = t.Number(all, "p") ?? 1;
        var measure = t.Text(all, "measure") == "output_kj" ? "workout output (kJ)" : "training load";
        var strength = Math.Abs(r) < 0.1 ? "no clear relationship" : Math.Abs(r) < 0.3 ? "a weak relationship" : Math.Abs(r) < 0.5 ? "a moderate relationship" : "a strong relationship";
        var levels = Enumerable.Range(0, t.Rows.Count).Where(i => i != all && t.Number(i, "r") is not null)
            .Select(i => $"readiness {t.Text(i, "readiness_level")}: r = {t.Number(i, "r")!.Value.ToString("0.00", Inv)} (n = {t.Text(i, "n")})");
        return ($"Across {t.Text(all, "n")} workout days, your morning readiness and that day's {measure} have Pearson r = {r.ToString("0.00", Inv)} " +
                $"({Analytics.Insights.PText(p)}): {strength}. By level, {string.Join("; ", levels)}. This is an association, not a cause.",
            AnswerKinds.Answered, null);
    }

    private static async Task<EngineResult> StatusAsync(Kernel kernel, CancellationToken ct)
    {
        var s = await Invoke<DayStatus>(kernel, "get_day_status", new(), ct);
        var r = s.Readiness;
        var text = new StringBuilder($"On {s.Date:yyyy-MM-dd} (your latest day with data): ");
        text.Append(r.Score is { } score ? $"Bio readiness {score}/100" : "no Bio readiness (it needs HRV, resting HR and sleep)");
        if (r.DeviceReadiness is { } device)
        {
            // Under its device's own name ("WHOOP recovery 71 %", "Oura readiness 80"), never as Bio's.
            var label = r.DeviceScore ?? "your device's score";
            var shown = device.ToString("0", Inv);
            text.Append(label.EndsWith(" (%)", StringComparison.Ordinal) ? $", {label[..^4]} {shown} %" : $", {label} {shown}");
        }

        text.Append(Inv, $", energy {r.EnergyState}. HRV is {StatusWords(s.Hrv.Status)}. Overtraining risk is {s.Risk.Level}");
        text.Append(s.Risk.Reasons.Count > 0 ? $" ({string.Join("; ", s.Risk.Reasons)})." : ".");
        // Today's recommendation is the plan's today when the plan covers the status day (never harder than the
        // morning's readiness allows), so the answer, the Today page and the Plan page say the same.
        var planned = await PlannedDayAsync(kernel, s.Date, ct);
        var intensity = planned?.Session ?? s.Recommendation.Intensity;
        if (planned is { } day)
        {
            text.Append(Inv, $" Recommended today (your plan): {day.Session}, because {Lower(day.Reason)} (rule: {day.Rule})");
        }
        else
        {
            text.Append(Inv, $" Recommended today: {s.Recommendation.Intensity}, because {Lower(s.Recommendation.Reason)}");
        }
        if (!text.ToString().EndsWith('.'))
        {
            text.Append('.');
        }

        if (s.Anomalies.Count > 0)
        {
            text.Append(Inv, $" Flagged: {string.Join("; ", s.Anomalies.Select(a => a.Reason))}.");
        }

        var table = Table.OfRecords(
            ["date", "bio_readiness", "device_readiness", "energy_state", "hrv_status", "risk_level", "intensity"],
            [[s.Date.ToString("yyyy-MM-dd", Inv), r.Score, r.DeviceReadiness, r.EnergyState, s.Hrv.Status, s.Risk.Level, intensity]]);
        return new EngineResult(text.ToString(), AnswerKinds.Answered, null, table.Columns, table.RowsJson, null);
    }

    /// <summary>The plan's day for <paramref name="date"/>, or null without a plan (no recent data) or when the plan does not cover it.</summary>
    private static async Task<Plans.PlanDay?> PlannedDayAsync(Kernel kernel, DateOnly date, CancellationToken ct)
    {
        try
        {
            var plan = await Invoke<Plans.TrainingPlan>(kernel, "get_plan", new(), ct);
            return plan.Days.FirstOrDefault(d => d.Date == date);
        }
        catch (NoDataException)
        {
            return null;
        }
    }

    /// <summary>The week's plan, or one day of it with its rule; a day's advice without recent data to plan from is the day's status.</summary>
    private static async Task<EngineResult> PlanAsync(Kernel kernel, QuestionPlan question, CancellationToken ct)
    {
        Plans.TrainingPlan p;
        try
        {
            p = await Invoke<Plans.TrainingPlan>(kernel, "get_plan", new(), ct);
        }
        catch (NoDataException) when (question.Topic != "week")
        {
            return await StatusAsync(kernel, ct);
        }

        static string Session(Plans.PlanDay d) => d.Session == Plans.Sessions.Rest
            ? "rest"
            : $"{d.Session}{(d.Discipline is { } x ? " " + x : "")}, {d.DurationMinutes} min (target load {d.TargetLoad:0})";
        var table = Table.OfRecords(["date", "session", "discipline", "minutes", "target_load", "rule", "reason"],
            [.. p.Days.Select(d => new object?[] { d.Date.ToString("yyyy-MM-dd", Inv), d.Session, d.Discipline, d.DurationMinutes, Math.Round(d.TargetLoad), d.Rule, d.Reason })]);
        if (question.Topic != "week" && int.TryParse(question.Topic, NumberStyles.Integer, Inv, out var offset) && offset >= 0 && offset < p.Days.Count)
        {
            var d = p.Days[offset];
            var when = offset == 0 ? "today" : offset == 1 ? "tomorrow" : d.Date.ToString("dddd", Inv);
            var text = $"Your plan for {when} ({d.Date:ddd d MMM}): {Session(d)}, because {Lower(d.Reason)} (rule: {d.Rule}).";
            if (offset + 1 < p.Days.Count)
            {
                text += $" The day after: {Session(p.Days[offset + 1])}.";
            }

            return new EngineResult(text, AnswerKinds.Answered, null, table.Columns, table.RowsJson, null);
        }

        var week = string.Join("; ", p.Days.Select(d => $"{d.Date:ddd d MMM}: {Session(d)} ({d.Rule})"));
        var hard = p.Days.Count(d => d.Session == Plans.Sessions.Hard);
        var rest = p.Days.Count(d => d.Session == Plans.Sessions.Rest);
        return new EngineResult(
            $"Your plan for the seven days from {p.From:ddd d MMM}: {week}. That is {hard} hard {(hard == 1 ? "day" : "days")} and {rest} rest {(rest == 1 ? "day" : "days")}, " +
            $"chosen by Bio's {(p.Policy == "rules" ? "rules" : "learned policy")} from your HRV, fitness, fatigue and form; the Plan page shows each day's reason and fuel.",
            AnswerKinds.Answered, null, table.Columns, table.RowsJson, null);
    }

    private static async Task<EngineResult> RiskAsync(Kernel kernel, DateOnly latest, CancellationToken ct)
    {
        var rows = await Invoke<JsonElement>(kernel, "get_overtraining_risk",
            new() { ["from"] = latest.AddDays(-13).ToString("yyyy-MM-dd", Inv), ["to"] = latest.ToString("yyyy-MM-dd", Inv) }, ct);
        var t = Table.OfObjects(rows);
        if (t.Rows.Count == 0)
        {
            return EngineResult.Say("I can't answer that from your data: there is no training or recovery data in the last 14 days.", AnswerKinds.CannotAnswer);
        }

        var last = t.Rows.Count - 1;
        var level = t.Text(last, "level");
        var reasons = t.Text(last, "reasons");
        var high = Enumerable.Range(0, t.Rows.Count).Count(i => t.Text(i, "level") == "high");
        var moderate = Enumerable.Range(0, t.Rows.Count).Count(i => t.Text(i, "level") == "moderate");
        var lead = level switch
        {
            "high" => "Possibly: your overtraining risk is high",
            "moderate" => "Not clearly, but watch it: your overtraining risk is moderate",
            _ => "No: your overtraining risk is low",
        };
        var why = string.IsNullOrWhiteSpace(reasons) ? " (no rule fired)" : $", because {reasons}";
        return new EngineResult($"{lead} on {t.Text(last, "date")}{why}. In the last 14 days: {high} high-risk and {moderate} moderate-risk days.",
            AnswerKinds.Answered, null, t.Columns, t.RowsJson, null);
    }

    private static async Task<EngineResult> HrvStatusAsync(Kernel kernel, DateOnly latest, CancellationToken ct)
    {
        var rows = await Invoke<JsonElement>(kernel, "get_hrv_status",
            new() { ["from"] = latest.AddDays(-13).ToString("yyyy-MM-dd", Inv), ["to"] = latest.ToString("yyyy-MM-dd", Inv) }, ct);
        var t = Table.OfObjects(rows);
        var last = Enumerable.Range(0, t.Rows.Count).LastOrDefault(i => t.Number(i, "mean7d") is not null, -1);
        if (last < 0)
        {
            return EngineResult.Say("I can't answer that from your data: your HRV status needs at least 3 HRV readings in a week and about 3 weeks of baseline.", AnswerKinds.CannotAnswer);
        }

        var text = $"On {t.Text(last, "date")} your HRV is {StatusWords(t.Text(last, "status"))}: the 7-day mean is {Ms(t.Number(last, "mean7d"))}";
        if (t.Number(last, "normal_lower") is not null)
        {
            text += $", and your normal range (from the 60-day baseline) is {Ms(t.Number(last, "normal_lower"))} to {Ms(t.Number(last, "normal_upper"))}";
        }

        return new EngineResult(text + ".", AnswerKinds.Answered, null, t.Columns, t.RowsJson, null);
    }

    private static async Task<EngineResult> AnomaliesAsync(Kernel kernel, QuestionPlan plan, CancellationToken ct)
    {
        var rows = await Invoke<JsonElement>(kernel, "get_anomalies",
            new() { ["from"] = plan.From!.Value.ToString("yyyy-MM-dd", Inv), ["to"] = plan.To!.Value.ToString("yyyy-MM-dd", Inv) }, ct);
        var t = Table.OfObjects(rows);
        var when = When(plan);
        if (t.Rows.Count == 0)
        {
            return new EngineResult($"Nothing was flagged {when}: no unusual HRV, readiness or resting heart rate, and no early illness signal.", AnswerKinds.Answered, null, t.Columns, t.RowsJson, null);
        }

        var alerts = Enumerable.Range(0, t.Rows.Count).Where(i => t.Text(i, "tier") == "alert").Select(i => t.Text(i, "date")).Distinct().ToList();
        var days = Enumerable.Range(0, t.Rows.Count).Select(i => t.Text(i, "date")).Distinct().Count();
        var listed = Enumerable.Range(0, Math.Min(t.Rows.Count, 8)).Select(i => $"{t.Text(i, "date")}: {t.Text(i, "reason")}");
        var text = $"{Capital(when)}, {days} day{(days == 1 ? " was" : "s were")} flagged ({t.Rows.Count} flag{(t.Rows.Count == 1 ? "" : "s")}). " +
                   (alerts.Count > 0 ? $"Early illness signal on {string.Join(", ", alerts)}. " : "No early illness signal. ") +
                   $"{string.Join("; ", listed)}{(t.Rows.Count > 8 ? "; and more in the rows" : "")}. These are changes from your own normal, not a diagnosis.";
        return new EngineResult(text, AnswerKinds.Answered, null, t.Columns, t.RowsJson, null);
    }

    private static async Task<EngineResult> ForecastAsync(Kernel kernel, QuestionPlan plan, DateOnly latest, CancellationToken ct)
    {
        var f = await Invoke<HrvForecast>(kernel, "get_forecast", new(), ct);
        var status = Table.OfObjects(await Invoke<JsonElement>(kernel, "get_hrv_status",
            new() { ["from"] = latest.AddDays(-13).ToString("yyyy-MM-dd", Inv), ["to"] = latest.ToString("yyyy-MM-dd", Inv) }, ct));
        var s = Enumerable.Range(0, status.Rows.Count).LastOrDefault(i => status.Number(i, "normal_lower") is not null, -1);
        var table = Table.OfRecords(["date", "horizon", "hrv_ms", "lower80", "upper80", "lower95", "upper95", "method"],
            [.. f.Days.Select(d => new object?[] { d.Date.ToString("yyyy-MM-dd", Inv), d.Horizon, Math.Round(d.HrvMs, 1), R(d.Lower80), R(d.Upper80), R(d.Lower95), R(d.Upper95), d.Method })]);
        var chart = new ChartSpec("line", "HRV forecast", "date", "HRV (ms)",
            [new ChartSeries("forecast", "line", [.. f.Days.Select(d => new ChartPoint(null, d.Date.ToString("yyyy-MM-dd", Inv), Math.Round(d.HrvMs, 1)))], MeasureColours.Forecast)]);
        ForecastDay? target = f.Days.Count > 0 ? f.Days[0] : null;
        var label = "Tomorrow";
        if (plan.Topic is { } day && day != "tomorrow" && Enum.TryParse<DayOfWeek>(day, true, out var weekday))
        {
            target = f.Days.FirstOrDefault(d => d.Date.DayOfWeek == weekday);
            label = $"On {Capital(day)}";
        }

        if (target is null)
        {
            return new EngineResult($"The forecast covers only the seven mornings after {f.IssuedAfter:yyyy-MM-dd}, so I can't say for {plan.Topic}.", AnswerKinds.CannotAnswer, null, table.Columns, table.RowsJson, chart);
        }

        var text = new StringBuilder($"{label} ({target.Date:yyyy-MM-dd}) your HRV is forecast at {target.HrvMs.ToString("0", Inv)} ms");
        if (target.Lower80 is { } lo && target.Upper80 is { } hi)
        {
            text.Append(Inv, $" (80 % interval {lo:0} to {hi:0} ms)");
        }

        text.Append(Inv, $", from {MethodWords(f.Method)}.");
        if (s >= 0)
        {
            var lower = Math.Exp(status.Number(s, "normal_lower")!.Value);
            var upper = Math.Exp(status.Number(s, "normal_upper")!.Value);
            var verdict = target.HrvMs >= lower
                ? target.Lower80 is { } l80 && l80 < lower ? "within your normal range, though the interval reaches below it" : "within or above your normal range"
                : "still below your normal range";
            text.Append(Inv, $" Your normal range is {lower:0} to {upper:0} ms, so it is expected to be {verdict}.");
        }

        return new EngineResult(text.ToString(), AnswerKinds.Answered, null, table.Columns, table.RowsJson, chart);
    }

    /// <summary>
    /// The record of the next-day forecasts: the live ones scored in the last 90 days, or, before any is
    /// scored, the walk-forward backtest (said to be one), each beside the 7-day average and the latest
    /// reading on the same mornings, with how often the 80 % interval held what was measured.
    /// </summary>
    private static async Task<EngineResult> ForecastAccuracyAsync(Kernel kernel, CancellationToken ct)
    {
        var history = await Invoke<ForecastHistory>(kernel, "get_forecast_accuracy", new(), ct);
        var live = history.Forecasts.Where(r => r.ActualMs is not null).ToList();
        if (live.Count > 0)
        {
            var last = live.Max(r => r.Target);
            live = [.. live.Where(r => r.Target > last.AddDays(-90))];
        }

        var backtest = live.Count == 0;
        var rows = backtest ? [.. (history.Backtest ?? []).Where(r => r.ActualMs is not null)] : live;
        if (rows.Count == 0)
        {
            return EngineResult.Say("I can't say how accurate the forecasts are yet: no forecast has been scored against a measured morning, " +
                                    "and there are too few mornings of HRV for a backtest.", AnswerKinds.CannotAnswer);
        }

        double Mae(Func<ForecastLogRow, double> pick) => rows.Average(r => Math.Abs(pick(r) - r.ActualMs!.Value));
        var served = Mae(r => r.HrvMs);
        var mean7 = Mae(r => r.Mean7Ms);
        var latest = Mae(r => r.PersistenceMs);
        var percent = 100 * rows.Average(r => Math.Abs(r.HrvMs - r.ActualMs!.Value) / r.ActualMs!.Value);
        var intervals = rows.Where(r => r.Lower80 is not null && r.Upper80 is not null).ToList();
        var held = intervals.Count(r => r.ActualMs >= r.Lower80 && r.ActualMs <= r.Upper80);
        var (from, to) = (rows.Min(r => r.Target), rows.Max(r => r.Target));
        var text = new StringBuilder(backtest
            ? $"No live forecast has been scored yet, so this is a backtest: had Bio forecast each of your {rows.Count} measured mornings from {from:yyyy-MM-dd} to {to:yyyy-MM-dd} from the days before it only, "
            : $"Over your {rows.Count} scored next-day forecasts from {from:yyyy-MM-dd} to {to:yyyy-MM-dd}, ");
        text.Append(Inv, $"{(backtest ? "it would have been" : "Bio's forecast was")} off by {served:0.0} ms on average ({percent:0} % of what you measured), ");
        text.Append(Inv, $"against {mean7:0.0} ms for your 7-day average and {latest:0.0} ms for your latest reading on the same mornings");
        var better = Math.Min(mean7, latest);
        text.Append(served < better - 0.05 ? ", so it did better than both." : served <= better + 0.05 ? ", about the same as the better of them." : ", so one of the simple baselines did better on these mornings.");
        if (intervals.Count > 0)
        {
            text.Append(Inv, $" The 80 % interval held what you measured on {held} of {intervals.Count} mornings.");
        }

        var table = Table.OfRecords(["date", "forecast_ms", "actual_ms", "error_ms", "mean7_ms", "latest_ms", "lower80", "upper80", "backtest"],
            [.. rows.Select(r => new object?[] { r.Target.ToString("yyyy-MM-dd", Inv), Math.Round(r.HrvMs, 1), R(r.ActualMs), Math.Round(r.HrvMs - r.ActualMs!.Value, 1), Math.Round(r.Mean7Ms, 1), Math.Round(r.PersistenceMs, 1), R(r.Lower80), R(r.Upper80), backtest })]);
        var chart = new ChartSpec("line", backtest ? "Next-day HRV forecasts (backtest) against what you measured" : "Next-day HRV forecasts against what you measured", "date", "HRV (ms)",
        [
            new ChartSeries(backtest ? "forecast (backtest)" : "forecast", "line", [.. rows.Select(r => new ChartPoint(null, r.Target.ToString("yyyy-MM-dd", Inv), Math.Round(r.HrvMs, 1)))], MeasureColours.Forecast),
            new ChartSeries("measured", "line", [.. rows.Select(r => new ChartPoint(null, r.Target.ToString("yyyy-MM-dd", Inv), Math.Round(r.ActualMs!.Value, 1)))], Metric.HrvRmssdMs.Key()),
        ]);
        return new EngineResult(text.ToString(), AnswerKinds.Answered, null, table.Columns, table.RowsJson, chart);
    }

    private static async Task<EngineResult> InsightsAsync(Kernel kernel, QuestionPlan plan, CancellationToken ct)
    {
        var args = new KernelArguments();
        if (plan.From is { } from && plan.To is { } to)
        {
            args["from"] = from.ToString("yyyy-MM-dd", Inv);
            args["to"] = to.ToString("yyyy-MM-dd", Inv);
        }

        var insights = await Invoke<IReadOnlyList<Insight>>(kernel, "get_insights", args, ct);
        var chosen = plan.Topic is { } topic ? insights.Where(i => i.Id == topic).ToList() : [.. insights];
        var table = Table.OfRecords(["id", "title", "status", "n", "test", "statistic", "p", "effect", "effect_name"],
            [.. chosen.Select(i => new object?[] { i.Id, i.Title, i.Status, i.N, i.Test, R(i.Statistic, 4), R(i.P, 4), R(i.Effect, 4), i.EffectName })]);
        var text = string.Join(" ", chosen.Select(i => $"{i.Title}: {i.Narrative}"));
        return new EngineResult(text, AnswerKinds.Answered, null, table.Columns, table.RowsJson, chosen.Count == 1 ? chosen[0].Chart : null);
    }

    private static async Task<EngineResult> WeeklyAsync(Kernel kernel, QuestionPlan plan, CancellationToken ct)
    {
        var row = Table.OfQuery(await Invoke<JsonElement>(kernel, "get_weekly_summary", new() { ["day"] = plan.To!.Value.ToString("yyyy-MM-dd", Inv) }, ct));
        string V(string column, string unit = "") => row.Number(0, column) is { } v ? v.ToString("0.#", Inv) + unit : "no data";
        // A device's score under its own name, only when the person has it (WHOOP's recovery is never called readiness).
        string Score(string name, string column, string unit) =>
            row.Number(0, column) is null && row.Number(0, column + "_week_before") is null ? "" : $"{name} {V(column, unit)} (week before {V(column + "_week_before", unit)}); ";
        var text = $"Week of {row.Text(0, "week_start")} to {row.Text(0, "week_end")}: HRV {V("hrv_mean", " ms")} (week before {V("hrv_mean_week_before", " ms")}), " +
                   $"resting HR {V("rhr_mean", " bpm")} (week before {V("rhr_mean_week_before", " bpm")}), sleep {V("sleep_hours_mean", " h")} a night, " +
                   Score("your device's readiness", "readiness_mean", "") + Score("WHOOP recovery", "recovery_mean", " %") +
                   $"{V("workouts")} workouts, {V("workout_minutes")} minutes, " +
                   $"load {V("load")}; {V("high_risk_days")} high-risk days and {V("anomalies")} flagged days.";
        return new EngineResult(text, AnswerKinds.Answered, BioTools.WeeklySummarySql(DateOnly.Parse(row.Text(0, "week_start"), Inv), DateOnly.Parse(row.Text(0, "week_end"), Inv)),
            row.Columns, row.RowsJson, null);
    }

    private static async Task<T> Invoke<T>(Kernel kernel, string function, KernelArguments arguments, CancellationToken ct)
    {
        var result = await kernel.InvokeAsync(BioTools.PluginName, function, arguments, ct);
        return result.GetValue<T>() ?? throw new InvalidOperationException($"{function} returned nothing.");
    }

    private static (string, string, ChartSpec?) NoData(MetricDef m, QuestionPlan plan) =>
        ($"I can't answer that from your data: there is no {m.Name} data {When(plan)}.{NoDataHint(m)}", AnswerKinds.CannotAnswer, null);

    // A device that calls its score something else is pointed to, not answered for under another name.
    private static string NoDataHint(MetricDef m) => m.Key switch
    {
        "readiness" => " If your device gives a recovery score instead (WHOOP), ask about your recovery; Bio's own score is your Bio readiness.",
        "recovery" => " Recovery is WHOOP's score; if your device gives a readiness score (Oura), ask about your readiness; Bio's own score is your Bio readiness.",
        _ => "",
    };

    private static string Describe(QuestionPlan plan, MetricDef m) =>
        (plan.Discipline is { } d && m.PerWorkout ? $"{d} " : "") + m.Name + (plan.Days switch { "weekends" => " on weekends", "weekdays" => " on weekdays", _ => "" });

    /// <summary>"last week (2026-06-08 to 2026-06-14)", "on 2026-06-14", "in all your data".</summary>
    public static string When(QuestionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.From is null || plan.To is null)
        {
            return "in all your data";
        }

        return plan.From == plan.To ? $"on {plan.From:yyyy-MM-dd}" : $"in {Span(plan.From, plan.To, plan.RangePhrase)}";
    }

    private static string Span(DateOnly? from, DateOnly? to, string? phrase)
    {
        var dates = from == to ? $"{from:yyyy-MM-dd}" : $"{from:yyyy-MM-dd} to {to:yyyy-MM-dd}";
        var words = (phrase ?? "").Trim();
        // "in december" is said as "in december (...)", not "in in december".
        words = words.StartsWith("in ", StringComparison.Ordinal) ? words[3..] : words;
        return string.IsNullOrEmpty(words) || words.Contains(dates, StringComparison.Ordinal) ? dates : $"{words} ({dates})";
    }

    private static string OpWords(string? op) => op switch
    {
        "<" => "below", "<=" => "at most", ">=" => "at least", _ => "above",
    };

    private static string StatusWords(string status) => status switch
    {
        "below" => "below your normal range",
        "above" => "above your normal range",
        "within" => "within your normal range",
        _ => "not yet rated (too little data for a baseline)",
    };

    private static string MethodWords(string method) => method switch
    {
        ForecastMethods.Combined => $"Bio's forecast ({ForecastMethods.BlendWords}, weighted by how each did on your mornings)",
        ForecastMethods.Mean7 => "your 7-day average (until enough of your mornings are scored to do better)",
        _ => ForecastMethods.Describe(method),
    };

    private static string Ms(double? ln) => ln is { } v ? $"{Math.Exp(v).ToString("0", Inv)} ms" : "unknown";

    private static double? R(double? v, int digits = 1) => v is { } x ? Math.Round(x, digits) : null;

    private static string Rows(int n) => n == 1 ? "1 row" : $"{n.ToString(Inv)} rows";

    private static string Axis(MetricDef m) => m.Unit is "" or "points" ? m.Name : $"{m.Name} ({m.Unit})";

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string Lower(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];
}

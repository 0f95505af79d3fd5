using System.Globalization;

namespace Bio.Core.Agent;

/// <summary>
/// Writes the SQL that answers a <see cref="QuestionPlan"/> over the person's sandbox tables (see
/// <see cref="Query.SchemaDocs"/>); null for intents a tool answers instead. Every value in the SQL
/// comes from the plan's parsed parts (dates, numbers, known names), never from the question's text.
/// </summary>
public static class SqlPlanner
{
    public static string? Build(QuestionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var metric = plan.Metric is { } key ? MetricVocabulary.Get(key) : null;
        return plan.Intent switch
        {
            Intents.Sql => plan.Sql,
            Intents.Aggregate when metric is not null && plan.Metric2 is { } by => Filtered(plan, metric, MetricVocabulary.Get(by)),
            Intents.Aggregate when metric is not null => Aggregate(plan, metric),
            Intents.Correlate when metric is not null && plan.Metric2 is { } other => Correlate(plan, metric, MetricVocabulary.Get(other)),
            Intents.Streak when metric is not null => Streak(plan, metric),
            Intents.Rank when metric is not null => Rank(plan, metric),
            Intents.Value when metric is not null => Value(plan, metric),
            Intents.ThresholdList when metric is not null => ThresholdList(plan, metric),
            Intents.ThresholdCount when metric is not null => ThresholdCount(plan, metric),
            Intents.Compare when metric is not null => Compare(plan, metric),
            Intents.Group when metric is not null => Group(plan, metric),
            Intents.Trend when metric is not null => Trend(plan, metric),
            Intents.BestWorkoutType => BestWorkoutType(plan),
            Intents.WorkoutList => WorkoutList(plan),
            Intents.View when plan.Topic is { } view && SchemaVocabulary.SummaryViews.Contains(view) => $"SELECT * FROM {view}",
            Intents.View when SchemaVocabulary.RowTables.Any(t => t.Table == plan.Topic) => TableRows(plan),
            Intents.Tally when plan.Topic is not null => Tally(plan),
            Intents.LastWorkout =>
                $"SELECT local_date, discipline, title, duration_minutes, output_kj, avg_watts, avg_hr, max_hr, kcal, distance_km, device_strain FROM workouts WHERE {Where(plan, MetricVocabulary.Get("workouts"))} ORDER BY start_utc DESC LIMIT 1",
            Intents.JournalList => JournalList(plan),
            Intents.RiskCount => RiskCount(plan),
            Intents.LabelCount => LabelCount(plan),
            Intents.Rolling when metric is not null => Rolling(plan, metric),
            Intents.WeekOverWeek when metric is not null => WeekOverWeek(plan, metric),
            Intents.SleepPrediction =>
                "SELECT sleep_bucket, nights, round(mean_next_day_readiness, 1) AS mean_next_day_readiness, round(predicted_next_day_readiness, 1) AS predicted_next_day_readiness, " +
                "round(fit_slope, 3) AS fit_slope, round(fit_r, 3) AS fit_r, fit_p, fit_n FROM sleep_performance_prediction",
            Intents.ReadinessPerformance => "SELECT readiness_level, measure, n, round(r, 3) AS r, p, round(mean_readiness, 1) AS mean_readiness FROM readiness_performance_correlation",
            _ => null,
        };
    }

    private static string Aggregate(QuestionPlan plan, MetricDef m)
    {
        var where = Where(plan, m);
        var e = m.Expression;
        return plan.Aggregate switch
        {
            "max" or "min" when m.PerWorkout =>
                $"SELECT local_date, discipline, title, {Round(e, m)} AS value FROM workouts WHERE {where} AND {e} IS NOT NULL ORDER BY {e} {(plan.Aggregate == "max" ? "DESC" : "ASC")}, start_utc LIMIT 1",
            "max" or "min" =>
                $"SELECT date, {Round(e, m)} AS value FROM {m.Table} WHERE {where} AND {e} IS NOT NULL ORDER BY {e} {(plan.Aggregate == "max" ? "DESC" : "ASC")}, date LIMIT 1",
            "count" => $"SELECT count(*) AS value FROM workouts WHERE {where}",
            "sum" when m.PerWorkout => $"SELECT {Round($"coalesce(sum({e}), 0)", m)} AS value, count(*) AS workouts FROM workouts WHERE {where}",
            "sum" => $"SELECT {Round($"sum({e})", m)} AS value, count({e}) AS days FROM {m.Table} WHERE {where}",
            "median" => $"SELECT {Round($"median({e})", m)} AS value, count({e}) AS {Count(m)} FROM {m.Table} WHERE {where}",
            "stddev" => $"SELECT {Round($"stddev_samp({e})", m)} AS value, count({e}) AS {Count(m)}, {Round($"avg({e})", m)} AS mean FROM {m.Table} WHERE {where}",
            _ => $"SELECT {Round($"avg({e})", m)} AS value, count({e}) AS {Count(m)} FROM {m.Table} WHERE {where}",
        };
    }

    /// <summary>
    /// One side of a two-measure question as (date, v): a day's value, or for a workout measure on the
    /// picking side the day's total (or count) of the workouts that match the plan's discipline.
    /// </summary>
    private static string Side(QuestionPlan plan, MetricDef m, bool picking) => m.PerWorkout && picking
        ? $"SELECT local_date AS date, {(m.Key == "workouts" ? "count(*)" : $"sum({m.Expression})")} AS v FROM workouts WHERE TRUE{Discipline(plan, m)} GROUP BY local_date"
        : m.PerWorkout
            ? $"SELECT local_date AS date, {(m.Key == "workouts" ? "1" : m.Expression)} AS v, start_utc, discipline, title FROM workouts WHERE {Where(plan, m)}"
            : $"SELECT date, {m.Expression} AS v FROM {m.Table} WHERE {Where(plan, m)}";

    /// <summary>
    /// A measure on the days another picks: a holds the asked measure in the period, b the picking one; b's
    /// day is <see cref="QuestionPlan.FilterLag"/> days before a's ("HRV the morning after a day of 12,000 steps").
    /// </summary>
    private static string Filtered(QuestionPlan plan, MetricDef m, MetricDef by)
    {
        if (plan.FilterOp is not ("<" or "<=" or ">" or ">=") || plan.FilterValue is not { } value || !double.IsFinite(value))
        {
            throw new ArgumentException($"A filter needs a comparison and a number, not '{plan.FilterOp} {plan.FilterValue}'.", nameof(plan));
        }

        if (m.PerWorkout && by.PerWorkout)
        {
            // The same workouts, picked by another of their own measures ("heart rate in rides longer than 45 minutes").
            var e = m.Key == "workouts" ? "1" : m.Expression;
            var where = $"{Where(plan, m)} AND {by.Expression} {plan.FilterOp} {Number(plan.FilterValue!.Value)}";
            return plan.Aggregate switch
            {
                "max" or "min" => $"SELECT local_date AS date, discipline, title, {Round(e, m)} AS value, {Round(by.Expression, by)} AS picked_by, {Round($"avg({e}) OVER ()", m)} AS mean, count({e}) OVER () AS n FROM workouts WHERE {where} AND {e} IS NOT NULL " +
                                  $"ORDER BY {e} {(plan.Aggregate == "max" ? "DESC" : "ASC")}, start_utc LIMIT 1",
                "count" => $"SELECT count(*) AS value FROM workouts WHERE {where}",
                "sum" => $"SELECT {Round($"coalesce(sum({e}), 0)", m)} AS value, count({e}) AS workouts FROM workouts WHERE {where}",
                "median" => $"SELECT {Round($"median({e})", m)} AS value, count({e}) AS workouts FROM workouts WHERE {where}",
                _ => $"SELECT {Round($"avg({e})", m)} AS value, count({e}) AS workouts FROM workouts WHERE {where}",
            };
        }

        var sides = $"WITH a AS ({Side(plan, m, false)}), b AS ({Side(plan with { From = null, To = null, Days = "all" }, by, true)}) ";
        var on = $" FROM a JOIN b ON b.date = a.date - {plan.FilterLag.ToString(CultureInfo.InvariantCulture)} WHERE b.v {plan.FilterOp} {Number(plan.FilterValue!.Value)}";
        string Select(string columns) => sides + "SELECT " + columns + on;
        return plan.Aggregate switch
        {
            "max" or "min" => Select($"a.date, {Round("a.v", m)} AS value, {Round("b.v", by)} AS picked_by, {Round("avg(a.v) OVER ()", m)} AS mean, count(a.v) OVER () AS n") +
                              $" AND a.v IS NOT NULL ORDER BY a.v {(plan.Aggregate == "max" ? "DESC" : "ASC")}, a.date LIMIT 1",
            "count" => Select("count(*) AS value"),
            "sum" => Select($"{Round("coalesce(sum(a.v), 0)", m)} AS value, count(a.v) AS {Count(m)}"),
            "median" => Select($"{Round("median(a.v)", m)} AS value, count(a.v) AS {Count(m)}"),
            "stddev" => Select($"{Round("stddev_samp(a.v)", m)} AS value, count(a.v) AS {Count(m)}"),
            _ => Select($"{Round("avg(a.v)", m)} AS value, count(a.v) AS {Count(m)}"),
        };
    }

    /// <summary>Pearson r between two measures: the same workouts, or days paired by date (b <see cref="QuestionPlan.FilterLag"/> days before a).</summary>
    private static string Correlate(QuestionPlan plan, MetricDef a, MetricDef b) => a.PerWorkout
        ? $"SELECT round(corr({a.Expression}, {b.Expression}), 4) AS r, count(*) AS n FROM workouts WHERE {Where(plan, a)} AND {a.Expression} IS NOT NULL AND {b.Expression} IS NOT NULL"
        : $"WITH a AS ({Side(plan, a, false)}), b AS ({Side(plan with { From = null, To = null, Days = "all" }, b, false)}) " +
          $"SELECT round(corr(a.v, b.v), 4) AS r, count(*) AS n FROM a JOIN b ON b.date = a.date - {plan.FilterLag.ToString(CultureInfo.InvariantCulture)} " +
          "WHERE a.v IS NOT NULL AND b.v IS NOT NULL";

    /// <summary>The longest run of consecutive dates that meet the threshold (or, for workouts, that have one), the latest such run on a tie.</summary>
    private static string Streak(QuestionPlan plan, MetricDef m)
    {
        var days = m.PerWorkout
            ? $"SELECT DISTINCT local_date AS date FROM workouts WHERE {Where(plan, m)}{(m.Key == "workouts" ? "" : $" AND {Condition(m.Expression, plan)}")}"
            : $"SELECT date FROM {m.Table} WHERE {Where(plan, m)} AND {Condition(m.Expression, plan)}";
        return $"WITH s AS ({days}), g AS (SELECT date, date - CAST(row_number() OVER (ORDER BY date) AS INTEGER) AS grp FROM s) " +
               "SELECT count(*) AS days, min(date) AS first_day, max(date) AS last_day, count(*) OVER () AS streaks FROM g GROUP BY grp ORDER BY days DESC, first_day DESC LIMIT 1";
    }

    /// <summary>The <see cref="QuestionPlan.Limit"/> highest (max) or lowest (min) days or workouts, ties broken by the earlier date.</summary>
    private static string Rank(QuestionPlan plan, MetricDef m)
    {
        var order = plan.Aggregate == "min" ? "ASC" : "DESC";
        var n = (plan.Limit ?? 3).ToString(CultureInfo.InvariantCulture);
        return m.PerWorkout
            ? $"SELECT local_date, discipline, title, {Round(m.Expression, m)} AS value FROM workouts WHERE {Where(plan, m)} AND {m.Expression} IS NOT NULL ORDER BY {m.Expression} {order}, start_utc LIMIT {n}"
            : $"SELECT date, {Round(m.Expression, m)} AS value FROM {m.Table} WHERE {Where(plan, m)} AND {m.Expression} IS NOT NULL ORDER BY {m.Expression} {order}, date LIMIT {n}";
    }

    private static string Value(QuestionPlan plan, MetricDef m) => plan.Aggregate == "latest"
        ? $"SELECT date, {Round(m.Expression, m)} AS value FROM {m.Table} WHERE {Where(plan, m)} AND {m.Expression} IS NOT NULL ORDER BY date DESC LIMIT 1"
        : $"SELECT date, {Round(m.Expression, m)} AS value FROM {m.Table} WHERE {Where(plan, m)} ORDER BY date";

    private static string ThresholdList(QuestionPlan plan, MetricDef m) => m.PerWorkout
        ? $"SELECT local_date, discipline, title, {Round(m.Expression, m)} AS value FROM workouts WHERE {Where(plan, m)} AND {Condition(m.Expression, plan)} ORDER BY start_utc"
        : $"SELECT date, {Round(m.Expression, m)} AS value FROM {m.Table} WHERE {Where(plan, m)} AND {Condition(m.Expression, plan)} ORDER BY date";

    private static string ThresholdCount(QuestionPlan plan, MetricDef m) => m.PerWorkout
        ? $"SELECT count(*) AS value, (SELECT count(*) FROM workouts WHERE {Where(plan, m)}) AS workouts FROM workouts WHERE {Where(plan, m)} AND {Condition(m.Expression, plan)}"
        : $"SELECT sum(CASE WHEN {Condition(m.Expression, plan)} THEN 1 ELSE 0 END) AS value, count({m.Expression}) AS days FROM {m.Table} WHERE {Where(plan, m)}";

    private static string Compare(QuestionPlan plan, MetricDef m)
    {
        var aggregate = plan.Aggregate is "sum" or "count" || (m.PerWorkout && plan.Aggregate is null) ? "sum" : plan.Aggregate is "median" or "max" or "min" ? plan.Aggregate : "avg";
        var e = m.PerWorkout && m.Key == "workouts" ? "1" : m.Expression;
        string Select(string label, string where) => m.PerWorkout
            ? $"SELECT '{label}' AS period, {Round($"coalesce({aggregate}({e}), 0)", m)} AS value, count(*) AS workouts FROM workouts WHERE {where}"
            : $"SELECT '{label}' AS period, {Round($"{aggregate}({e})", m)} AS value, count({e}) AS days FROM {m.Table} WHERE {where}";
        if (plan.GroupBy == QuestionParser.FirstAndLast)
        {
            // The first and last N days of this measure's own data, each with the dates it covers.
            var n = (plan.Limit ?? 30) - 1;
            var source = m.PerWorkout ? $"SELECT local_date AS date, {e} AS v FROM workouts WHERE TRUE{Discipline(plan, m)}" : $"SELECT date, {e} AS v FROM {m.Table} WHERE {e} IS NOT NULL";
            string Part(string label, string where) =>
                $"SELECT '{label}' AS period, {Round($"{(m.PerWorkout ? $"coalesce({aggregate}(v), 0)" : $"{aggregate}(v)")}", m)} AS value, count(v) AS {Count(m)}, min(date) AS from_day, max(date) AS to_day FROM s, span WHERE {where}";
            return $"WITH s AS ({source}), span AS (SELECT min(date) AS f, max(date) AS l FROM s) " +
                   $"{Part(Label($"your first {n + 1} days of {m.Name} data"), $"date <= f + {n}")} UNION ALL {Part(Label($"your last {n + 1} days of {m.Name} data"), $"date >= l - {n}")}";
        }

        if (plan.GroupBy == "weekend")
        {
            var range = Between(m.DateColumn, plan.From!.Value, plan.To!.Value);
            return $"{Select("weekends", $"{range} AND isodow({m.DateColumn}) >= 6{Discipline(plan, m)}")} UNION ALL {Select("weekdays", $"{range} AND isodow({m.DateColumn}) <= 5{Discipline(plan, m)}")}";
        }

        var first = Where(plan, m);
        var second = Where(plan with { From = plan.From2, To = plan.To2 }, m);
        return $"{Select(Label(plan.RangePhrase), first)} UNION ALL {Select(Label(plan.RangePhrase2), second)}";
    }

    private static string Group(QuestionPlan plan, MetricDef m)
    {
        var d = m.DateColumn;
        var (key, order) = plan.GroupBy switch
        {
            "weekday" => ($"dayname({d})", $"isodow({d})"),
            // Months as people read them ("May 2024"), in calendar order.
            "month" => ($"strftime({d}, '%B %Y')", $"strftime({d}, '%Y-%m')"),
            "week" => ($"strftime(date_trunc('week', {d}), '%Y-%m-%d')", $"strftime(date_trunc('week', {d}), '%Y-%m-%d')"),
            // The workouts' category columns as their labels read (the device's name for the type, Bio's discipline where it gives none; live or on demand).
            "live" => (WorkoutCategory("live"), "1"),
            var other => (WorkoutCategory(other ?? "discipline"), WorkoutCategory(other ?? "discipline")),
        };
        var name = GroupColumn(plan.GroupBy);
        if (m.PerWorkout)
        {
            var aggregate = plan.Aggregate is "avg" or "max" or "min" or "median" ? plan.Aggregate : m.Key == "workouts" ? "count" : "sum";
            var value = m.Key == "workouts" ? "count(*)" : $"{aggregate}({m.Expression})";
            var ranked = plan.GroupBy is "discipline" or "activity" or "instructor" or "live" || plan.Aggregate is "max" or "min";
            var known = plan.GroupBy == "instructor" ? " AND instructor IS NOT NULL" : "";
            return $"SELECT {key} AS {name}, {Round(value, m)} AS value, count(*) AS workouts FROM workouts WHERE {Where(plan, m)}{known} GROUP BY {key}{(key == order || order == "1" ? "" : $", {order}")} " +
                   $"ORDER BY {(ranked ? $"value DESC, {name}" : order)}";
        }

        var agg = plan.Aggregate is "max" or "min" or "median" or "sum" ? plan.Aggregate : "avg";
        return $"SELECT {key} AS {name}, {Round($"{agg}({m.Expression})", m)} AS value, count({m.Expression}) AS days FROM {m.Table} WHERE {Where(plan, m)} AND {m.Expression} IS NOT NULL GROUP BY {key}{(key == order ? "" : $", {order}")} ORDER BY {order}";
    }

    private static string WorkoutCategory(string groupBy) =>
        SchemaVocabulary.Categories.Single(c => c.Table == "workouts" && c.GroupBy == groupBy).Expression;

    /// <summary>A table's rows counted by one of its category columns, most common first.</summary>
    private static string Tally(QuestionPlan plan)
    {
        var category = SchemaVocabulary.Category(plan.Topic!);
        var date = SchemaVocabulary.RowTables.Single(t => t.Table == category.Table).DateColumn;
        var range = plan.From is { } f && plan.To is { } t ? $" AND {Between(date, f, t)}" : "";
        return $"SELECT {category.Expression} AS {category.Column}, count(*) AS count FROM {category.Table} WHERE {category.Expression} IS NOT NULL{range} " +
               $"GROUP BY {category.Expression} ORDER BY count DESC, {category.Column}";
    }

    /// <summary>A row table's rows for the period (all of them without one), in date order.</summary>
    private static string TableRows(QuestionPlan plan)
    {
        var table = SchemaVocabulary.RowTables.Single(t => t.Table == plan.Topic);
        var range = plan.From is { } f && plan.To is { } t ? $" WHERE {Between(table.DateColumn, f, t)}" : "";
        return $"SELECT * FROM {table.Table}{range} ORDER BY {(table.Table == "workouts" ? "start_utc" : table.DateColumn)}";
    }

    /// <summary>The column a grouping's label is in.</summary>
    public static string GroupColumn(string? groupBy) => groupBy switch
    {
        "weekday" => "weekday", "month" => "month", "week" => "week_start", "activity" => "activity", "instructor" => "instructor", "live" => "live", _ => "discipline",
    };

    private static string Trend(QuestionPlan plan, MetricDef m)
    {
        var e = m.Expression;
        var x = $"date_diff('day', DATE '{plan.From:yyyy-MM-dd}', {m.DateColumn})";
        return $"SELECT round(regr_slope({e}, {x}) * 7, 3) AS change_per_week, {Round($"avg({e})", m)} AS mean, count({e}) AS days, round(corr({e}, {x}), 3) AS r FROM {m.Table} WHERE {Where(plan, m)}";
    }

    private static string BestWorkoutType(QuestionPlan plan)
    {
        var condition = plan.ThresholdOp is { } op && plan.Threshold is { } t ? $" AND d.readiness {op} {Number(t)}" : "";
        var range = plan.From is { } f && plan.To is { } to ? $" AND {Between("w.local_date", f, to)}" : "";
        return "SELECT w.discipline, count(*) AS sessions, round(avg(n.readiness), 1) AS mean_next_day_readiness, round(avg(d.readiness), 1) AS mean_readiness_that_morning " +
               "FROM workouts w JOIN daily_readiness_performance d ON d.date = w.local_date " +
               "JOIN daily_readiness_performance n ON n.date = w.local_date + 1 " +
               $"WHERE n.readiness IS NOT NULL AND d.readiness IS NOT NULL{condition}{range} " +
               "GROUP BY w.discipline ORDER BY mean_next_day_readiness DESC, sessions DESC";
    }

    private static string WorkoutList(QuestionPlan plan)
    {
        var m = MetricVocabulary.Get("workouts");
        return $"SELECT local_date, discipline, title, duration_minutes, output_kj, distance_km FROM workouts WHERE {Where(plan, m)} ORDER BY start_utc";
    }

    private static string JournalList(QuestionPlan plan)
    {
        var words = JournalTopics.Get(plan.Topic).Pattern;
        var where = $"{Between("date", plan.From!.Value, plan.To!.Value)} AND question ILIKE '{words}' AND answer";
        return plan.Aggregate switch
        {
            "count" => $"SELECT count(DISTINCT date) AS value FROM journal WHERE {where}",
            // Of the days the question was answered at all, yes or no.
            "share" => $"SELECT count(DISTINCT date) FILTER (WHERE answer) AS value, count(DISTINCT date) AS days FROM journal " +
                       $"WHERE {Between("date", plan.From!.Value, plan.To!.Value)} AND question ILIKE '{words}'",
            _ => $"SELECT date, question, notes FROM journal WHERE {where} ORDER BY date",
        };
    }

    private static string RiskCount(QuestionPlan plan) =>
        "SELECT sum(CASE WHEN level = 'high' THEN 1 ELSE 0 END) AS high_days, sum(CASE WHEN level = 'moderate' THEN 1 ELSE 0 END) AS moderate_days, " +
        $"count(*) AS days FROM overtraining_risk WHERE {Between("date", plan.From!.Value, plan.To!.Value)}";

    /// <summary>The views and columns a label count may read, with the labels each can have.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Labels = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["workout_recommendations.intensity"] = ["rest", "easy", "moderate", "hard"],
        ["energy_state.energy_state"] = ["peak", "high", "moderate", "low"],
        ["hrv_status.status"] = ["below", "within", "above"],
    };

    /// <summary>The parts of a label count's topic ("view.column=value"), checked against <see cref="Labels"/>.</summary>
    public static (string View, string Column, string Value) LabelOf(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var (key, value) = (topic.Split('=')[0], topic.Split('=')[^1]);
        if (!Labels.TryGetValue(key, out var values) || !values.Contains(value, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Unknown label '{topic}'.", nameof(topic));
        }

        return (key.Split('.')[0], key.Split('.')[1], value);
    }

    private static string LabelCount(QuestionPlan plan)
    {
        var (view, column, value) = LabelOf(plan.Topic!);
        return $"SELECT count(*) FILTER (WHERE {column} = '{value}') AS value, count(*) AS days FROM {view} WHERE {Between("date", plan.From!.Value, plan.To!.Value)}";
    }

    /// <summary>The dashboard_30day columns of a metric's 7- and 30-day averages.</summary>
    public static string RollingPrefix(MetricDef m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return m.Key switch { "hrv" => "hrv", "resting_hr" => "rhr", "sleep_score" => "sleep", _ => "readiness" };
    }

    private static string Rolling(QuestionPlan plan, MetricDef m)
    {
        var p = RollingPrefix(m);
        return $"SELECT date, round({p}_avg7d, {m.Decimals + 3}) AS avg7d, round({p}_avg30d, {m.Decimals + 3}) AS avg30d FROM dashboard_30day " +
               $"WHERE date <= DATE '{plan.To:yyyy-MM-dd}' AND {p}_avg7d IS NOT NULL ORDER BY date DESC LIMIT 1";
    }

    /// <summary>The Monday of the last whole ISO week that ends on or before <paramref name="day"/>.</summary>
    public static DateOnly LastWholeWeek(DateOnly day) => day.AddDays(-(int)day.DayOfWeek).AddDays(-6);

    private static string WeekOverWeek(QuestionPlan plan, MetricDef m)
    {
        var column = m.Key switch { "hrv" => "hrv_mean", "resting_hr" => "rhr_mean", "sleep_score" => "sleep_score_mean", "recovery" => "recovery_mean", _ => "readiness_mean" };
        return $"SELECT week, week_start, round({column}, 2) AS value, round(hrv_change_pct, 2) AS hrv_change_pct, trend FROM weekly_trends " +
               $"WHERE week_start <= DATE '{LastWholeWeek(plan.To!.Value):yyyy-MM-dd}' AND {column} IS NOT NULL ORDER BY week_start DESC LIMIT 5";
    }

    private static string Where(QuestionPlan plan, MetricDef m)
    {
        var d = m.DateColumn;
        // A week counts when any of its days falls in the period.
        var where = plan.From is { } f && plan.To is { } t ? d == "week_start" ? Between(d, f.AddDays(-6), t) : Between(d, f, t) : "TRUE";
        where += plan.Days switch
        {
            "weekends" => $" AND isodow({d}) >= 6",
            "weekdays" => $" AND isodow({d}) <= 5",
            _ => "",
        };
        return where + Discipline(plan, m);
    }

    private static string Discipline(QuestionPlan plan, MetricDef m) =>
        (m.PerWorkout && plan.Discipline is { } discipline && MetricVocabulary.Disciplines.Any(x => x.Discipline == discipline) ? $" AND discipline = '{discipline}'" : "")
        + (m.PerWorkout ? plan.Condition switch { "live" => " AND live", "on_demand" => " AND NOT live", _ => "" } : "");

    private static string Condition(string expression, QuestionPlan plan) => $"{expression} {plan.ThresholdOp} {Number(plan.Threshold!.Value)}";

    private static string Between(string column, DateOnly from, DateOnly to) =>
        $"{column} BETWEEN DATE '{from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}' AND DATE '{to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}'";

    private static string Round(string expression, MetricDef m) => $"round({expression}, {m.Decimals + 3})";

    private static string Count(MetricDef m) => m.PerWorkout ? "workouts" : "days";

    private static string Label(string? phrase) => (phrase ?? "period").Replace("'", "", StringComparison.Ordinal);

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}

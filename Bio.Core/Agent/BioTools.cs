using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Bio.Core.Analytics;
using Bio.Core.Forecasting;
using Bio.Core.Query;
using Bio.Core.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Bio.Core.Agent;

/// <summary>
/// The agent's tools, a Semantic Kernel plugin over one person's grain. It is built for one request
/// with that person's grain reference and nothing else, so no tool can reach anyone else's data: none
/// takes a user id. The offline engine and a chat model call the same functions.
/// </summary>
public sealed class BioTools(IUserGrain user, DateOnly today)
{
    public const string PluginName = "bio";

    [KernelFunction("get_day_status")]
    [Description("Bio's status for one day: Bio readiness 0-100 with its contributors, the device's readiness, the energy state, " +
                 "HRV against the person's normal range, training load (fitness, fatigue, form), overtraining risk with the reasons that fired, " +
                 "that day's anomalies and the recommended training intensity with its reason. Use for 'how am I', 'should I train', 'what should I do today'.")]
    public Task<DayStatus> GetDayStatusAsync(
        [Description("The day as yyyy-MM-dd; omit for the latest day with data.")] string? date = null) =>
        user.GetStatusAsync(Day(date, nameof(date)));

    [KernelFunction("get_plan")]
    [Description("The person's training plan for the seven days from their today: each day's session (rest, easy, moderate, hard), discipline, minutes, " +
                 "target load, the rule that chose it (HRV-guided, form band, no two hard days in a row, fitness ramp, illness, ratings, rest day) and why; " +
                 "and three days of fuel targets. Use for 'what should I train this week', 'my plan for tomorrow', 'should I go hard today'.")]
    public Task<Plans.TrainingPlan> GetPlanAsync() => user.GetPlanAsync();

    [KernelFunction("get_overtraining_risk")]
    [Description("Per-day overtraining risk (low, moderate, high) with the rules that fired, from the overtraining_risk view. " +
                 "Default: the last 14 days of data. Use for 'am I overtraining', 'am I overdoing it'.")]
    public Task<JsonElement> GetOvertrainingRiskAsync(
        [Description("First day, yyyy-MM-dd (optional).")] string? from = null,
        [Description("Last day, yyyy-MM-dd (optional).")] string? to = null) =>
        GoldAsync("overtraining_risk", from, to, 14);

    [KernelFunction("get_anomalies")]
    [Description("Flagged days: low HRV, low readiness, high resting heart rate, early illness signals (tier 'alert', not a diagnosis) " +
                 "and missed-workout streaks, each with how far from the person's normal and why. Default: the last 30 days of data.")]
    public Task<JsonElement> GetAnomaliesAsync(
        [Description("First day, yyyy-MM-dd (optional).")] string? from = null,
        [Description("Last day, yyyy-MM-dd (optional).")] string? to = null) =>
        GoldAsync("anomalies", from, to, 30);

    [KernelFunction("get_hrv_status")]
    [Description("Per-day HRV status: ln HRV, its 7-day mean, the 60-day baseline and normal range (ln ms), the 7-day CV, and whether the 7-day mean is below, within or above the normal range. Default: the last 14 days.")]
    public Task<JsonElement> GetHrvStatusAsync(
        [Description("First day, yyyy-MM-dd (optional).")] string? from = null,
        [Description("Last day, yyyy-MM-dd (optional).")] string? to = null) =>
        GoldAsync("hrv_status", from, to, 14);

    [KernelFunction("get_metric_summary")]
    [Description("Mean, minimum, maximum and number of days of one daily metric over a date range. Metrics: hrv, resting_hr, readiness, bio_readiness, " +
                 "sleep_score, sleep (hours), deep_sleep, rem_sleep (minutes), respiratory_rate, skin_temp, spo2, steps, active_kcal, load, fitness, fatigue, form, acwr.")]
    public async Task<JsonElement> GetMetricSummaryAsync(
        [Description("The metric's key, e.g. hrv.")] string metric,
        [Description("First day, yyyy-MM-dd.")] string from,
        [Description("Last day, yyyy-MM-dd.")] string to)
    {
        var m = MetricVocabulary.All.FirstOrDefault(x => string.Equals(x.Key, metric, StringComparison.OrdinalIgnoreCase) && !x.PerWorkout)
                ?? throw new ArgumentException($"Unknown metric '{metric}'. Known: {string.Join(", ", MetricVocabulary.All.Where(x => !x.PerWorkout).Select(x => x.Key))}.");
        var (f, t) = (Day(from, nameof(from)) ?? today.AddDays(-29), Day(to, nameof(to)) ?? today);
        var sql = $"SELECT '{m.Key}' AS metric, '{m.Unit}' AS unit, round(avg({m.Expression}), 2) AS mean, round(min({m.Expression}), 2) AS min, " +
                  $"round(max({m.Expression}), 2) AS max, count({m.Expression}) AS days FROM {m.Table} " +
                  $"WHERE date BETWEEN DATE '{f:yyyy-MM-dd}' AND DATE '{t:yyyy-MM-dd}'";
        return Parse(await user.QueryAsync(sql));
    }

    [KernelFunction("get_forecast")]
    [Description("The HRV forecast for the next seven mornings after the latest day with data: each day's HRV (ms) with 80 % and 95 % intervals, " +
                 "the method served and why, the drivers of tomorrow's number and the recent accuracy. Use for 'will my HRV recover by Friday'.")]
    public Task<HrvForecast> GetForecastAsync() => user.GetForecastAsync();

    [KernelFunction("get_forecast_accuracy")]
    [Description("How far off the next-day HRV forecasts have been: every issued forecast with what was measured, the rolling 28-day accuracy, " +
                 "why the served method changed, and the walk-forward backtest of the last 90 measured mornings (what Bio would have forecast each " +
                 "morning from the days before it only; mark it as a backtest). Use for 'how accurate are my forecasts', 'can I trust the forecast'.")]
    public Task<ForecastHistory> GetForecastAccuracyAsync() => user.GetForecastHistoryAsync();

    [KernelFunction("get_insights")]
    [Description("The five insights with their statistics: sleep and next-day readiness (Pearson r), workout type and next-day readiness, " +
                 "the readiness trend, the anomaly timeline, hard days and next-day readiness (Mann-Whitney U). Optional date range.")]
    public async Task<IReadOnlyList<Insight>> GetInsightsAsync(
        [Description("First day, yyyy-MM-dd (optional).")] string? from = null,
        [Description("Last day, yyyy-MM-dd (optional).")] string? to = null) =>
        await user.GetInsightsAsync(Day(from, nameof(from)), Day(to, nameof(to)));

    [KernelFunction("get_journal_effects")]
    [Description("What each journal behaviour (alcohol, late caffeine, stress, illness, travel, late meal, meditation, and a WHOOP journal's own questions) " +
                 "and each daily rating (high energy, good mood, a hard day) goes with the next morning: HRV (rMSSD, ms), resting HR, the device's own recovery or readiness " +
                 "under its device's name, sleep minutes. Per pair: days with and without, the two means, the difference with a 95 % interval (Welch), the difference " +
                 "adjusted for weekday, the previous day's training load and illness (least squares) with its 95 % interval, a Benjamini-Hochberg verdict at a 10 % " +
                 "false-discovery rate, 'not enough days yet' below 10 days of either, and each journal source's timing rule (which night a journal day is compared with). " +
                 "Use for 'does alcohol affect my HRV', 'what do my habits do to my sleep'. An association, not a cause.")]
    public async Task<Journal.JournalEffectsReport> GetJournalEffectsAsync(
        [Description("First morning, yyyy-MM-dd (optional).")] string? from = null,
        [Description("Last morning, yyyy-MM-dd (optional).")] string? to = null) =>
        await user.GetJournalEffectsAsync(Day(from, nameof(from)), Day(to, nameof(to)));

    [KernelFunction("get_weekly_summary")]
    [Description("One ISO week (Monday to Sunday) in numbers: mean HRV, resting HR, sleep score and readiness against the week before, " +
                 "workouts and load, high-risk days and anomalies. Default: the last complete week.")]
    public async Task<JsonElement> GetWeeklySummaryAsync(
        [Description("Any day of the week, yyyy-MM-dd (optional).")] string? day = null)
    {
        var d = Day(day, nameof(day)) ?? today.AddDays(-7);
        var monday = d.AddDays(-(((int)d.DayOfWeek + 6) % 7));
        var sunday = monday.AddDays(6);
        var sql = WeeklySummarySql(monday, sunday);
        return Parse(await user.QueryAsync(sql));
    }

    [KernelFunction("get_weekly_report")]
    [Description("The person's weekly report for an ISO week (Monday to Sunday): its narrative, next week's recommendations, the week's " +
                 "means against the three weeks before, the HRV status, load and risk at the week's end, the anomalies and how the forecasts did. " +
                 "Written on demand when there is none yet. Default: the last complete week.")]
    public async Task<Reports.WeeklyReportSummary> GetWeeklyReportAsync(
        [Description("The Sunday the week ends on, yyyy-MM-dd (optional).")] string? weekEnding = null)
    {
        var week = Day(weekEnding, nameof(weekEnding)) ?? Reports.WeeklyReports.LastCompleteWeekEnding(today);
        var stored = await user.GetReportAsync(week) ?? await user.GenerateReportAsync(week, Reports.WeeklyReports.OnDemand);
        return Reports.WeeklyReportSummary.Of(stored.Report);
    }

    /// <summary>The SQL behind the weekly summary (one row).</summary>
    public static string WeeklySummarySql(DateOnly monday, DateOnly sunday)
    {
        string Range(string column, DateOnly a, DateOnly b) => $"{column} BETWEEN DATE '{a:yyyy-MM-dd}' AND DATE '{b:yyyy-MM-dd}'";
        var previous = (monday.AddDays(-7), monday.AddDays(-1));
        return "SELECT " +
               $"DATE '{monday:yyyy-MM-dd}' AS week_start, DATE '{sunday:yyyy-MM-dd}' AS week_end, " +
               $"(SELECT round(avg(hrv_rmssd_ms), 1) FROM daily WHERE {Range("date", monday, sunday)}) AS hrv_mean, " +
               $"(SELECT round(avg(hrv_rmssd_ms), 1) FROM daily WHERE {Range("date", previous.Item1, previous.Item2)}) AS hrv_mean_week_before, " +
               $"(SELECT round(avg(resting_hr_bpm), 1) FROM daily WHERE {Range("date", monday, sunday)}) AS rhr_mean, " +
               $"(SELECT round(avg(resting_hr_bpm), 1) FROM daily WHERE {Range("date", previous.Item1, previous.Item2)}) AS rhr_mean_week_before, " +
               $"(SELECT round(avg(sleep_minutes) / 60, 2) FROM daily WHERE {Range("date", monday, sunday)}) AS sleep_hours_mean, " +
               $"(SELECT round(avg(readiness_score), 1) FROM daily WHERE {Range("date", monday, sunday)}) AS readiness_mean, " +
               $"(SELECT round(avg(readiness_score), 1) FROM daily WHERE {Range("date", previous.Item1, previous.Item2)}) AS readiness_mean_week_before, " +
               $"(SELECT round(avg(recovery_score), 1) FROM daily WHERE {Range("date", monday, sunday)}) AS recovery_mean, " +
               $"(SELECT round(avg(recovery_score), 1) FROM daily WHERE {Range("date", previous.Item1, previous.Item2)}) AS recovery_mean_week_before, " +
               $"(SELECT count(*) FROM workouts WHERE {Range("local_date", monday, sunday)}) AS workouts, " +
               $"(SELECT coalesce(sum(duration_minutes), 0) FROM workouts WHERE {Range("local_date", monday, sunday)}) AS workout_minutes, " +
               $"(SELECT round(sum(load), 0) FROM training_load WHERE {Range("date", monday, sunday)}) AS load, " +
               $"(SELECT count(*) FROM overtraining_risk WHERE level = 'high' AND {Range("date", monday, sunday)}) AS high_risk_days, " +
               $"(SELECT count(*) FROM anomalies WHERE {Range("date", monday, sunday)}) AS anomalies";
    }

    [KernelFunction("query_sql")]
    [Description("Runs one read-only SELECT (DuckDB SQL) over the person's own tables and returns {columns, rows, truncated}. " +
                 "Call get_schema first for the tables and columns. Dates are DATE values (DATE '2026-05-01').")]
    public async Task<JsonElement> QuerySqlAsync([Description("One SELECT statement.")] string sql) => Parse(await user.QueryAsync(sql));

    [KernelFunction("get_schema")]
    [Description("The person's tables (silver: daily, workouts, journal; gold views) with every column and what it means.")]
    public async Task<string> GetSchemaAsync()
    {
        var text = new StringBuilder();
        foreach (var table in await user.GetSchemaAsync())
        {
            text.Append(CultureInfo.InvariantCulture, $"{table.Name} ({table.Layer}, {table.Rows} rows): {table.Description}\n");
            foreach (var column in table.Columns)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {column.Name} {column.Type}: {column.Description}\n");
            }
        }

        return text.ToString();
    }

    /// <summary>The intents a model may fill a plan for: the ones the offline engine compiles to SQL.</summary>
    private static readonly HashSet<string> PlanIntents = new(StringComparer.Ordinal)
    {
        Intents.Aggregate, Intents.Value, Intents.ThresholdList, Intents.ThresholdCount, Intents.Group, Intents.Trend, Intents.Correlate, Intents.Streak, Intents.Rank,
    };

    [KernelFunction("answer_plan")]
    [Description("Answer with Bio's own question plan, the way Bio's offline engine reads questions: it writes the SQL, runs it and says the answer " +
                 "with the dates it covers. Prefer it to query_sql. intent: aggregate, value, threshold_list, threshold_count, group, trend, correlate, streak, rank. " +
                 "metric (and metric2 for correlate or to pick the days): a measure's key from get_schema's vocabulary, e.g. hrv, resting_hr, sleep, steps, recovery, " +
                 "workout_hr. aggregate: avg, sum, median, max, min, count, stddev. filterOp/filterValue: days where metric2 compares so (filterLag 1: the morning after). " +
                 "thresholdOp/threshold: on metric itself (threshold_list, threshold_count, streak). groupBy: weekday, month, week, discipline (Bio's), activity (the device's type), instructor, live.")]
    public async Task<JsonElement> AnswerPlanAsync(
        Kernel kernel,
        [Description("The plan's intent.")] string intent,
        [Description("The measure's key.")] string metric,
        [Description("First day, yyyy-MM-dd (optional: all the data).")] string? from = null,
        [Description("Last day, yyyy-MM-dd (optional).")] string? to = null,
        [Description("avg, sum, median, max, min, count or stddev (optional).")] string? aggregate = null,
        [Description("A second measure's key (optional).")] string? metric2 = null,
        [Description("<, <=, > or >= on metric2 (optional).")] string? filterOp = null,
        [Description("The number metric2 is compared with (optional).")] double? filterValue = null,
        [Description("0: the same date; 1: the day before (optional).")] int filterLag = 0,
        [Description("<, <=, > or >= on metric (optional).")] string? thresholdOp = null,
        [Description("The number metric is compared with (optional).")] double? threshold = null,
        [Description("weekday, month, week, discipline, activity, instructor or live (optional).")] string? groupBy = null,
        [Description("A discipline: running, cycling, strength, swimming, rowing, walking, mobility, mindfulness (optional).")] string? discipline = null,
        [Description("How many days for rank, 1-50 (optional).")] int? limit = null)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        string[] ops = ["<", "<=", ">", ">="];
        if (!PlanIntents.Contains(intent))
        {
            throw new ArgumentException($"Unknown intent '{intent}'. Known: {string.Join(", ", PlanIntents)}.");
        }

        MetricDef Known(string key) => MetricVocabulary.All.FirstOrDefault(m => m.Key == key)
            ?? throw new ArgumentException($"Unknown metric '{key}'. Known: {string.Join(", ", MetricVocabulary.All.Select(m => m.Key))}.");
        Known(metric);
        if (metric2 is not null)
        {
            Known(metric2);
        }

        if (aggregate is not null and not ("avg" or "sum" or "median" or "max" or "min" or "count" or "stddev")
            || filterOp is not null && !ops.Contains(filterOp) || thresholdOp is not null && !ops.Contains(thresholdOp)
            || filterLag is not (0 or 1) || limit is < 1 or > 50
            || groupBy is not null and not ("weekday" or "month" or "week" or "discipline" or "activity" or "instructor" or "live")
            || discipline is not null && MetricVocabulary.Disciplines.All(d => d.Discipline != discipline)
            || intent == Intents.Correlate && metric2 is null || metric2 is not null && intent != Intents.Correlate && (filterOp is null || filterValue is null)
            || intent is Intents.ThresholdList or Intents.ThresholdCount && (thresholdOp is null || threshold is null))
        {
            throw new ArgumentException("The plan's parts do not fit together: see the tool's description for each.");
        }

        var first = Day(from, nameof(from)) ?? today.AddYears(-10);
        var last = Day(to, nameof(to)) ?? today;
        var plan = new QuestionPlan(intent, metric, first, last, from is null && to is null ? QuestionParser.AllData : null, Aggregate: aggregate,
            ThresholdOp: thresholdOp, Threshold: threshold, Discipline: discipline, GroupBy: groupBy, Metric2: metric2, FilterOp: filterOp,
            FilterValue: filterValue, FilterLag: filterLag, Limit: limit);
        var result = await OfflineEngine.AnswerAsync(kernel, plan, today, null);
        return Parse(JsonSerializer.Serialize(new { answer = result.Text, kind = result.Kind, sql = result.Sql, rows = JsonDocument.Parse(result.RowsJson).RootElement }));
    }

    private async Task<JsonElement> GoldAsync(string view, string? from, string? to, int defaultDays)
    {
        var t = Day(to, nameof(to));
        var f = Day(from, nameof(from));
        if (f is null && t is null)
        {
            t = today;
            f = today.AddDays(-(defaultDays - 1));
        }

        var json = await user.GetGoldAsync(view, f, t) ?? "[]";
        return Parse(json);
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static DateOnly? Day(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new ArgumentException($"{name} must be a date as yyyy-MM-dd, not '{text}'.");
    }

    /// <summary>A kernel for one request: these tools, the audit filter, and the chat service when there is one.</summary>
    public static Kernel Kernel(BioTools tools, ToolAudit audit, Microsoft.Extensions.AI.IChatClient? chat = null)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(audit);
        var builder = Microsoft.SemanticKernel.Kernel.CreateBuilder();
        if (chat is not null)
        {
            // Kernel function invocation: the model's tool calls run through this kernel, so its filters (the audit) see them.
            var invoking = new Microsoft.Extensions.AI.ChatClientBuilder(chat).UseKernelFunctionInvocation().Build();
            builder.Services.AddSingleton<Microsoft.SemanticKernel.ChatCompletion.IChatCompletionService>(invoking.AsChatCompletionService());
        }

        builder.Plugins.AddFromObject(tools, PluginName);
        var kernel = builder.Build();
        kernel.FunctionInvocationFilters.Add(audit);
        return kernel;
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bio.Core.Agent;

namespace Bio.Tests.Agent;

/// <summary>
/// The offline engine's question benchmark: questions over the fixed person of <see cref="AgentFixture"/>
/// ("today" is Wednesday 2026-06-17, data to 2026-06-16), each with its expected result written by hand
/// here, as SQL over the person's tables, independently of the engine's own SQL. A case passes when the
/// final answer carries the expected result: the numbers in its text (dates set aside), the dates in
/// its rows, the words (a weekday, a discipline, a level), or an honest "can't answer"/refusal.
/// Execution accuracy is printed and must stay at or above 90 %.
/// </summary>
[Collection(AgentCollection.Name)]
public sealed partial class QuestionBenchmarkTests(AgentFixture fixture, ITestOutputHelper output)
{
    // The person's calendar on 2026-06-17 (ISO weeks, Monday first).
    private const string LastWeek = "BETWEEN DATE '2026-06-08' AND DATE '2026-06-14'";
    private const string WeekBefore = "BETWEEN DATE '2026-06-01' AND DATE '2026-06-07'";
    private const string ThisWeek = "BETWEEN DATE '2026-06-15' AND DATE '2026-06-17'";
    private const string LastMonth = "BETWEEN DATE '2026-05-01' AND DATE '2026-05-31'";
    private const string April = "BETWEEN DATE '2026-04-01' AND DATE '2026-04-30'";
    private const string March = "BETWEEN DATE '2026-03-01' AND DATE '2026-03-31'";
    private const string ThisMonth = "BETWEEN DATE '2026-06-01' AND DATE '2026-06-17'";
    // Rolling periods before today's data has synced: the whole days up to yesterday.
    private const string Last30 = "BETWEEN DATE '2026-05-18' AND DATE '2026-06-16'";
    private const string Past2Weeks = "BETWEEN DATE '2026-06-03' AND DATE '2026-06-16'";
    private const string ThisYear = "BETWEEN DATE '2026-01-01' AND DATE '2026-06-17'";
    private const string SinceApril = "BETWEEN DATE '2026-04-01' AND DATE '2026-06-17'";
    private const string SinceMarch = "BETWEEN DATE '2026-03-01' AND DATE '2026-06-17'";
    private const string Past3Months = "BETWEEN DATE '2026-03-17' AND DATE '2026-06-16'";
    // No date in the question: all of the person's data (the answer says so); "lately": the last 30 days.
    private const string AllData = "<= DATE '2026-06-16'";
    private const string Lately = "BETWEEN DATE '2026-05-19' AND DATE '2026-06-17'";
    private const string Yesterday = "DATE '2026-06-16'";

    /// <summary>What a case expects of the final answer.</summary>
    public abstract record Expect;

    /// <summary>Every value of the query's first row appears as a number in the answer's text, within the tolerance.</summary>
    public sealed record Numbers(string Sql, double Tolerance) : Expect;

    /// <summary>The answer's rows hold exactly the query's dates (first column), and their count is in the text.</summary>
    public sealed record Dates(string Sql) : Expect;

    /// <summary>Every text value of the query's first row appears in the answer's text.</summary>
    public sealed record Words(string Sql) : Expect;

    /// <summary>The answer's rows equal the query's rows.</summary>
    public sealed record Rows(string Sql) : Expect;

    /// <summary>The answer is of this kind (cannot_answer, refused) and says so in words.</summary>
    public sealed record Kind(string AnswerKind) : Expect;

    /// <summary>The forecast for one day (from the person's forecast), in whole ms.</summary>
    public sealed record ForecastFor(DateOnly Day) : Expect;

    /// <summary>
    /// The next-day forecasts' record: the mean absolute error (ms) of the forecasts and of the 7-day mean over the
    /// scored live forecasts, or the backtest's measured mornings before any is scored (and then the word "backtest").
    /// </summary>
    public sealed record ForecastRecord : Expect;

    /// <summary>Expectations that must all hold.</summary>
    public sealed record All(params Expect[] Parts) : Expect;

    public sealed record Question(string Category, string[] Questions, Expect Expect)
    {
        public override string ToString() => string.Join(" / ", Questions);
    }

    private static Question Q(string category, string question, Expect expect) => new(category, [question], expect);

    private static Question Q(string category, string[] questions, Expect expect) => new(category, questions, expect);

    private static Numbers N0(string sql) => new(sql, 0.51);

    private static Numbers N1(string sql) => new(sql, 0.051);

    private static Numbers N2(string sql) => new(sql, 0.0051);

    public static readonly IReadOnlyList<Question> Cases =
    [
        // Aggregates over date phrases.
        Q("aggregate", "What was my average readiness last week?", N1($"SELECT avg(readiness) FROM daily_readiness_performance WHERE date {LastWeek}")),
        Q("aggregate", "What was my average HRV last week?", N1($"SELECT avg(hrv_rmssd_ms) FROM daily WHERE date {LastWeek}")),
        Q("aggregate", "Average resting heart rate last month", N1($"SELECT avg(resting_hr_bpm) FROM daily WHERE date {LastMonth}")),
        Q("aggregate", "How many hours did I sleep on average in the last 30 days?", N2($"SELECT avg(sleep_minutes) / 60 FROM daily WHERE date {Last30}")),
        Q("aggregate", "What was my highest HRV this year?", N1($"SELECT max(hrv_rmssd_ms) FROM daily WHERE date {ThisYear}")),
        Q("aggregate", "What was my lowest resting heart rate in March?", N1($"SELECT min(resting_hr_bpm) FROM daily WHERE date {March}")),
        Q("aggregate", "How many steps did I take in total last week?", N0($"SELECT sum(steps) FROM daily WHERE date {LastWeek}")),
        Q("aggregate", "What's my median sleep score since April?", N1($"SELECT median(sleep_score) FROM daily WHERE date {SinceApril}")),
        Q("aggregate", "What's my average HRV?", N1($"SELECT avg(hrv_rmssd_ms) FROM daily WHERE date {AllData}")),
        Q("aggregate", "How many workouts did I do last month?", N0($"SELECT count(*) FROM workouts WHERE local_date {LastMonth}")),
        Q("aggregate", "How many runs did I do this year?", N0($"SELECT count(*) FROM workouts WHERE discipline = 'running' AND local_date {ThisYear}")),
        Q("aggregate", "How many minutes did I train last week?", N0($"SELECT sum(duration_minutes) FROM workouts WHERE local_date {LastWeek}")),
        Q("aggregate", "What was my total running distance last month?", N1($"SELECT sum(distance_km) FROM workouts WHERE discipline = 'running' AND local_date {LastMonth}")),
        Q("aggregate", "What was my average deep sleep last week?", N0($"SELECT avg(deep_minutes) FROM daily WHERE date {LastWeek}")),
        Q("aggregate", "Average REM sleep in May", N0($"SELECT avg(rem_minutes) FROM daily WHERE date {LastMonth}")),
        Q("aggregate", "What was my average respiratory rate over the past 2 weeks?", N1($"SELECT avg(respiratory_rate) FROM daily WHERE date {Past2Weeks}")),
        Q("aggregate", "average skin temperature deviation last month", N2($"SELECT avg(skin_temp_dev_c) FROM daily WHERE date {LastMonth}")),
        Q("aggregate", "What was my average Bio readiness last week?", N1($"SELECT avg(readiness) FROM energy_state WHERE date {LastWeek}")),
        Q("aggregate", "What was my total training load last week?", N1($"SELECT sum(load) FROM training_load WHERE date {LastWeek}")),
        Q("aggregate", "What was my fitness on 2026-06-16?", N1($"SELECT fitness FROM training_load WHERE date = {Yesterday}")),
        Q("aggregate", "What was my form yesterday?", N1($"SELECT form FROM training_load WHERE date = {Yesterday}")),
        Q("aggregate", "What was my ACWR yesterday?", N2($"SELECT acwr FROM training_load WHERE date = {Yesterday}")),
        Q("aggregate", "What was my HRV yesterday?", N1($"SELECT hrv_rmssd_ms FROM daily WHERE date = {Yesterday}")),
        Q("aggregate", "What was my resting heart rate on June 1st?", N1("SELECT resting_hr_bpm FROM daily WHERE date = DATE '2026-06-01'")),
        Q("aggregate", "How long did I sleep last night?", N2($"SELECT sleep_minutes / 60 FROM daily WHERE date = {Yesterday}")), // nothing synced today yet: the latest night
        Q("aggregate", "How long did I sleep yesterday?", N2($"SELECT sleep_minutes / 60 FROM daily WHERE date = {Yesterday}")),
        Q("aggregate", "What was my average sleep score on weekends last month?", N1($"SELECT avg(sleep_score) FROM daily WHERE date {LastMonth} AND isodow(date) >= 6")),
        Q("aggregate", "Average HRV on weekdays in May", N1($"SELECT avg(hrv_rmssd_ms) FROM daily WHERE date {LastMonth} AND isodow(date) <= 5")),
        Q("aggregate", "Average fatigue this month", N1($"SELECT avg(fatigue) FROM training_load WHERE date {ThisMonth}")),
        Q("aggregate", "What was my highest training strain last month?", N0($"SELECT max(strain) FROM training_load WHERE date {LastMonth}")),
        Q("aggregate", "What was my average monotony last week?", N2($"SELECT avg(monotony) FROM training_load WHERE date {LastWeek}")),
        Q("aggregate", "What was my longest workout last month?", N0($"SELECT max(duration_minutes) FROM workouts WHERE local_date {LastMonth}")),
        Q("aggregate", "How many steps did I average per day this year?", N0($"SELECT avg(steps) FROM daily WHERE date {ThisYear}")),
        Q("aggregate", "What was my average sleep between 2026-04-10 and 2026-04-20?", N2("SELECT avg(sleep_minutes) / 60 FROM daily WHERE date BETWEEN DATE '2026-04-10' AND DATE '2026-04-20'")),
        Q("aggregate", "What was my average HRV in the past 3 months?", N1($"SELECT avg(hrv_rmssd_ms) FROM daily WHERE date {Past3Months}")),
        Q("aggregate", "Total workout time this week", N0($"SELECT coalesce(sum(duration_minutes), 0) FROM workouts WHERE local_date {ThisWeek}")),
        Q("aggregate", "What was my average readiness last year?", N1("SELECT avg(readiness) FROM daily_readiness_performance WHERE date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'")),

        // Thresholds.
        Q("threshold", "Show me days where my readiness dropped below 70", new Dates($"SELECT date FROM daily_readiness_performance WHERE readiness < 70 AND date {AllData} ORDER BY date")),
        Q("threshold", "On how many days last month was my HRV below 45 ms?", N0($"SELECT count(*) FROM daily WHERE hrv_rmssd_ms < 45 AND date {LastMonth}")),
        Q("threshold", "How many days did I sleep less than 7 hours in the last 30 days?", N0($"SELECT count(*) FROM daily WHERE sleep_minutes < 420 AND date {Last30}")),
        Q("threshold", "Days with more than 12,000 steps last month", new Dates($"SELECT date FROM daily WHERE steps > 12000 AND date {LastMonth} ORDER BY date")),
        Q("threshold", "How many days was my resting heart rate above 55 bpm this month?", N0($"SELECT count(*) FROM daily WHERE resting_hr_bpm > 55 AND date {ThisMonth}")),
        Q("threshold", "List workouts longer than 60 minutes last month", new Dates($"SELECT local_date FROM workouts WHERE duration_minutes > 60 AND local_date {LastMonth} ORDER BY start_utc")),
        Q("threshold", "How many days this year did my sleep score go over 85?", N0($"SELECT count(*) FROM daily WHERE sleep_score > 85 AND date {ThisYear}")),
        Q("threshold", "When was my readiness at least 80 in May?", new Dates($"SELECT date FROM daily_readiness_performance WHERE readiness >= 80 AND date {LastMonth} ORDER BY date")),
        Q("threshold", "How many days since March did my HRV go above 60?", N0($"SELECT count(*) FROM daily WHERE hrv_rmssd_ms > 60 AND date {SinceMarch}")),
        Q("threshold", "Which days last week did I get fewer than 8000 steps?", new Dates($"SELECT date FROM daily WHERE steps < 8000 AND date {LastWeek} ORDER BY date")),

        // Comparisons.
        Q("compare", "Compare my HRV last week vs the week before", N1($"SELECT (SELECT avg(hrv_rmssd_ms) FROM daily WHERE date {LastWeek}), (SELECT avg(hrv_rmssd_ms) FROM daily WHERE date {WeekBefore})")),
        Q("compare", "Was my resting heart rate higher this month than last month?", N1($"SELECT (SELECT avg(resting_hr_bpm) FROM daily WHERE date {ThisMonth}), (SELECT avg(resting_hr_bpm) FROM daily WHERE date {LastMonth})")),
        Q("compare", "How does my sleep on weekends compare to weekdays?", N2($"SELECT (SELECT avg(sleep_minutes) / 60 FROM daily WHERE date {AllData} AND isodow(date) >= 6), (SELECT avg(sleep_minutes) / 60 FROM daily WHERE date {AllData} AND isodow(date) <= 5)")),
        Q("compare", "Did I run more in May than in April?", N0($"SELECT (SELECT count(*) FROM workouts WHERE discipline = 'running' AND local_date {LastMonth}), (SELECT count(*) FROM workouts WHERE discipline = 'running' AND local_date {April})")),
        Q("compare", "Compare my readiness this week with last week", N1($"SELECT (SELECT avg(readiness) FROM daily_readiness_performance WHERE date {ThisWeek}), (SELECT avg(readiness) FROM daily_readiness_performance WHERE date {LastWeek})")),
        Q("compare", "Is my HRV on weekends higher than on weekdays last month?", N1($"SELECT (SELECT avg(hrv_rmssd_ms) FROM daily WHERE date {LastMonth} AND isodow(date) >= 6), (SELECT avg(hrv_rmssd_ms) FROM daily WHERE date {LastMonth} AND isodow(date) <= 5)")),
        Q("compare", "How did my steps in March compare with April?", N0($"SELECT (SELECT avg(steps) FROM daily WHERE date {March}), (SELECT avg(steps) FROM daily WHERE date {April})")),

        // Follow-ups in one conversation.
        Q("follow-up", ["What was my average HRV last week?", "And the week before?"], N1($"SELECT avg(hrv_rmssd_ms) FROM daily WHERE date {WeekBefore}")),
        Q("follow-up", ["What was my average readiness last month?", "What about resting heart rate?"], N1($"SELECT avg(resting_hr_bpm) FROM daily WHERE date {LastMonth}")),
        Q("follow-up", ["Show me days where my readiness dropped below 70 last month", "How many were there?"], N0($"SELECT count(*) FROM daily_readiness_performance WHERE readiness < 70 AND date {LastMonth}")),
        Q("follow-up", ["How many workouts did I do last week?", "and the week before?"], N0($"SELECT count(*) FROM workouts WHERE local_date {WeekBefore}")),
        Q("follow-up", ["Average HRV in March", "and in April?"], N1($"SELECT avg(hrv_rmssd_ms) FROM daily WHERE date {April}")),
        Q("follow-up", ["What was my average sleep last week?", "How does that compare to the week before?"], N2($"SELECT (SELECT avg(sleep_minutes) / 60 FROM daily WHERE date {LastWeek}), (SELECT avg(sleep_minutes) / 60 FROM daily WHERE date {WeekBefore})")),
        Q("follow-up", ["How many runs did I do last month?", "And strength sessions?"], N0($"SELECT count(*) FROM workouts WHERE discipline = 'strength' AND local_date {LastMonth}")),
        Q("follow-up", ["What was my average HRV last week?", "and resting heart rate?", "and the week before?"], N1($"SELECT avg(resting_hr_bpm) FROM daily WHERE date {WeekBefore}")),
        Q("follow-up", ["What was my average sleep score last month?", "and on weekends?"], N1($"SELECT avg(sleep_score) FROM daily WHERE date {LastMonth} AND isodow(date) >= 6")),
        Q("follow-up", ["How long did I sleep yesterday?", "Does alcohol affect my HRV?"], N1("""
            SELECT (SELECT avg(hrv_rmssd_ms) FROM daily WHERE date IN (SELECT date FROM journal WHERE question ILIKE '%alcohol%' AND answer)),
                   (SELECT avg(hrv_rmssd_ms) FROM daily WHERE date NOT IN (SELECT date FROM journal WHERE question ILIKE '%alcohol%' AND answer))
            """)),
        Q("follow-up", ["Am I overtraining?", "What about my HRV last week?"], N1($"SELECT avg(hrv_rmssd_ms) FROM daily WHERE date {LastWeek}")),
        // A new question in a conversation keeps its own period (here: none, so all the data), not the one before.
        Q("follow-up", ["What was my average HRV last week?", "What's my average resting heart rate?"], N1($"SELECT avg(resting_hr_bpm) FROM daily WHERE date {AllData}")),
        Q("follow-up", ["How many workouts did I do last month?", "How many workouts have I done?"], N0($"SELECT count(*) FROM workouts WHERE local_date {AllData}")),

        // Grouping and trends.
        Q("group", "Which day of the week is my HRV highest?", new Words($"SELECT dayname(date) FROM daily WHERE date {AllData} AND hrv_rmssd_ms IS NOT NULL GROUP BY 1 ORDER BY avg(hrv_rmssd_ms) DESC LIMIT 1")),
        Q("group", "Average readiness by month this year", new Words($"SELECT strftime(date, '%B %Y') FROM daily_readiness_performance WHERE date {ThisYear} AND readiness IS NOT NULL GROUP BY 1 ORDER BY avg(readiness) DESC LIMIT 1")),
        Q("group", "Which workout type did I do most last month?", new Words($"SELECT discipline FROM workouts WHERE local_date {LastMonth} GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")),
        Q("group", "What day of the week do I sleep the most?", new Words($"SELECT dayname(date) FROM daily WHERE date {AllData} AND sleep_minutes IS NOT NULL GROUP BY 1 ORDER BY avg(sleep_minutes) DESC LIMIT 1")),
        Q("trend", "Is my HRV improving since March?", N2($"SELECT regr_slope(hrv_rmssd_ms, date_diff('day', DATE '2026-03-01', date)) * 7 FROM daily WHERE date {SinceMarch}")),
        Q("trend", "Is my resting heart rate going up over the past 3 months?", N2($"SELECT regr_slope(resting_hr_bpm, date_diff('day', DATE '2026-03-17', date)) * 7 FROM daily WHERE date {Past3Months}")),

        // Bio's analyses, one or more per gold view.
        Q("overtraining_risk", "Am I overtraining?", new Words($"SELECT level FROM overtraining_risk WHERE date = {Yesterday}")),
        Q("overtraining_risk", "How many high-risk days did I have last month?",
            N0($"SELECT count(*) FILTER (WHERE level = 'high'), count(*) FILTER (WHERE level = 'moderate') FROM overtraining_risk WHERE date {LastMonth}")),
        Q("hrv_status", "Is my HRV within my normal range?",
            new All(new Words($"SELECT status FROM hrv_status WHERE date = {Yesterday}"), N0($"SELECT exp(normal_lower), exp(normal_upper) FROM hrv_status WHERE date = {Yesterday}"))),
        Q("hrv_status", "How many days was my HRV below my normal range last month?", N0($"SELECT count(*) FROM hrv_status WHERE status = 'below' AND date {LastMonth}")),
        Q("anomalies", "Any illness signals lately?", N0($"SELECT count(DISTINCT date) FROM anomalies WHERE date {Lately}")),
        Q("anomalies", "Were there any anomalies last month?", N0($"SELECT count(DISTINCT date) FROM anomalies WHERE date {LastMonth}")),
        Q("forecast", "Will my HRV recover by Friday?", new All(new ForecastFor(new DateOnly(2026, 6, 19)), N0($"SELECT exp(normal_lower) FROM hrv_status WHERE date = {Yesterday}"))),
        Q("forecast", "What is my HRV forecast for tomorrow?", new ForecastFor(new DateOnly(2026, 6, 17))),
        Q("forecast", ["How accurate are my HRV forecasts?", "can i trust the forecast", "how far off have the predictions been"], new ForecastRecord()),
        Q("workout_recommendations", "What should I do today?", new Words($"SELECT intensity FROM workout_recommendations WHERE date = {Yesterday}")),
        Q("workout_recommendations", "How many rest days were recommended last month?", N0($"SELECT count(*) FROM workout_recommendations WHERE intensity = 'rest' AND date {LastMonth}")),
        Q("workout_recommendations", "How many hard days were recommended last month?", N0($"SELECT count(*) FROM workout_recommendations WHERE intensity = 'hard' AND date {LastMonth}")),
        Q("energy_state", "How ready am I?", N0($"SELECT readiness FROM energy_state WHERE date = {Yesterday}")),
        Q("energy_state", "How many peak energy days did I have last month?", N0($"SELECT count(*) FROM energy_state WHERE energy_state = 'peak' AND date {LastMonth}")),
        Q("weekly", "How was my week?", N1($"SELECT avg(hrv_rmssd_ms), avg(resting_hr_bpm) FROM daily WHERE date {LastWeek}")),
        Q("insights", "Does sleep affect my next-day readiness?", N2("SELECT corr(sleep_score, readiness) FROM daily_readiness_performance")),
        Q("dashboard_30day", "What's my 7-day average HRV?", N1($"SELECT hrv_avg7d FROM dashboard_30day WHERE date = {Yesterday}")),
        Q("dashboard_30day", "What's my 30-day average resting heart rate?", N1($"SELECT rhr_avg30d FROM dashboard_30day WHERE date = {Yesterday}")),
        Q("weekly_trends", "Is my HRV trending up week over week?",
            new All(new Words("SELECT trend FROM weekly_trends WHERE week_start = DATE '2026-06-08'"), N1("SELECT hrv_change_pct FROM weekly_trends WHERE week_start = DATE '2026-06-08'"))),
        Q("weekly_trends", "Which week had my highest HRV this year?", new Words($"SELECT strftime(week_start, '%Y-%m-%d') FROM weekly_trends WHERE week_start {ThisYear} ORDER BY hrv_mean DESC LIMIT 1")),
        Q("workout_type_optimization", "What's my best workout type when readiness is below 75?", new Words("""
            SELECT w.discipline FROM workouts w
            JOIN daily_readiness_performance m ON m.date = w.local_date
            JOIN daily_readiness_performance n ON n.date = w.local_date + 1
            WHERE m.readiness < 75 AND n.readiness IS NOT NULL
            GROUP BY 1 ORDER BY avg(n.readiness) DESC LIMIT 1
            """)),
        Q("workout_type_optimization", "Which workout type is best when my readiness is below 70?",
            new Words("SELECT discipline FROM workout_type_optimization WHERE readiness_bucket = '<70' ORDER BY mean_next_day_readiness DESC LIMIT 1")),
        Q("sleep_performance_prediction", "What readiness can I expect after a sleep score of 85?",
            N1("SELECT mean_next_day_readiness FROM sleep_performance_prediction WHERE sleep_bucket = '80-89'")),
        Q("readiness_performance_correlation", "Is my readiness correlated with my training performance?",
            N2("SELECT r FROM readiness_performance_correlation WHERE readiness_level = 'all'")),

        // Journal.
        Q("journal", "How many days did I drink alcohol last month?", N0($"SELECT count(DISTINCT date) FROM journal WHERE question ILIKE '%alcohol%' AND answer AND date {LastMonth}")),
        Q("journal", "Does alcohol affect my HRV?", N1("""
            SELECT (SELECT avg(hrv_rmssd_ms) FROM daily WHERE date IN (SELECT date FROM journal WHERE question ILIKE '%alcohol%' AND answer)),
                   (SELECT avg(hrv_rmssd_ms) FROM daily WHERE date NOT IN (SELECT date FROM journal WHERE question ILIKE '%alcohol%' AND answer))
            """)),
        Q("journal", "When did I travel this year?", new Dates($"SELECT DISTINCT date FROM journal WHERE question ILIKE '%travel%' AND answer AND date {ThisYear} ORDER BY date")),

        // Workout lists (the planted titles are data, shown as such).
        Q("workouts", "Show my workouts last week", new Dates($"SELECT local_date FROM workouts WHERE local_date {LastWeek} ORDER BY start_utc")),
        Q("workouts", "What rides did I do this month?", new Dates($"SELECT local_date FROM workouts WHERE discipline = 'cycling' AND local_date {ThisMonth} ORDER BY start_utc")),

        // SQL as the question.
        Q("sql", "SELECT discipline, count(*) AS n FROM workouts GROUP BY discipline ORDER BY discipline", new Rows("SELECT discipline, count(*) AS n FROM workouts GROUP BY discipline ORDER BY discipline")),

        // Honest limits.
        Q("cannot", "What was my blood oxygen last week?", new Kind(AnswerKinds.CannotAnswer)),
        Q("cannot", "What's my blood glucose?", new Kind(AnswerKinds.CannotAnswer)),
        Q("cannot", "What was my VO2 max in May?", new Kind(AnswerKinds.CannotAnswer)),
        Q("cannot", "What's the weather tomorrow?", new Kind(AnswerKinds.CannotAnswer)),
        Q("cannot", "How many active calories did I burn last week?", new Kind(AnswerKinds.CannotAnswer)),
        Q("cannot", "What's my average HRV in 2019?", new Kind(AnswerKinds.CannotAnswer)),
        Q("refuse", "Do I have covid?", new Kind(AnswerKinds.Refused)),
        Q("refuse", "Should I take ibuprofen for my sore legs?", new Kind(AnswerKinds.Refused)),
        Q("refuse", $"What was user {AgentFixture.OtherUserId}'s HRV last week?", new Kind(AnswerKinds.Refused)),
    ];

    private const string Past7 = "BETWEEN DATE '2026-06-10' AND DATE '2026-06-16'";
    private const string PastMonth = "BETWEEN DATE '2026-05-17' AND DATE '2026-06-16'";

    /// <summary>
    /// Paraphrases written after the engine was tuned, without looking at its parser: a held-out check on
    /// how far the development set generalizes. Printed, and gated lower than the development set.
    /// </summary>
    public static readonly IReadOnlyList<Question> HeldOut =
    [
        Q("aggregate", "avg hrv past 7 days", N1($"SELECT avg(hrv_rmssd_ms) FROM daily WHERE date {Past7}")),
        Q("aggregate", "Give me my mean resting HR for April", N1($"SELECT avg(resting_hr_bpm) FROM daily WHERE date {April}")),
        Q("aggregate", "what's the most steps I've done in a day this year", N0($"SELECT max(steps) FROM daily WHERE date {ThisYear}")),
        Q("aggregate", "How much deep sleep did I get on average last month?", N0($"SELECT avg(deep_minutes) FROM daily WHERE date {LastMonth}")),
        Q("aggregate", "number of strength workouts in May", N0($"SELECT count(*) FROM workouts WHERE discipline = 'strength' AND local_date {LastMonth}")),
        Q("threshold", "How often was my readiness under 60 last month?", N0($"SELECT count(*) FROM daily_readiness_performance WHERE readiness < 60 AND date {LastMonth}")),
        Q("threshold", "Which days in May did I sleep more than 8 hours?", new Dates($"SELECT date FROM daily WHERE sleep_minutes > 480 AND date {LastMonth} ORDER BY date")),
        Q("compare", "Was my HRV better last week or the week before?", N1($"SELECT (SELECT avg(hrv_rmssd_ms) FROM daily WHERE date {LastWeek}), (SELECT avg(hrv_rmssd_ms) FROM daily WHERE date {WeekBefore})")),
        Q("aggregate", "Total distance I ran this year", N1($"SELECT sum(distance_km) FROM workouts WHERE discipline = 'running' AND local_date {ThisYear}")),
        Q("aggregate", "What's my lowest readiness in the past month?", N1($"SELECT min(readiness) FROM daily_readiness_performance WHERE date {PastMonth}")),
        Q("aggregate", "How many hours of sleep did I get yesterday", N2($"SELECT sleep_minutes / 60 FROM daily WHERE date = {Yesterday}")),
        Q("aggregate", "Average readiness on weekdays last month", N1($"SELECT avg(readiness) FROM daily_readiness_performance WHERE date {LastMonth} AND isodow(date) <= 5")),
        Q("threshold", "Show the days last month my resting heart rate was over 58", new Dates($"SELECT date FROM daily WHERE resting_hr_bpm > 58 AND date {LastMonth} ORDER BY date")),
        Q("trend", "How is my fitness trending this year?", N2($"SELECT regr_slope(fitness, date_diff('day', DATE '2026-01-01', date)) * 7 FROM training_load WHERE date {ThisYear}")),
        Q("aggregate", "What was my REM sleep on 2026-06-10?", N0("SELECT rem_minutes FROM daily WHERE date = DATE '2026-06-10'")),
        Q("aggregate", "How many times did I work out this week?", N0($"SELECT count(*) FROM workouts WHERE local_date {ThisWeek}")),
        Q("compare", "Did my sleep score improve this month compared to last month?", N1($"SELECT (SELECT avg(sleep_score) FROM daily WHERE date {ThisMonth}), (SELECT avg(sleep_score) FROM daily WHERE date {LastMonth})")),
        Q("hrv_status", "My HRV status today?", new Words($"SELECT status FROM hrv_status WHERE date = {Yesterday}")),
        Q("workout_recommendations", "Do I need a rest day?", new Words($"SELECT intensity FROM workout_recommendations WHERE date = {Yesterday}")),
        Q("aggregate", "What is my respiratory rate usually?", N1($"SELECT avg(respiratory_rate) FROM daily WHERE date {AllData}")),
    ];

    [Fact]
    public async Task HeldOutParaphrasesAreMostlyAnsweredToo()
    {
        var failures = new List<string>();
        foreach (var c in HeldOut)
        {
            var (ok, why, answer) = await RunAsync(c);
            if (!ok)
            {
                failures.Add($"FAIL {c}\n  expected: {why}\n  answer: {answer}");
            }
        }

        var accuracy = (double)(HeldOut.Count - failures.Count) / HeldOut.Count;
        output.WriteLine($"held-out paraphrases: {HeldOut.Count - failures.Count}/{HeldOut.Count} = {accuracy:P1}");
        failures.ForEach(output.WriteLine);
        Assert.True(accuracy >= 0.75, $"held-out accuracy {accuracy:P1}:\n{string.Join("\n", failures)}");
    }

    [Fact]
    public void TheBenchmarkIsLargeAndCoversEveryGoldView()
    {
        Assert.True(Cases.Count >= 80, $"{Cases.Count} questions");
        var text = string.Join("\n", Cases.Select(c => c.Expect.ToString()));
        Assert.All(Bio.Core.Lake.LakeTables.GoldViewNames, view => Assert.Contains(view, text, StringComparison.Ordinal));
        Assert.Contains(Cases, c => c.Questions.Length > 1);
        Assert.Contains(Cases, c => c.Category == "cannot");
    }

    [Fact]
    public async Task TheOfflineEngineAnswersAtLeastNinetyPercentCorrectly()
    {
        var failures = new List<string>();
        var perCategory = new Dictionary<string, (int Pass, int All)>();
        foreach (var c in Cases)
        {
            var (ok, why, answer) = await RunAsync(c);
            var (pass, all) = perCategory.GetValueOrDefault(c.Category);
            perCategory[c.Category] = (pass + (ok ? 1 : 0), all + 1);
            if (!ok)
            {
                failures.Add($"FAIL {c}\n  expected: {why}\n  answer: {answer}");
            }
        }

        var passed = Cases.Count - failures.Count;
        var accuracy = (double)passed / Cases.Count;
        output.WriteLine($"offline engine execution accuracy: {passed}/{Cases.Count} = {accuracy:P1}");
        foreach (var (category, (pass, all)) in perCategory.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {category}: {pass}/{all}");
        }

        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }

        Assert.True(accuracy >= 0.9, $"accuracy {accuracy:P1} is below 90 %:\n{string.Join("\n", failures)}");
    }

    private async Task<(bool Ok, string Why, string Answer)> RunAsync(Question c)
    {
        var agent = fixture.Agent();
        ChatAnswer? answer = null;
        string? conversation = null;
        try
        {
            foreach (var question in c.Questions)
            {
                answer = await agent.AskAsync(question, conversation);
                conversation = answer.ConversationId;
            }
        }
        catch (Exception e)
        {
            return (false, "an answer", $"{e.GetType().Name}: {e.Message}");
        }

        var (ok, why) = await CheckAsync(c.Expect, answer!);
        return (ok, why, $"[{answer!.Kind}] {answer.Answer} | sql: {answer.Sql}");
    }

    private async Task<(bool Ok, string Why)> CheckAsync(Expect expect, ChatAnswer answer)
    {
        switch (expect)
        {
            case All all:
                foreach (var part in all.Parts)
                {
                    var (ok, why) = await CheckAsync(part, answer);
                    if (!ok)
                    {
                        return (false, why);
                    }
                }

                return (true, "");
            case Kind kind:
                var says = kind.AnswerKind == AnswerKinds.CannotAnswer ? answer.Answer.Contains("can't", StringComparison.Ordinal) : answer.Answer.Contains("can", StringComparison.Ordinal);
                return (answer.Kind == kind.AnswerKind && says, $"kind {kind.AnswerKind}");
            case Numbers numbers:
            {
                var row = await FirstRowAsync(numbers.Sql);
                var expected = row.Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN).ToList();
                if (expected.Any(double.IsNaN) || answer.Kind != AnswerKinds.Answered)
                {
                    return (false, $"numbers {string.Join(", ", row)} in an answered answer");
                }

                var found = NumbersIn(answer.Answer);
                var missing = expected.Where(e => !found.Any(f => Math.Abs(f - e) <= numbers.Tolerance)).ToList();
                return (missing.Count == 0, $"numbers {string.Join(", ", expected.Select(e => e.ToString("0.####", CultureInfo.InvariantCulture)))}");
            }

            case Words words:
            {
                var row = await FirstRowAsync(words.Sql);
                var expected = row.Select(v => v.ToString()).ToList();
                return (answer.Kind == AnswerKinds.Answered && row.Count > 0 && expected.All(w => answer.Answer.Contains(w, StringComparison.OrdinalIgnoreCase)),
                    $"words {string.Join(", ", expected)}");
            }

            case Dates dates:
            {
                var result = await fixture.QueryAsync(dates.Sql);
                var expected = result.GetProperty("rows").EnumerateArray().Select(r => r[0].GetString()!).Distinct().OrderBy(d => d, StringComparer.Ordinal).ToList();
                using var rows = JsonDocument.Parse(answer.RowsJson);
                var dateColumn = answer.Columns.Select((col, i) => (col, i)).FirstOrDefault(p => p.col.Name is "date" or "local_date");
                var got = dateColumn.col is null ? [] : rows.RootElement.EnumerateArray().Select(r => r[dateColumn.i].GetString()!).Distinct().OrderBy(d => d, StringComparer.Ordinal).ToList();
                var countSaid = NumbersIn(answer.Answer).Contains(result.GetProperty("rows").GetArrayLength()) || expected.Count == 0;
                return (answer.Kind == AnswerKinds.Answered && expected.SequenceEqual(got) && countSaid, $"{expected.Count} dates: {string.Join(", ", expected.Take(8))}");
            }

            case Rows rows:
            {
                var result = await fixture.QueryAsync(rows.Sql);
                var expected = result.GetProperty("rows").GetRawText();
                return (JsonDocument.Parse(answer.RowsJson).RootElement.GetRawText() == expected, $"rows {expected}");
            }

            case ForecastFor forecast:
            {
                var f = await fixture.User.GetForecastAsync();
                var day = f.Days.Single(d => d.Date == forecast.Day);
                var said = answer.Answer.Contains(forecast.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal)
                           && NumbersIn(answer.Answer).Any(n => Math.Abs(n - day.HrvMs) <= 0.51);
                return (answer.Kind == AnswerKinds.Answered && said, $"{day.HrvMs:0} ms on {forecast.Day:yyyy-MM-dd}");
            }

            case ForecastRecord:
            {
                var history = await fixture.User.GetForecastHistoryAsync();
                var live = history.Forecasts.Where(r => r.ActualMs is not null).ToList();
                var rows = live.Count > 0 ? live : (history.Backtest ?? []).Where(r => r.ActualMs is not null).ToList();
                if (rows.Count == 0)
                {
                    return (false, "the fixture has neither scored forecasts nor a backtest");
                }

                var served = rows.Average(r => Math.Abs(r.HrvMs - r.ActualMs!.Value));
                var mean7 = rows.Average(r => Math.Abs(r.Mean7Ms - r.ActualMs!.Value));
                var numbers = NumbersIn(answer.Answer);
                var said = numbers.Any(n => Math.Abs(n - served) <= 0.051) && numbers.Any(n => Math.Abs(n - mean7) <= 0.051) && numbers.Contains(rows.Count)
                           && answer.Answer.Contains("backtest", StringComparison.OrdinalIgnoreCase) == (live.Count == 0);
                return (answer.Kind == AnswerKinds.Answered && said, $"{rows.Count} mornings{(live.Count == 0 ? " (backtest)" : "")}: {served:0.0} ms against {mean7:0.0} ms");
            }

            default:
                throw new InvalidOperationException(expect.GetType().Name);
        }
    }

    private async Task<List<JsonElement>> FirstRowAsync(string sql)
    {
        var result = await fixture.QueryAsync(sql);
        var rows = result.GetProperty("rows");
        return rows.GetArrayLength() == 0 ? [] : [.. rows[0].EnumerateArray()];
    }

    /// <summary>The numbers written in a text, leaving dates out ("2026-06-08" is not 2026, 6 and 8).</summary>
    public static List<double> NumbersIn(string text)
    {
        var plain = IsoDate().Replace(text, " ");
        plain = Thousands().Replace(plain, "$1$2");
        return [.. Number().Matches(plain).Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture))];
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}|\d{4}-\d{2}|\d{4}-W\d{2}")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"(\d),(\d{3})(?!\d)")]
    private static partial Regex Thousands();

    [GeneratedRegex(@"[-+]?\d+(?:\.\d+)?")]
    private static partial Regex Number();
}

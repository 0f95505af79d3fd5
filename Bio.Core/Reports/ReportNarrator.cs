using System.Globalization;
using System.Text;
using System.Text.Json;
using Bio.Core.Analytics;
using Bio.Core.Forecasting;
using Microsoft.Extensions.AI;

namespace Bio.Core.Reports;

/// <summary>
/// The report's narrative: a template over the report's own numbers (offline), or, with a chat model
/// configured, the model's text from those numbers, kept only if every number in it is one it was given.
/// Numbers are written as the report shows them (<see cref="ReportFormat"/>).
/// </summary>
public static class ReportNarrator
{
    public const string Template = "template";
    public const string ChatModel = "chat model";

    private const string Instructions =
        "You write the opening paragraph of a person's weekly report in a fitness app: three to five plain sentences about their week " +
        "(HRV, readiness, training and risk) and what to do next week. Use only the numbers in the JSON you are given, exactly as given; " +
        "never compute, estimate or invent another number. No medical diagnosis.";

    public static string Templated(WeeklyReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var text = new StringBuilder();
        var week = r.ThisWeek;
        if (week is null)
        {
            return "Bio has no days of data in this week. Sync your device to get next week's report.";
        }

        if (week.HrvMean is { } hrv)
        {
            text.Append(CultureInfo.InvariantCulture, $"This week your HRV averaged {ReportFormat.Ms(hrv)} ms");
            text.Append(week.HrvChangePct is { } change
                ? $", {(change >= 0 ? "up" : "down")} {ReportFormat.Pct(Math.Abs(change))} % on the week before"
                : "");
            text.Append(r.Hrv?.Status switch
            {
                HrvStatus.Below => ", and its 7-day mean ended the week below your normal range. ",
                HrvStatus.Above => ", and its 7-day mean ended the week above your normal range. ",
                HrvStatus.Within => ", and its 7-day mean ended the week within your normal range. ",
                _ => ". ",
            });
        }
        else
        {
            text.Append("There was no HRV this week. ");
        }

        if (week.ReadinessMean is { } readiness)
        {
            text.Append(CultureInfo.InvariantCulture, $"Your device's readiness averaged {ReportFormat.Score(readiness)} over {Plural(week.ReadinessDays, "scored day")}. ");
        }

        if (week.RecoveryMean is { } recovery)
        {
            text.Append(CultureInfo.InvariantCulture, $"Your WHOOP recovery averaged {ReportFormat.Score(recovery)} % over {Plural(week.RecoveryDays, "scored day")}. ");
        }

        text.Append(week.Workouts == 0
            ? "You logged no workouts. "
            : $"You trained {Plural(week.Workouts, "time")} for {ReportFormat.Minutes(week.WorkoutMinutes)} minutes. ");
        if (r.Risk is { } risk)
        {
            text.Append(CultureInfo.InvariantCulture, $"Your overtraining risk ended the week {risk.Level}");
            var high = r.RiskDays.GetValueOrDefault(OvertrainingRisk.High);
            text.Append(high > 0 ? $" and was high on {Plural(high, "day")}. " : ". ");
        }

        text.Append(r.Anomalies.Count switch
        {
            0 => "Nothing unusual was flagged.",
            1 => "Bio flagged one day: see below.",
            var n => $"Bio flagged {n} anomalies: see below.",
        });
        return text.ToString().Trim();
    }

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";

    /// <summary>The facts a chat model may use, rounded as the report shows them.</summary>
    public static string Facts(WeeklyReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var week = r.ThisWeek;
        return JsonSerializer.Serialize(new
        {
            hrv_mean_ms = Rounded(week?.HrvMean, 1),
            hrv_change_pct_vs_week_before = Rounded(week?.HrvChangePct, 1),
            hrv_status_at_week_end = r.Hrv?.Status,
            readiness_mean = Rounded(week?.ReadinessMean, 1),
            readiness_days = week?.ReadinessDays,
            recovery_mean = Rounded(week?.RecoveryMean, 1),
            recovery_days = week?.RecoveryDays,
            days_with_data = week?.DaysWithData,
            workouts = week?.Workouts,
            workout_minutes = Rounded(week?.WorkoutMinutes, 0),
            risk_at_week_end = r.Risk?.Level,
            risk_reasons = r.Risk?.Reasons,
            days_at_high_risk = r.RiskDays.GetValueOrDefault(OvertrainingRisk.High),
            anomalies = r.Anomalies.Select(a => a.Reason),
            recommendations = r.Recommendations,
        });
    }

    /// <summary>The chat model's narrative, or null when it failed or used a number it was not given.</summary>
    public static async Task<string?> WriteAsync(IChatClient chat, WeeklyReport report, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var facts = Facts(report);
        var response = await chat.GetResponseAsync(
            [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, facts)],
            new ChatOptions { Temperature = 0.3f }, ct);
        var text = response.Text?.Trim();
        return string.IsNullOrEmpty(text) || !ForecastNarrator.UsesOnlyGivenNumbers(text, facts) ? null : text;
    }

    private static double? Rounded(double? v, int digits) => v is { } x ? Math.Round(x, digits) : null;
}

/// <summary>How the report writes each kind of number (the narrative and the HTML agree).</summary>
public static class ReportFormat
{
    public static string Ms(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);

    public static string Bpm(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);

    public static string Score(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);

    public static string Pct(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);

    public static string Minutes(double v) => v.ToString("0", CultureInfo.InvariantCulture);

    public static string Load(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);

    public static string Ratio(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Stat(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);

    public static string P(double v) => v < 0.001 ? "<0.001" : v.ToString("0.000", CultureInfo.InvariantCulture);

    public static string Count(int v) => v.ToString(CultureInfo.InvariantCulture);

    public static string Rating(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
}

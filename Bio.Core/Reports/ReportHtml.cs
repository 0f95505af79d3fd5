using System.Globalization;
using System.Net;
using System.Text;
using Bio.Core.Analytics;
using Bio.Core.Charts;
using Bio.Core.Ingest;

namespace Bio.Core.Reports;

/// <summary>
/// The weekly report as one self-contained HTML page (styles and SVG charts inline, no external
/// requests, light and dark). Every number is a <c>&lt;data value data-key&gt;</c> element naming where it
/// comes from, and every sentence Bio's analytics wrote (risk reasons, anomaly reasons, insight
/// narratives) is a <c>data-key</c> span, so the page can be checked number by number against the API.
/// </summary>
public static class ReportHtml
{
    private static readonly string HrvMeasure = Metric.HrvRmssdMs.Key();

    private const string Style = """
        :root { color-scheme: light dark; --fg: #111827; --bg: #ffffff; --muted: #6b7280; --card: #f9fafb; --line: #e5e7eb; }
        @media (prefers-color-scheme: dark) { :root { --fg: #e5e7eb; --bg: #0b1020; --muted: #9ca3af; --card: #111827; --line: #1f2937; } }
        body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
        main { max-width: 860px; margin: 0 auto; padding: 24px 16px 48px; }
        h1 { font-size: 1.6rem; margin: 0 0 4px; } h2 { font-size: 1.15rem; margin: 0 0 8px; } h3 { font-size: 1rem; margin: 12px 0 4px; }
        section { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 16px; margin: 16px 0; }
        .muted { color: var(--muted); } .narrative { font-size: 1.05rem; }
        table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
        th, td { text-align: right; padding: 4px 8px; border-bottom: 1px solid var(--line); } th:first-child, td:first-child { text-align: left; }
        .facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 8px; }
        .fact { background: var(--bg); border-radius: 8px; padding: 8px 10px; } .fact b { display: block; font-size: 1.3rem; }
        .level-high { color: #dc2626; } .level-moderate { color: #d97706; } .level-low { color: #059669; }
        svg.bio-chart { max-width: 100%; height: auto; margin-top: 8px; }
        .table-wrap { overflow-x: auto; }
        """;

    public static string Render(WeeklyReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var h = new StringBuilder(64 * 1024);
        h.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        h.Append(CultureInfo.InvariantCulture, $"<title>Weekly report, week ending {r.WeekEnding:yyyy-MM-dd} · Bio</title><style>{Style}</style></head><body><main class=\"report\" data-week-ending=\"{r.WeekEnding:yyyy-MM-dd}\">");
        h.Append(CultureInfo.InvariantCulture, $"<header><h1>Your week: {WeeklyReports.Day(r.WeekStart)} – {WeeklyReports.Day(r.WeekEnding)} {r.WeekEnding.Year}</h1>");
        h.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">For {E(r.DisplayName)} · generated {r.GeneratedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC ({E(r.Trigger)})");
        h.Append(r.AsOf is { } asOf && asOf < r.WeekEnding ? $" · your data ends on {asOf:yyyy-MM-dd}" : "").Append("</p></header>");
        h.Append(CultureInfo.InvariantCulture, $"<section id=\"narrative\"><p class=\"narrative\" data-by=\"{E(r.NarrativeBy)}\">{E(r.Narrative)}</p></section>");
        Weeks(h, r);
        Hrv(h, r);
        LoadAndRisk(h, r);
        Anomalies(h, r);
        JournalSection(h, r);
        EffectsSection(h, r);
        InsightsSection(h, r);
        Accuracy(h, r);
        NextWeek(h, r);
        h.Append("<footer class=\"muted\"><p>Bio finds associations in your own data, not causes, and is not medical advice.</p></footer></main></body></html>");
        return h.ToString();
    }

    private static void Weeks(StringBuilder h, WeeklyReport r)
    {
        h.Append("<section id=\"weeks\"><h2>This week against the three before</h2>");
        if (r.Weeks.Count == 0)
        {
            h.Append("<p class=\"muted\">No weeks with data.</p></section>");
            return;
        }

        h.Append("<div class=\"table-wrap\"><table><thead><tr><th>Week</th>");
        foreach (var w in r.Weeks)
        {
            h.Append(CultureInfo.InvariantCulture, $"<th>{E(w.Week)}</th>");
        }

        h.Append("</tr></thead><tbody>");
        Row(h, r, "HRV mean (ms)", "hrv_mean", w => w.HrvMean, ReportFormat.Ms);
        Row(h, r, "HRV change on the week before (%)", "hrv_change_pct", w => w.HrvChangePct, ReportFormat.Pct);
        Row(h, r, "Resting HR mean (bpm)", "rhr_mean", w => w.RhrMean, ReportFormat.Bpm);
        Row(h, r, "Sleep score mean", "sleep_score_mean", w => w.SleepScoreMean, ReportFormat.Score);
        // Each device's score under its own name, and only where some week has it.
        if (r.Weeks.Any(w => w.ReadinessMean is not null))
        {
            Row(h, r, "Device readiness mean (its own score, not Bio's)", "readiness_mean", w => w.ReadinessMean, ReportFormat.Score);
        }

        if (r.Weeks.Any(w => w.RecoveryMean is not null))
        {
            Row(h, r, "WHOOP recovery mean (%)", "recovery_mean", w => w.RecoveryMean, ReportFormat.Score);
        }

        Row(h, r, "Days with data", "days_with_data", w => w.DaysWithData, v => ReportFormat.Count((int)v));
        Row(h, r, "Workouts", "workouts", w => w.Workouts, v => ReportFormat.Count((int)v));
        Row(h, r, "Workout minutes", "workout_minutes", w => w.WorkoutMinutes, ReportFormat.Minutes);
        h.Append("</tbody></table></div>");
        // One unit on an axis: HRV in ms (the scores are in the table above).
        var chart = new ChartSpec("bar", "HRV by week", "ISO week", "HRV mean (ms)",
        [
            new ChartSeries("HRV mean (ms)", "bar", [.. r.Weeks.Where(w => w.HrvMean is not null).Select(w => new ChartPoint(null, w.Week, w.HrvMean!.Value))], HrvMeasure),
        ]);
        h.Append(SvgChart.Render(chart, "weeks")).Append("</section>");
    }

    private static void Row(StringBuilder h, WeeklyReport r, string label, string key, Func<ReportWeek, double?> pick, Func<double, string> format)
    {
        h.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(label)}</td>");
        foreach (var w in r.Weeks)
        {
            h.Append("<td>").Append(pick(w) is { } v ? D($"week.{w.WeekStart:yyyy-MM-dd}.{key}", v, format(v)) : "–").Append("</td>");
        }

        h.Append("</tr>");
    }

    private static void Hrv(StringBuilder h, WeeklyReport r)
    {
        h.Append("<section id=\"hrv\"><h2>HRV status</h2>");
        if (r.Hrv is not { } hrv)
        {
            h.Append("<p class=\"muted\">No HRV status for this week.</p></section>");
            return;
        }

        h.Append(CultureInfo.InvariantCulture, $"<p>At the end of the week ({r.AsOf:yyyy-MM-dd}) your HRV's 7-day mean was <strong data-key=\"hrv.status\">{E(hrv.Status)}</strong> your normal range.</p><div class=\"facts\">");
        Fact(h, "7-day mean (ms)", "hrv.mean7_ms", hrv.Mean7, v => ReportFormat.Ms(Math.Exp(v)), Math.Exp);
        Fact(h, "normal range from (ms)", "hrv.lower_ms", hrv.Lower, v => ReportFormat.Ms(Math.Exp(v)), Math.Exp);
        Fact(h, "normal range to (ms)", "hrv.upper_ms", hrv.Upper, v => ReportFormat.Ms(Math.Exp(v)), Math.Exp);
        Fact(h, "7-day CV of ln rMSSD (%)", "hrv.cv7_percent", hrv.Cv7Percent, ReportFormat.Pct);
        h.Append("</div>");
        var days = r.Days;
        static double X(DateOnly d, DateOnly first) => d.DayNumber - first.DayNumber;
        var first = days.Count == 0 ? r.WeekStart : days[0].Date;
        string L(DateOnly d) => d.ToString("MMM d", CultureInfo.InvariantCulture);
        var chart = new ChartSpec("line", "HRV, the last four weeks", "date", "HRV (ms)",
        [
            new ChartSeries("normal range", "band", [.. days.Where(d => d.LowerMs is not null && d.UpperMs is not null).Select(d => new ChartPoint(X(d.Date, first), L(d.Date), d.UpperMs!.Value, d.LowerMs))], HrvMeasure),
            new ChartSeries("daily HRV", "points", [.. days.Where(d => d.HrvMs is not null).Select(d => new ChartPoint(X(d.Date, first), L(d.Date), d.HrvMs!.Value))], HrvMeasure),
            new ChartSeries("7-day mean", "line", [.. days.Where(d => d.Mean7Ms is not null).Select(d => new ChartPoint(X(d.Date, first), L(d.Date), d.Mean7Ms!.Value))], HrvMeasure),
        ]);
        h.Append(SvgChart.Render(chart, "hrv")).Append("</section>");
    }

    private static void LoadAndRisk(StringBuilder h, WeeklyReport r)
    {
        h.Append("<section id=\"load\"><h2>Training load and overtraining risk</h2>");
        if (r.Load is { } load)
        {
            h.Append("<div class=\"facts\">");
            Fact(h, "fitness (CTL)", "load.fitness", load.Fitness, ReportFormat.Load);
            Fact(h, "fatigue (ATL)", "load.fatigue", load.Fatigue, ReportFormat.Load);
            Fact(h, "form (TSB)", "load.form", load.Form, ReportFormat.Load);
            Fact(h, "ACWR (context)", "load.acwr", load.Acwr, ReportFormat.Ratio);
            Fact(h, "monotony", "load.monotony", load.Monotony, ReportFormat.Ratio);
            Fact(h, "strain", "load.strain", load.Strain, ReportFormat.Load);
            h.Append("</div>");
        }

        if (r.Risk is { } risk)
        {
            h.Append(CultureInfo.InvariantCulture, $"<p>Risk at the end of the week: <strong class=\"level-{E(risk.Level)}\" data-key=\"risk.level\">{E(risk.Level)}</strong>. ");
            h.Append("Days this week at each level: low ").Append(D("risk_days.low", r.RiskDays.GetValueOrDefault("low"), ReportFormat.Count(r.RiskDays.GetValueOrDefault("low"))))
                .Append(", moderate ").Append(D("risk_days.moderate", r.RiskDays.GetValueOrDefault("moderate"), ReportFormat.Count(r.RiskDays.GetValueOrDefault("moderate"))))
                .Append(", high ").Append(D("risk_days.high", r.RiskDays.GetValueOrDefault("high"), ReportFormat.Count(r.RiskDays.GetValueOrDefault("high")))).Append(".</p>");
            if (risk.Reasons.Count > 0)
            {
                h.Append("<h3>Why</h3><ul>");
                for (var i = 0; i < risk.Reasons.Count; i++)
                {
                    h.Append("<li>").Append(T($"risk.reasons.{i}", risk.Reasons[i])).Append("</li>");
                }

                h.Append("</ul>");
            }
        }

        var first = r.Days.Count == 0 ? r.WeekStart : r.Days[0].Date;
        ChartPoint P(ReportDay d, double y) => new(d.Date.DayNumber - first.DayNumber, d.Date.ToString("MMM d", CultureInfo.InvariantCulture), y);
        var chart = new ChartSpec("line", "Fitness, fatigue and form, the last four weeks", "date", "load (TRIMP-equivalent a day)",
        [
            new ChartSeries("fitness", "line", [.. r.Days.Select(d => P(d, d.Fitness))], MeasureColours.Fitness),
            new ChartSeries("fatigue", "line", [.. r.Days.Select(d => P(d, d.Fatigue))], MeasureColours.Fatigue),
            new ChartSeries("form", "line", [.. r.Days.Select(d => P(d, d.Form))], MeasureColours.Form),
        ]);
        h.Append(SvgChart.Render(chart, "load")).Append("</section>");
    }

    private static void Anomalies(StringBuilder h, WeeklyReport r)
    {
        h.Append("<section id=\"anomalies\"><h2>Anomalies and illness signals</h2>");
        if (r.Anomalies.Count == 0)
        {
            h.Append("<p class=\"muted\">Nothing was flagged this week.</p></section>");
            return;
        }

        // The count the narrative gives is a number of the report's own, checked like the rest.
        h.Append("<p>Flagged this week: ").Append(D("anomalies.count", r.Anomalies.Count, ReportFormat.Count(r.Anomalies.Count))).Append(".</p>");
        h.Append("<div class=\"table-wrap\"><table><thead><tr><th>Day</th><th>What</th><th>Value</th><th>Score</th><th>Tier</th><th>Why</th></tr></thead><tbody>");
        foreach (var a in r.Anomalies)
        {
            var key = $"anomaly.{a.Date:yyyy-MM-dd}.{a.Kind}";
            h.Append(CultureInfo.InvariantCulture, $"<tr><td>{a.Date:yyyy-MM-dd}</td><td>{E(a.Kind.Replace('_', ' '))}</td><td>{D(key + ".value", a.Value, ReportFormat.Stat(a.Value))}</td>");
            h.Append(CultureInfo.InvariantCulture, $"<td>{D(key + ".score", a.Score, ReportFormat.Stat(a.Score))}</td><td>{E(a.Tier)}</td><td>{T(key + ".reason", a.Reason)}</td></tr>");
        }

        h.Append("</tbody></table></div></section>");
    }

    private static void JournalSection(StringBuilder h, WeeklyReport r)
    {
        if (r.Journal is not { IsEmpty: false } j)
        {
            return;
        }

        h.Append("<section id=\"journal\"><h2>Your journal and ratings</h2>");
        if (j.Counts.Count > 0)
        {
            h.Append("<ul>");
            foreach (var c in j.Counts)
            {
                h.Append(CultureInfo.InvariantCulture, $"<li>{E(c.Label)}: {D($"journal.{c.Key}", c.Days, ReportFormat.Count(c.Days))} day{(c.Days == 1 ? "" : "s")}</li>");
            }

            h.Append("</ul>");
        }

        if (j.RatedDays > 0)
        {
            h.Append(CultureInfo.InvariantCulture, $"<p>Your own ratings on {D("journal.rated_days", j.RatedDays, ReportFormat.Count(j.RatedDays))} day{(j.RatedDays == 1 ? "" : "s")}:");
            foreach (var (label, key, mean, scale) in new[] { ("energy", "energy", j.EnergyMean, "out of five"), ("mood", "mood", j.MoodMean, "out of five"), ("effort", "exertion", j.ExertionMean, "out of ten") })
            {
                if (mean is { } m)
                {
                    h.Append(CultureInfo.InvariantCulture, $" {E(label)} {D($"journal.{key}_mean", m, ReportFormat.Rating(m))} {scale};");
                }
            }

            h.Length--; // the last ';'
            h.Append(".</p>");
        }

        h.Append("</section>");
    }

    /// <summary>In the week a month closes: each behaviour's effect on the next morning, in the API's own sentences.</summary>
    private static void EffectsSection(StringBuilder h, WeeklyReport r)
    {
        if (r.Effects is not { To: { } through } e)
        {
            return;
        }

        h.Append(CultureInfo.InvariantCulture, $"<section id=\"effects\"><h2>A month closed: your habits and the next morning, up to {through:yyyy-MM-dd}</h2>");
        if (e.Effects.Count == 0)
        {
            h.Append("<p>Your journal has no behaviour recorded yet: write a line a day, and Bio will show what each one goes with the next morning.</p></section>");
            return;
        }

        h.Append("<p class=\"muted\">Every morning so far, each behaviour against the mornings without it: the difference with its interval, the same adjusted for weekday, " +
                 "the previous day's training load and illness, and a verdict that holds across all of them. Associations, not causes.</p><ul>");
        foreach (var effect in e.Effects)
        {
            h.Append(CultureInfo.InvariantCulture, $"<li>{T($"effects.{effect.Behaviour}.{effect.Outcome}", effect.Sentence)}</li>");
        }

        h.Append("</ul></section>");
    }

    private static void InsightsSection(StringBuilder h, WeeklyReport r)
    {
        h.Append(CultureInfo.InvariantCulture, $"<section id=\"insights\"><h2>The five insights</h2><p class=\"muted\">Over the twelve weeks {r.InsightsFrom:yyyy-MM-dd} to {r.WeekEnding:yyyy-MM-dd}.</p>");
        foreach (var i in r.Insights)
        {
            var key = $"insight.{i.Id}";
            h.Append(CultureInfo.InvariantCulture, $"<article class=\"insight\" data-insight=\"{E(i.Id)}\"><h3>{T(key + ".title", i.Title)}</h3><p class=\"muted\">");
            h.Append(T(key + ".test", i.Test)).Append(" · n = ").Append(D(key + ".n", i.N, ReportFormat.Count(i.N)));
            if (i.Statistic is { } stat)
            {
                h.Append(" · statistic ").Append(D(key + ".statistic", stat, ReportFormat.Stat(stat)));
            }

            if (i.P is { } p)
            {
                h.Append(" · p ").Append(D(key + ".p", p, ReportFormat.P(p)));
            }

            if (i.Effect is { } effect)
            {
                h.Append(" · ").Append(T(key + ".effect_name", i.EffectName ?? "effect")).Append(' ').Append(D(key + ".effect", effect, ReportFormat.Stat(effect)));
            }

            h.Append(CultureInfo.InvariantCulture, $" · {E(i.Status)}</p><p>{T(key + ".narrative", i.Narrative)}</p>");
            h.Append(SvgChart.Render(i.Chart, "insight-" + i.Id)).Append("</article>");
        }

        h.Append("</section>");
    }

    private static void Accuracy(StringBuilder h, WeeklyReport r)
    {
        var a = r.Accuracy;
        h.Append("<section id=\"accuracy\"><h2>How the HRV forecasts did</h2>");
        if (a.N == 0)
        {
            h.Append("<p class=\"muted\">No next-day forecast was scored this week (a forecast is scored once its morning's HRV arrives).</p></section>");
            return;
        }

        h.Append("<p>").Append(D("accuracy.n", a.N, ReportFormat.Count(a.N))).Append(" next-day forecasts were scored this week (")
            .Append(E(string.Join(", ", a.Methods))).Append(").</p><div class=\"facts\">");
        Fact(h, "mean absolute error (ms)", "accuracy.mae_ms", a.MaeMs, ReportFormat.Ms);
        Fact(h, "yesterday's HRV as the forecast (ms)", "accuracy.persistence_mae_ms", a.PersistenceMaeMs, ReportFormat.Ms);
        Fact(h, "the 7-day mean as the forecast (ms)", "accuracy.mean7_mae_ms", a.Mean7MaeMs, ReportFormat.Ms);
        Fact(h, "actuals inside the 80 % interval (%)", "accuracy.coverage80_pct", a.Coverage80 * 100, ReportFormat.Pct);
        h.Append("</div></section>");
    }

    private static void NextWeek(StringBuilder h, WeeklyReport r)
    {
        h.Append("<section id=\"next-week\"><h2>Next week</h2><ul>");
        foreach (var line in r.Recommendations)
        {
            h.Append("<li>").Append(E(line)).Append("</li>");
        }

        h.Append("</ul>");
        if (r.NextDay is { } next)
        {
            h.Append(CultureInfo.InvariantCulture, $"<p>For Monday Bio recommends <strong data-key=\"next_day.intensity\">{E(next.Intensity)}</strong>: {T("next_day.reason", next.Reason)}.</p>");
        }

        if (r.NextWeekPlan is { Count: > 0 } plan)
        {
            h.Append("<h3>Next week's plan</h3><div class=\"table-wrap\"><table><thead><tr><th>Day</th><th>Session</th><th>Discipline</th><th>Minutes</th><th>Rule</th></tr></thead><tbody>");
            foreach (var d in plan)
            {
                var minutes = d.Session == Plans.Sessions.Rest ? "–" : D($"next_week_plan.{d.Date:yyyy-MM-dd}.minutes", d.DurationMinutes, d.DurationMinutes.ToString(CultureInfo.InvariantCulture));
                h.Append(CultureInfo.InvariantCulture, $"<tr><td>{d.Date.DayOfWeek}</td><td>{E(d.Session)}</td><td>{E(d.Discipline ?? "–")}</td><td>{minutes}</td><td>{E(d.Rule)}</td></tr>");
            }

            h.Append("</tbody></table></div>");
        }

        h.Append("</section>");
    }

    private static void Fact(StringBuilder h, string label, string key, double? value, Func<double, string> format, Func<double, double>? raw = null)
    {
        h.Append(CultureInfo.InvariantCulture, $"<div class=\"fact\"><b>{(value is { } v ? D(key, raw?.Invoke(v) ?? v, format(v)) : "–")}</b><span class=\"muted\">{E(label)}</span></div>");
    }

    private static string D(string key, double value, string text) =>
        $"<data value=\"{value.ToString("R", CultureInfo.InvariantCulture)}\" data-key=\"{E(key)}\">{E(text)}</data>";

    private static string T(string key, string text) => $"<span class=\"api-text\" data-key=\"{E(key)}\">{E(text)}</span>";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}

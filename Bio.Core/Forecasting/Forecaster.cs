using System.Globalization;

namespace Bio.Core.Forecasting;

/// <summary>One forecast day: the point and its 80 % and 95 % intervals, in ms (null bounds: too little history to calibrate).</summary>
[GenerateSerializer, Immutable, Alias("bio.ForecastDay")]
public sealed record ForecastDay(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] int Horizon,
    [property: Id(2)] double HrvMs,
    [property: Id(3)] double? Lower80,
    [property: Id(4)] double? Upper80,
    [property: Id(5)] double? Lower95,
    [property: Id(6)] double? Upper95,
    [property: Id(7)] string Method = ForecastMethods.Mean7);

/// <summary>A feature that moved tomorrow's forecast: its value now and its contribution, in % of HRV.</summary>
[GenerateSerializer, Immutable, Alias("bio.ForecastDriver")]
public sealed record ForecastDriver(
    [property: Id(0)] string Feature,
    [property: Id(1)] double Value,
    [property: Id(2)] double EffectPercent);

/// <summary>
/// The forecast of the next seven mornings' HRV issued after the person's latest day: the method served
/// (a registered model, or a baseline when no model beat it) and why, the drivers of tomorrow's number,
/// how the served forecasts did over the last 28 days, and a narrative.
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.HrvForecast")]
public sealed record HrvForecast(
    [property: Id(0)] DateOnly IssuedAfter,
    [property: Id(1)] string Method,
    [property: Id(2)] int? ModelVersion,
    [property: Id(3)] string MethodReason,
    [property: Id(4)] IReadOnlyList<ForecastDay> Days,
    [property: Id(5)] IReadOnlyList<ForecastDriver> Drivers,
    [property: Id(6)] IReadOnlyList<RollingAccuracy> Last28Days,
    [property: Id(7)] string Narrative,
    [property: Id(8)] string NarrativeBy = ForecastNarrator.Template);

/// <summary>Presents the latest issued forecast of a person's log.</summary>
public static class Forecaster
{
    /// <summary>The latest forecast in <paramref name="log"/> with its drivers and narrative; null when none was issued.</summary>
    public static HrvForecast? Present(WalkForwardRun run, ModelRegistryState registry, IReadOnlyList<ForecastLogRow> log)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(log);
        if (log.Count == 0)
        {
            return null;
        }

        var origin = log.Max(r => r.Origin);
        var rows = log.Where(r => r.Origin == origin).OrderBy(r => r.Horizon).ToList();
        var days = rows.Select(r => new ForecastDay(r.Target, r.Horizon, r.HrvMs, r.Lower80, r.Upper80, r.Lower95, r.Upper95, r.Method)).ToList();
        var method = rows[0].Method;
        var series = run.Features.Analysis.Series;
        // Drivers are of the forecast just made from the latest day (an older logged one has none).
        var drivers = run.Features.Length > 0 && series.Last == origin
            ? run.Drivers().Select(d => new ForecastDriver(d.Feature, d.Value, (Math.Exp(d.Change) - 1) * 100)).Where(d => Math.Abs(d.EffectPercent) >= 0.05).Take(5).ToList()
            : [];
        var reason = registry.Events.LastOrDefault(e => e.Kind is "served" or "baseline")?.Text ?? ForecastCycle.Reason(run, method);
        return new HrvForecast(origin, method, null, reason, days, drivers,
            ForecastCycle.Rolling(log, origin), Narrative(days, method, rows[0].Mean7Ms, drivers));
    }

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);

    private static string Narrative(List<ForecastDay> days, string method, double mean7, List<ForecastDriver> drivers)
    {
        var tomorrow = days[0];
        var interval = tomorrow.Lower80 is { } lo && tomorrow.Upper80 is { } hi ? $" (80 % interval {F(lo, "0")}-{F(hi, "0")} ms)" : " (no interval yet: too few scored mornings to calibrate one)";
        var versus = tomorrow.HrvMs / mean7 - 1;
        var direction = Math.Abs(versus) < 0.02 ? "close to" : versus > 0 ? "above" : "below";
        var text = $"Next morning ({tomorrow.Date:ddd d MMM}), after your latest data: HRV forecast at {F(tomorrow.HrvMs, "0")} ms{interval}, {direction} your 7-day mean of {F(mean7, "0")} ms.";
        if (drivers.Count > 0)
        {
            text += " Mostly because of " + string.Join(", ", drivers.Take(3).Select(d => $"{WalkForward.Label(d.Feature)} ({F(d.EffectPercent, "+0.0;-0.0")} %)")) + ".";
        }

        var week = days.Select(d => d.HrvMs).ToList();
        text += $" Over the next 7 days: {F(week.Min(), "0")}-{F(week.Max(), "0")} ms.";
        return text + (method == ForecastMethods.Combined
            ? $" Made by Bio's forecast, which blends {ForecastMethods.BlendWords} by how well each did on your mornings."
            : " Made from your 7-day average alone, until Bio has scored enough of your mornings to do better.");
    }
}

/// <summary>A person's walk-forward backtest as the API returns it: accuracy per method for the next day and days 1-7.</summary>
[GenerateSerializer, Immutable, Alias("bio.ForecastBacktest")]
public sealed record ForecastBacktest(
    [property: Id(0)] DateOnly? From,
    [property: Id(1)] DateOnly? To,
    [property: Id(2)] IReadOnlyList<ForecastAccuracy> NextDay,
    [property: Id(3)] IReadOnlyList<ForecastAccuracy> Days1To7,
    [property: Id(4)] string Served,
    [property: Id(5)] string Note,
    [property: Id(6)] IReadOnlyList<string> ServedByHorizon)
{
    public static ForecastBacktest Of(BacktestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var series = result.Features.Analysis.Series;
        var points = result.Points;
        return new ForecastBacktest(
            points.Count == 0 ? null : series.Date(points[0].Origin), points.Count == 0 ? null : series.Date(points[^1].Origin),
            result.Accuracy([1]), result.Accuracy([1, 2, 3, 4, 5, 6, 7]), result.Champion(),
            points.Count == 0
                ? "Not enough history for a walk-forward backtest yet: Bio needs HRV on at least 3 of 7 days to forecast from, then mornings to check the forecasts against."
                : "Walk-forward: every forecast was made from the days before it only, exactly as Bio would have made it then, and checked against the morning that followed. " +
                  "MASE is the method's MAE divided by the baseline's on the same mornings; coverage is over the forecasts that had a calibrated interval.",
            points.Count == 0 ? [] : result.ChampionByHorizon());
    }
}

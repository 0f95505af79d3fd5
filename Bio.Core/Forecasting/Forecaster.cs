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
    [property: Id(6)] double? Upper95);

/// <summary>A feature that moved tomorrow's forecast: its value now and its contribution, in % of HRV.</summary>
[GenerateSerializer, Immutable, Alias("bio.ForecastDriver")]
public sealed record ForecastDriver(
    [property: Id(0)] string Feature,
    [property: Id(1)] double Value,
    [property: Id(2)] double EffectPercent);

/// <summary>
/// The forecast of the next seven mornings' HRV issued after the person's latest day, the method that
/// made it (the model, or a baseline when the model has not beaten it on recent data) and why, the
/// drivers of tomorrow's number, the backtest accuracy behind the choice, and a narrative.
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.HrvForecast")]
public sealed record HrvForecast(
    [property: Id(0)] DateOnly IssuedAfter,
    [property: Id(1)] string Method,
    [property: Id(2)] string MethodReason,
    [property: Id(3)] IReadOnlyList<ForecastDay> Days,
    [property: Id(4)] IReadOnlyList<ForecastDriver> Drivers,
    [property: Id(5)] IReadOnlyList<ForecastAccuracy> RecentAccuracy,
    [property: Id(6)] string Narrative,
    [property: Id(7)] int TrainingDays);

/// <summary>Issues the served forecast from a backtest (for the method choice and the intervals) and a model on all data.</summary>
public static class Forecaster
{
    /// <summary>
    /// The backtest the serving path needs: the last <paramref name="window"/> origins (enough for the
    /// champion's validation and the conformal calibration), not the whole history.
    /// </summary>
    public static BacktestResult ServingBacktest(ForecastFeatures features, ForecastSettings? settings = null, int window = 182)
    {
        ArgumentNullException.ThrowIfNull(features);
        return Backtest.Run(features, settings, Math.Max(0, features.Length - 1 - window));
    }

    /// <summary>The forecast after the last day of the series; null when there is no recent HRV level to forecast from.</summary>
    public static HrvForecast? Forecast(BacktestResult backtest)
    {
        ArgumentNullException.ThrowIfNull(backtest);
        var f = backtest.Features;
        var t = f.Length - 1;
        if (t < 0 || f.Level(t) is not { } level || f.Persistence(t) is not { } persistence)
        {
            return null;
        }

        var method = backtest.Champion();
        var model = method == ForecastMethods.Model ? HrvForecaster.Train(f, t, backtest.Settings) : null;
        if (method == ForecastMethods.Model && model is null)
        {
            method = ForecastMethods.Mean7;
        }

        var days = new List<ForecastDay>();
        for (var h = 1; h <= HrvForecaster.MaxHorizon; h++)
        {
            var row = f.Row(t, h)!;
            double point = method switch
            {
                ForecastMethods.Model => level + (model!.Predict(h, [row]) is [var change] ? change : 0),
                ForecastMethods.Persistence => persistence,
                _ => level,
            };
            var q = backtest.Interval(method, h, t);
            days.Add(new ForecastDay(f.Analysis.Series.Date(t).AddDays(h), h, Math.Exp(point),
                q is { } a ? Math.Exp(point - a.Q80) : null, q is { } b ? Math.Exp(point + b.Q80) : null,
                q is { } c && double.IsFinite(c.Q95) ? Math.Exp(point - c.Q95) : null, q is { } d && double.IsFinite(d.Q95) ? Math.Exp(point + d.Q95) : null));
        }

        var drivers = new List<ForecastDriver>();
        if (model?.Contributions(1, f.Row(t, 1)!) is { } contributions)
        {
            var row = f.Row(t, 1)!;
            drivers.AddRange(contributions.Select((c, i) => new ForecastDriver(ForecastFeatures.Names[i], row[i], (Math.Exp(c) - 1) * 100))
                .Where(d => Math.Abs(d.EffectPercent) >= 0.05).OrderByDescending(d => Math.Abs(d.EffectPercent)).Take(5));
        }

        var recent = backtest.Points.Count == 0 ? [] : backtest.Accuracy([1], backtest.Points[^1].Origin - backtest.Settings.ValidationDays + 1);
        var reason = Reason(method, recent, f.Length);
        return new HrvForecast(f.Analysis.Series.Date(t), method, reason, days, drivers, recent, Narrative(days, method, level, drivers, reason), model?.Pairs ?? 0);
    }

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);

    private static string Reason(string method, IReadOnlyList<ForecastAccuracy> recent, int days)
    {
        string Mae(string m) => recent.FirstOrDefault(a => a.Method == m) is { } a ? $"{F(a.MaeMs, "0.0")} ms" : "n/a";
        if (recent.Count == 0)
        {
            return days < 30
                ? $"only {days} days of history: the best baseline is served, labelled as such, until there are enough days to train and test a model"
                : "the model has not yet been tested on enough of your days, so the best baseline is served";
        }

        var summary = $"next-day error over the last {recent[0].N} forecasts: model {Mae(ForecastMethods.Model)}, yesterday's value {Mae(ForecastMethods.Persistence)}, 7-day mean {Mae(ForecastMethods.Mean7)}";
        return method == ForecastMethods.Model
            ? $"the model beat both baselines on your recent data ({summary})"
            : $"the {(method == ForecastMethods.Persistence ? "yesterday's-value" : "7-day-mean")} baseline was at least as accurate as the model on your recent data, so Bio serves it ({summary})";
    }

    private static string Narrative(List<ForecastDay> days, string method, double level, List<ForecastDriver> drivers, string reason)
    {
        var tomorrow = days[0];
        var interval = tomorrow.Lower80 is { } lo && tomorrow.Upper80 is { } hi ? $" (80 % interval {F(lo, "0")}-{F(hi, "0")} ms)" : " (no interval yet: too little history to calibrate one)";
        var versus = tomorrow.HrvMs / Math.Exp(level) - 1;
        var direction = Math.Abs(versus) < 0.02 ? "close to" : versus > 0 ? "above" : "below";
        var text = $"Tomorrow, {tomorrow.Date:ddd d MMM}, your HRV is forecast at {F(tomorrow.HrvMs, "0")} ms{interval}, {direction} your 7-day mean of {F(Math.Exp(level), "0")} ms.";
        if (drivers.Count > 0)
        {
            text += " Mostly because of " + string.Join(", ", drivers.Take(3).Select(d => $"{d.Feature.Replace('_', ' ')} ({F(d.EffectPercent, "+0.0;-0.0")} %)")) + ".";
        }

        var week = days.Select(d => d.HrvMs).ToList();
        text += $" Over the next 7 days: {F(week.Min(), "0")}-{F(week.Max(), "0")} ms.";
        return text + $" Method: {method}; {reason}.";
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
    [property: Id(5)] string Note)
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
                ? "Not enough history for a walk-forward backtest yet: the model needs about 60 days of HRV to train, then days to be tested on."
                : $"Walk-forward: refitted every {result.Settings.RefitEveryDays} days on everything known by then; each forecast is out of sample. " +
                  "MASE is the method's MAE divided by the baseline's on the same days; coverage is over the forecasts that had a calibrated interval.");
    }
}

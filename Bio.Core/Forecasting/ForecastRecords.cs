namespace Bio.Core.Forecasting;

/// <summary>
/// One issued forecast, kept forever: when it was issued and from which day, for which morning, by
/// which method and model version, the point and intervals, and once the morning has come, the actual
/// and the error (forecast - actual), all in ms.
/// </summary>
[GenerateSerializer, Alias("bio.ForecastLogRow")]
public sealed class ForecastLogRow
{
    [Id(0)] public DateOnly Origin { get; set; }
    [Id(1)] public DateOnly Target { get; set; }
    [Id(2)] public int Horizon { get; set; }
    [Id(3)] public DateTime IssuedAtUtc { get; set; }
    [Id(4)] public string Method { get; set; } = "";
    [Id(5)] public int? ModelVersion { get; set; }
    [Id(6)] public double HrvMs { get; set; }
    [Id(7)] public double? Lower80 { get; set; }
    [Id(8)] public double? Upper80 { get; set; }
    [Id(9)] public double? Lower95 { get; set; }
    [Id(10)] public double? Upper95 { get; set; }
    [Id(11)] public double? ActualMs { get; set; }
    [Id(12)] public double? ErrorMs { get; set; }
    /// <summary>The persistence and 7-day-mean baselines at the same origin, so every forecast is judged against them.</summary>
    [Id(13)] public double PersistenceMs { get; set; }
    [Id(14)] public double Mean7Ms { get; set; }
}

/// <summary>One trained model in the registry: what it saw, how it was trained, and how it validated.</summary>
[GenerateSerializer, Alias("bio.ModelEntry")]
public sealed class ModelEntry
{
    [Id(0)] public int Version { get; set; }
    [Id(1)] public DateTime TrainedAtUtc { get; set; }
    [Id(2)] public DateOnly DataFrom { get; set; }
    [Id(3)] public DateOnly DataTo { get; set; }
    [Id(4)] public int TrainingPairs { get; set; }
    [Id(5)] public string Trainer { get; set; } = "";
    [Id(6)] public List<string> Features { get; set; } = [];
    /// <summary>Next-day MAE (ms) on the validation window, out of sample.</summary>
    [Id(7)] public double ValidationMaeMs { get; set; }
    [Id(8)] public double ValidationMaePersistenceMs { get; set; }
    [Id(9)] public double ValidationMaeMean7Ms { get; set; }
    [Id(10)] public DateOnly ValidationFrom { get; set; }
    [Id(11)] public DateOnly ValidationTo { get; set; }
    [Id(12)] public int ValidationN { get; set; }
}

/// <summary>A line of the registry's log: a training, a switch of the served method, a retirement.</summary>
[GenerateSerializer, Alias("bio.RegistryEvent")]
public sealed class RegistryEvent
{
    [Id(0)] public DateTime AtUtc { get; set; }
    [Id(1)] public string Kind { get; set; } = "";
    [Id(2)] public string Text { get; set; } = "";
}

/// <summary>
/// A person's model registry (stored as JSON beside the model files): the registered models (the best
/// N by validation, always with the champion), what is served (a model version or a baseline), the
/// split-conformal calibration of what is served, and the log of decisions.
/// </summary>
[GenerateSerializer, Alias("bio.ModelRegistryState")]
public sealed class ModelRegistryState
{
    [Id(0)] public List<ModelEntry> Models { get; set; } = [];
    /// <summary>"model", "persistence" or "mean7".</summary>
    [Id(1)] public string Served { get; set; } = ForecastMethods.Mean7;
    [Id(2)] public int? Champion { get; set; }
    /// <summary>Interval half-widths (ln ms) of the served method per horizon 1-7, from its validation errors.</summary>
    [Id(3)] public double[] Q80 { get; set; } = [];
    [Id(4)] public double[] Q95 { get; set; } = [];
    [Id(5)] public List<RegistryEvent> Events { get; set; } = [];
    [Id(6)] public int NextVersion { get; set; } = 1;
    /// <summary>The last day of data the latest training saw (retraining is due 28 days later).</summary>
    [Id(7)] public DateOnly? LastTrainedThrough { get; set; }
    /// <summary>The method served for each horizon 1-7 (the served model, or a baseline where it beat the model at that horizon).</summary>
    [Id(8)] public string[] ServedByHorizon { get; set; } = [];
}

/// <summary>Forecast against actual over a window, per method, as <c>/forecasts/history</c> shows it.</summary>
[GenerateSerializer, Immutable, Alias("bio.RollingAccuracy")]
public sealed record RollingAccuracy(
    [property: Id(0)] string Method,
    [property: Id(1)] int N,
    [property: Id(2)] double? MaeMs,
    [property: Id(3)] double? MaseVsPersistence,
    [property: Id(4)] double? MaseVsMean7,
    [property: Id(5)] double? Coverage80);

/// <summary>
/// The forecast history: every issued next-day forecast, the rolling 28-day accuracy per served method,
/// the log of what served and why, and the walk-forward backtest's next-day forecasts of the last 90
/// days (what Bio would have forecast each morning from the days before it, against what was measured),
/// so a person sees how the forecast does before any live forecast has been scored.
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.ForecastHistory")]
public sealed record ForecastHistory(
    [property: Id(0)] IReadOnlyList<ForecastLogRow> Forecasts,
    [property: Id(1)] IReadOnlyList<RollingAccuracy> Last28Days,
    [property: Id(2)] IReadOnlyList<RegistryEvent> RegistryLog,
    [property: Id(3)] IReadOnlyList<ForecastLogRow>? Backtest = null);

using Bio.Core.Analytics;
using Bio.Core.Synthetic;

namespace Bio.Core.Forecasting;

/// <summary>
/// The pooled model for cold starts, fitted once per process on a synthetic population (24 people, a
/// year each, fixed seeds): deterministic, and no person's data trains a model served to someone else.
/// It competes with the baselines for people with 30+ days but too little history for their own model.
/// </summary>
public sealed class PooledModel(ForecastSettings? settings = null)
{
    public const int People = 24;
    public const int Days = 365;

    private readonly Lazy<HrvModel?> model = new(() => Fit(settings ?? new ForecastSettings()), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The model (fitted on first use: a few seconds, once).</summary>
    public HrvModel? Get() => model.Value;

    private static HrvModel? Fit(ForecastSettings settings)
    {
        var lastDay = new DateOnly(2025, 12, 31);
        var people = Enumerable.Range(0, People).Select(i => new ForecastFeatures(Analysis.Of(SyntheticPerson.Generate(90_001 + i, Days, lastDay).Batch)));
        return HrvForecaster.TrainPooled(people, settings);
    }
}

using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Bio.Core.Forecasting;

/// <summary>Trainer settings of the HRV models; recorded with every trained model.</summary>
public sealed record ForecastSettings(
    int Trees = 100, int Leaves = 8, int MinExamplesPerLeaf = 10, double LearningRate = 0.1, int Seed = 42,
    int MinTrainingPairs = 60, int RefitEveryDays = 28, int CalibrationSize = 120, int MinCalibration = 20, int ValidationDays = 60);

/// <summary>One trained direct model per horizon (1..7 days ahead), with what it was trained on.</summary>
public sealed class HrvModel
{
    internal HrvModel(MLContext ml, ITransformer?[] horizons, int trainedThrough, int pairs, ForecastSettings settings)
    {
        Ml = ml;
        Horizons = horizons;
        TrainedThrough = trainedThrough;
        Pairs = pairs;
        Settings = settings;
    }

    internal MLContext Ml { get; }

    internal ITransformer?[] Horizons { get; }

    /// <summary>The last day index whose data the model saw (its targets included).</summary>
    public int TrainedThrough { get; }

    /// <summary>Training examples for the next-day model.</summary>
    public int Pairs { get; }

    public ForecastSettings Settings { get; }

    /// <summary>Writes the seven horizon models as one zip (an ML.NET model zip per horizon inside).</summary>
    public void Save(Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        var schema = Ml.Data.LoadFromEnumerable(new List<Example>()).Schema;
        for (var h = 1; h <= HrvForecaster.MaxHorizon; h++)
        {
            if (Horizons[h - 1] is { } model)
            {
                using var entry = zip.CreateEntry($"h{h}.zip", CompressionLevel.NoCompression).Open();
                Ml.Model.Save(model, schema, entry);
            }
        }
    }

    /// <summary>Reads models written by <see cref="Save"/>.</summary>
    public static HrvModel Load(Stream stream, int trainedThrough, int pairs, ForecastSettings settings)
    {
        var ml = new MLContext(seed: settings.Seed);
        var horizons = new ITransformer?[HrvForecaster.MaxHorizon];
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        for (var h = 1; h <= HrvForecaster.MaxHorizon; h++)
        {
            if (zip.GetEntry($"h{h}.zip") is { } entry)
            {
                using var source = entry.Open();
                using var buffer = new MemoryStream();
                source.CopyTo(buffer);
                buffer.Position = 0;
                horizons[h - 1] = ml.Model.Load(buffer, out _);
            }
        }

        return new HrvModel(ml, horizons, trainedThrough, pairs, settings);
    }

    /// <summary>Predicted changes from the 7-day level for the rows of horizon <paramref name="h"/>; null without a model for it.</summary>
    public float[]? Predict(int h, IReadOnlyList<float[]> rows)
    {
        if (Horizons[h - 1] is not { } model || rows.Count == 0)
        {
            return rows.Count == 0 ? [] : null;
        }

        var data = Ml.Data.LoadFromEnumerable(rows.Select(r => new Example { Features = Clean(r) }));
        return [.. Ml.Data.CreateEnumerable<Prediction>(model.Transform(data), reuseRowObject: false).Select(p => p.Score)];
    }

    /// <summary>
    /// How much each feature moved this one forecast away from the model's average (FastTree feature
    /// contributions, in ln ms, not normalised); null without a model for the horizon.
    /// </summary>
    public float[]? Contributions(int h, float[] row)
    {
        if (Horizons[h - 1] is not RegressionPredictionTransformer<FastTreeRegressionModelParameters> model)
        {
            return null;
        }

        var data = Ml.Data.LoadFromEnumerable([new Example { Features = Clean(row) }]);
        var calculator = Ml.Transforms.CalculateFeatureContribution(model, numberOfPositiveContributions: FeatureCountOf, numberOfNegativeContributions: FeatureCountOf, normalize: false).Fit(data);
        return Ml.Data.CreateEnumerable<ContributionRow>(calculator.Transform(model.Transform(data)), reuseRowObject: false).Single().FeatureContributions;
    }

    private const int FeatureCountOf = HrvForecaster.FeatureCount;

    internal sealed class ContributionRow
    {
        [VectorType(HrvForecaster.FeatureCount)]
        public float[] FeatureContributions { get; set; } = [];
    }

    internal static float[] Clean(float[] row)
    {
        var clean = new float[row.Length];
        for (var i = 0; i < row.Length; i++)
        {
            clean[i] = float.IsFinite(row[i]) ? row[i] : 0; // missing (no sleep data at all, first days) reads as 0
        }

        return clean;
    }

    internal sealed class Example
    {
        [VectorType(HrvForecaster.FeatureCount)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    internal sealed class Prediction
    {
        public float Score { get; set; }
    }
}

/// <summary>
/// Next-day and 7-day HRV forecasts with ML.NET FastTree regression: a direct model per horizon, each
/// learning ln HRV(t+h) - mean7(t) from <see cref="ForecastFeatures"/>. Deterministic for a seed
/// (single-threaded training). Microsoft.ML.TimeSeries is not available, so there is no SSA model.
/// </summary>
public static class HrvForecaster
{
    public const int FeatureCount = 22;
    public const int MaxHorizon = 7;

    /// <summary>
    /// Trains on every (origin, horizon) pair whose target day is at most <paramref name="cutoff"/>: a model
    /// trained at day t has seen nothing after t. Null when there are fewer than the minimum pairs.
    /// </summary>
    public static HrvModel? Train(ForecastFeatures features, int cutoff, ForecastSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        return Train([(features, cutoff)], settings);
    }

    /// <summary>
    /// One model over many people's pairs (each up to its own cutoff): the pooled model that serves a
    /// person whose own history is still too short. Bio fits it on a synthetic population, so no person's
    /// data ever trains a model another person is served.
    /// </summary>
    public static HrvModel? TrainPooled(IEnumerable<ForecastFeatures> people, ForecastSettings? settings = null) =>
        Train([.. people.Select(p => (p, p.Length - 1))], settings);

    private static HrvModel? Train(IReadOnlyList<(ForecastFeatures Features, int Cutoff)> sets, ForecastSettings? settings)
    {
        settings ??= new ForecastSettings();
        if (ForecastFeatures.Count != FeatureCount)
        {
            throw new InvalidOperationException("Feature names and FeatureCount disagree.");
        }

        var ml = new MLContext(seed: settings.Seed);
        var models = new ITransformer?[MaxHorizon];
        var nextDayPairs = 0;
        for (var h = 1; h <= MaxHorizon; h++)
        {
            var examples = new List<HrvModel.Example>();
            foreach (var (features, cutoff) in sets)
            {
                for (var t = 0; t + h <= cutoff && t + h < features.Length; t++)
                {
                    if (features.Target(t, h) is { } y && features.Row(t, h) is { } row)
                    {
                        examples.Add(new HrvModel.Example { Features = HrvModel.Clean(row), Label = (float)y });
                    }
                }
            }

            if (h == 1)
            {
                nextDayPairs = examples.Count;
            }

            if (examples.Count < settings.MinTrainingPairs)
            {
                continue;
            }

            var trainer = ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
            {
                NumberOfTrees = settings.Trees,
                NumberOfLeaves = settings.Leaves,
                MinimumExampleCountPerLeaf = settings.MinExamplesPerLeaf,
                LearningRate = settings.LearningRate,
                Seed = settings.Seed,
                NumberOfThreads = 1,
            });
            models[h - 1] = trainer.Fit(ml.Data.LoadFromEnumerable(examples));
        }

        return models[0] is null ? null : new HrvModel(ml, models, sets.Count == 1 ? sets[0].Cutoff : -1, nextDayPairs, settings);
    }
}

using Bio.Core.Ingest;

namespace Bio.Core.Charts;

/// <summary>
/// One colour per measure, the same on every page, chart and report: HRV is always blue, resting heart
/// rate red, sleep violet, fitness, fatigue and form always their own, so a person learns them once. A
/// series names its measure (<see cref="Analytics.ChartSeries.Measure"/>) and takes its colour from here;
/// its band (a normal range, a forecast's interval) and its 7-day mean share it, and its nightly dots are
/// drawn lighter under the mean. Measures shown together (sleep stages, fitness with fatigue and form,
/// Oura's eight readiness contributors, a forecast against the measured HRV) have distinct colours; a
/// contributor borrows its underlying measure's colour where it has one (HRV balance is HRV's blue).
/// Every colour is a mid tone, readable on the white and on the near-black page.
/// </summary>
public static class MeasureColours
{
    /// <summary>Measures that are Bio's own, not a column of silver.</summary>
    public const string BioReadiness = "bio_readiness";
    public const string Forecast = "hrv_forecast";
    public const string Fitness = "fitness";
    public const string Fatigue = "fatigue";
    public const string Form = "form";
    public const string Acwr = "acwr";

    private static readonly Dictionary<string, string> Colours = new(StringComparer.Ordinal)
    {
        [Metric.HrvRmssdMs.Column()] = "#3b82f6",
        [Metric.HrvSdnnMs.Column()] = "#4f46e5",
        [Forecast] = "#f97316",
        [Metric.RestingHrBpm.Column()] = "#ef4444",
        [Metric.SleepMinutes.Column()] = "#8b5cf6",
        [Metric.InBedMinutes.Column()] = "#7c3aed",
        [Metric.SleepScore.Column()] = "#a855f7",
        [Metric.SleepEfficiency.Column()] = "#d946ef",
        [Metric.NapMinutes.Column()] = "#c084fc",
        [Metric.DeepMinutes.Column()] = "#6366f1",
        [Metric.RemMinutes.Column()] = "#14b8a6",
        [Metric.LightMinutes.Column()] = "#60a5fa",
        [Metric.AwakeMinutes.Column()] = "#f59e0b",
        [Metric.SleepNeedMinutes.Column()] = "#8b5cf6",
        [Metric.SleepDebtMinutes.Column()] = "#f97316",
        [Metric.ReadinessScore.Column()] = "#10b981",
        [BioReadiness] = "#22c55e",
        [Metric.RecoveryScore.Column()] = "#16a34a",
        [Metric.DeviceStrain.Column()] = "#0ea5e9",
        [Metric.RespiratoryRate.Column()] = "#06b6d4",
        [Metric.SkinTempDevC.Column()] = "#f43f5e",
        [Metric.SkinTempC.Column()] = "#f43f5e",
        [Metric.Spo2Percent.Column()] = "#ec4899",
        [Metric.Steps.Column()] = "#84cc16",
        [Metric.ActiveKcal.Column()] = "#f59e0b",
        [Metric.TotalKcal.Column()] = "#d97706",
        [Metric.BodyBattery.Column()] = "#0ea5e9",
        [Metric.StressLevel.Column()] = "#f97316",
        [Metric.ReadinessActivityBalance.Column()] = "#eab308",
        [Metric.ReadinessBodyTemperature.Column()] = "#f97316",
        [Metric.ReadinessHrvBalance.Column()] = "#3b82f6",
        [Metric.ReadinessPreviousDayActivity.Column()] = "#84cc16",
        [Metric.ReadinessPreviousNight.Column()] = "#8b5cf6",
        [Metric.ReadinessRecoveryIndex.Column()] = "#14b8a6",
        [Metric.ReadinessRestingHeartRate.Column()] = "#ef4444",
        [Metric.ReadinessSleepBalance.Column()] = "#ec4899",
        [Fitness] = "#2563eb",
        [Fatigue] = "#db2777",
        [Form] = "#eab308",
        [Acwr] = "#14b8a6",
    };

    /// <summary>The measure's colour, or null for a series that names no measure Bio colours.</summary>
    public static string? Of(string? measure) => measure is not null && Colours.TryGetValue(measure, out var c) ? c : null;

    /// <summary>The measure key of an imported metric: its silver column.</summary>
    public static string Key(this Metric metric) => metric.Column();

    /// <summary>Every measure with its colour (for the tests and the docs).</summary>
    public static IReadOnlyDictionary<string, string> All => Colours;
}

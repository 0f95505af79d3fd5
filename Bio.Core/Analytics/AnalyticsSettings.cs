namespace Bio.Core.Analytics;

/// <summary>The analytics settings a deployment may change (configuration section <c>Analytics</c>).</summary>
public sealed class AnalyticsSettings
{
    public const string Section = "Analytics";

    /// <summary>The HRV normal range is baseline ± this many SDs of the baseline window (0.5 = the smallest worthwhile change).</summary>
    public double HrvNormalRangeWidth { get; set; } = 0.5;

    public AnalysisOptions ToOptions()
    {
        if (HrvNormalRangeWidth is <= 0 or > 3 || double.IsNaN(HrvNormalRangeWidth))
        {
            throw new InvalidOperationException($"Analytics:HrvNormalRangeWidth must be above 0 and at most 3 (SDs); it is {HrvNormalRangeWidth}.");
        }

        return new AnalysisOptions { Hrv = new HrvStatusOptions(Width: HrvNormalRangeWidth) };
    }
}

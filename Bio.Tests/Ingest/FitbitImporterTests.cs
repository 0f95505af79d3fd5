using Bio.Core.Ingest;
using Bio.Core.Ingest.Fitbit;
using Bio.Core.Lake;

namespace Bio.Tests.Ingest;

public sealed class FitbitImporterTests
{
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    private static ImportBatch Import(string fixture)
    {
        Assert.IsType<FitbitImporter>(new FormatDetector(new ZipLimits()).Detect(() => Fixture.Open(fixture), fixture, "fitbit"));
        return Fixture.ImportReconciled(fixture, "fitbit", LosAngeles);
    }

    private static double Value(ImportBatch batch, DateOnly day, Metric metric) => Fixture.Value(batch, day, metric);

    [Fact]
    public void SleepLogsUseDateOfSleepAndTheMainSleep()
    {
        var batch = Import("fitbit/sleep-2022-10-15.json"); // the name's date is not the content's
        var nov3 = new DateOnly(2022, 11, 3);
        Assert.Equal(410, Value(batch, nov3, Metric.SleepMinutes));
        Assert.Equal(70, Value(batch, nov3, Metric.DeepMinutes));
        Assert.Equal(35, Value(batch, nov3, Metric.NapMinutes));
        Assert.Equal(380, Value(batch, new DateOnly(2022, 11, 4), Metric.SleepMinutes)); // a classic log
    }

    [Fact]
    public void SleepScoresUseTheLocalWakeDayAndIgnoreTheNap()
    {
        var batch = Import("fitbit/sleep_score.csv");
        var nov3 = new DateOnly(2022, 11, 3); // 15:02Z and 22:40Z are both the 3rd in Los Angeles
        Assert.Equal(84, Value(batch, nov3, Metric.SleepScore)); // the entry with deep sleep, not the nap's 60
        Assert.Equal(58, Value(batch, nov3, Metric.RestingHrBpm));
        Assert.Equal(81, Value(batch, new DateOnly(2022, 11, 4), Metric.SleepScore));
    }

    [Fact]
    public void DailyHrvSummaryIsRmssd()
    {
        var batch = Import("fitbit/Daily Heart Rate Variability Summary - 2022-11-01.csv");
        Assert.Equal(42.1, Value(batch, new DateOnly(2022, 11, 3), Metric.HrvRmssdMs));
        Assert.Contains(batch.Quarantine, r => r.Reason.StartsWith("no values", StringComparison.Ordinal));
    }
}

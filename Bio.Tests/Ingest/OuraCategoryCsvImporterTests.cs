using Bio.Core.Ingest;
using Bio.Core.Ingest.Oura;
using Bio.Core.Lake;

namespace Bio.Tests.Ingest;

public sealed class OuraCategoryCsvImporterTests
{
    private static ImportBatch Import(string fixture)
    {
        using var stream = Fixture.Open(fixture);
        return new OuraCategoryCsvImporter().Import(stream, new ImportContext(fixture, TimeZoneInfo.Utc));
    }

    private static double Value(ImportBatch batch, string day, Metric metric) =>
        batch.Daily.Single(o => o.Date == DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture) && o.Metric == metric).Value;

    [Fact]
    public void TheNightComesFromTheLongSleepPeriod()
    {
        var batch = Import("oura/oura_sleep_2024-07-13T09-46-08.csv");
        Assert.Equal(48, Value(batch, "2024-07-09", Metric.HrvRmssdMs));
        Assert.Equal(49, Value(batch, "2024-07-09", Metric.RestingHrBpm));
        Assert.Equal(450, Value(batch, "2024-07-09", Metric.SleepMinutes));
        Assert.Equal(84, Value(batch, "2024-07-09", Metric.ReadinessScore));
        // The late nap that started the evening before belongs to the 9th, with the short fragment.
        Assert.Equal(35, Value(batch, "2024-07-09", Metric.NapMinutes));
    }

    [Fact]
    public void ADayWithoutLongSleepUsesItsLongestUntypedPeriod()
    {
        var batch = Import("oura/oura_sleep_2024-07-13T09-46-08.csv");
        Assert.Equal(52, Value(batch, "2024-07-10", Metric.HrvRmssdMs)); // not the 40-minute period's 70
        Assert.Equal(420, Value(batch, "2024-07-10", Metric.SleepMinutes));
    }

    [Fact]
    public void EveryPeriodRowIsAccountedFor()
    {
        var batch = Import("oura/oura_sleep_2024-07-13T09-46-08.csv");
        batch.QuarantineConflicts();
        Assert.Contains(batch.Quarantine, r => r.Reason.Contains("'7/11/2024'", StringComparison.Ordinal));
        Assert.Contains(batch.Quarantine, r => r.Reason.StartsWith("no values: no usable sleep period on 2024-07-12", StringComparison.Ordinal));
        var outcome = new Silver().Merge(batch, "i");
        Assert.Equal(7, batch.RowsRead);
        Assert.Equal(batch.RowsRead, outcome.RowsAccepted + outcome.RowsDuplicate + batch.Quarantine.Count);
    }

    [Fact]
    public void DailyReadinessAndSpo2FilesAreRead()
    {
        var readiness = Import("oura/oura_daily-readiness_2024-07-13T09-46-08.csv");
        Assert.Equal(79, Value(readiness, "2024-07-12", Metric.ReadinessScore));
        Assert.Equal(0.3, Value(readiness, "2024-07-12", Metric.SkinTempDevC));
        Assert.Contains(readiness.Quarantine, r => r.Reason.StartsWith("no values", StringComparison.Ordinal));

        var spo2 = Import("oura/oura_daily-spo2_2024-07-13T09-46-08.csv");
        Assert.Equal(97.958, Value(spo2, "2024-07-09", Metric.Spo2Percent));
    }

    [Fact]
    public void DailyReadinessKeepsItsEightContributorsUnderOurasKeys()
    {
        var batch = Import("oura/oura_daily-readiness_2024-07-13T09-46-08.csv");
        Assert.Equal(
            [("resting_heart_rate", 95.0), ("hrv_balance", 75), ("body_temperature", 100), ("recovery_index", 100), ("previous_night", 85),
             ("sleep_balance", 88), ("previous_day_activity", 90), ("activity_balance", 80)],
            Devices.OuraReadinessContributors.Select(c => (c.Key, Value(batch, "2024-07-09", c.Metric))));
        Assert.Equal(60, Value(batch, "2024-07-12", Metric.ReadinessHrvBalance));
        Assert.Equal(95, Value(batch, "2024-07-12", Metric.ReadinessBodyTemperature));
        // The empty row of the 10th gives no contributor: absent, not 0.
        Assert.DoesNotContain(batch.Daily, o => o.Date == new DateOnly(2024, 7, 10));
    }

    [Fact]
    public void TheLongSleepRowCarriesTheNightsReadinessContributors()
    {
        var batch = Import("oura/oura_sleep_2024-07-13T09-46-08.csv");
        Assert.Equal(75, Value(batch, "2024-07-09", Metric.ReadinessHrvBalance));
        Assert.Equal(85, Value(batch, "2024-07-09", Metric.ReadinessPreviousNight));
        Assert.Equal(88, Value(batch, "2024-07-09", Metric.ReadinessSleepBalance));
        Assert.Equal(8, batch.Daily.Count(o => o.Date == new DateOnly(2024, 7, 9) && Devices.ContributorOf(o.Metric) is not null));
        // The 10th's untyped periods carry none.
        Assert.DoesNotContain(batch.Daily, o => o.Date == new DateOnly(2024, 7, 10) && Devices.ContributorOf(o.Metric) is not null);
    }

    [Theory]
    [InlineData("oura/oura_sleep_2024-07-13T09-46-08.csv")]
    [InlineData("oura/oura_daily-readiness_2024-07-13T09-46-08.csv")]
    [InlineData("oura/oura_daily-spo2_2024-07-13T09-46-08.csv")]
    public void IsDetectedByContent(string fixture) =>
        Assert.IsType<OuraCategoryCsvImporter>(new FormatDetector(new ZipLimits()).Detect(() => Fixture.Open(fixture), "export.csv", "oura"));
}

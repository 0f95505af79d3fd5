using Bio.Core.Ingest;
using Bio.Core.Ingest.Oura;

namespace Bio.Tests.Ingest;

public sealed class OuraTrendsCsvImporterTests
{
    private static readonly ImportContext Context = new("trends.csv", TimeZoneInfo.FindSystemTimeZoneById("America/Chicago"));

    private static ImportBatch Import(string fixture)
    {
        using var stream = Fixture.Open(fixture);
        return new OuraTrendsCsvImporter().Import(stream, Context);
    }

    private static double Value(ImportBatch batch, string date, Metric metric) =>
        batch.Daily.Single(o => o.Date == DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture) && o.Metric == metric).Value;

    [Fact]
    public void Reads2022HeadersByNameWithSecondsAsMinutes()
    {
        var batch = Import("oura/oura-trends-2022.csv");

        Assert.Equal(45, Value(batch, "2019-01-25", Metric.HrvRmssdMs));
        Assert.Equal(28320 / 60.0, Value(batch, "2019-01-25", Metric.SleepMinutes), 9);
        Assert.Equal((28320 + 1800) / 60.0, Value(batch, "2019-01-25", Metric.InBedMinutes), 9); // "Total Bedtime " with a trailing space
        Assert.Equal(63, Value(batch, "2019-01-25", Metric.RestingHrBpm)); // the lowest, written "63.0"
        Assert.Equal(16.875, Value(batch, "2019-01-25", Metric.RespiratoryRate));
        Assert.Equal(-0.31, Value(batch, "2019-01-28", Metric.SkinTempDevC));
        Assert.Equal(78, Value(batch, "2019-01-25", Metric.ReadinessScore));
        Assert.All(batch.Daily, o => Assert.Equal("oura", o.Source));
    }

    [Fact]
    public void Reads2020HeadersWithTheRepeatedSleepTimingColumn()
    {
        var batch = Import("oura/oura-trends-2020.csv");

        Assert.Equal(61, Value(batch, "2020-05-01", Metric.HrvRmssdMs));
        Assert.Equal(27000 / 60.0, Value(batch, "2020-05-01", Metric.SleepMinutes), 9); // "Total Sleep Time"
        Assert.Equal(100, Value(batch, "2020-05-01", Metric.RemMinutes), 9);
        Assert.Equal(-0.2, Value(batch, "2020-05-01", Metric.SkinTempDevC)); // "Temperature Deviation" without unit
        Assert.Equal(54, Value(batch, "2020-05-01", Metric.RestingHrBpm));
        Assert.Equal(4000, Value(batch, "2020-05-02", Metric.Steps));
        Assert.DoesNotContain(batch.Daily, o => o.Date == new DateOnly(2020, 5, 2) && o.Metric == Metric.SleepScore);
        Assert.Equal(2, batch.RowsRead);
        Assert.Equal(2, batch.RowsAccepted);
    }

    [Fact]
    public void ReadsTheReadinessContributorsOfBothGenerations()
    {
        var batch = Import("oura/oura-trends-2022.csv");
        Assert.Equal(74, Value(batch, "2019-01-25", Metric.ReadinessPreviousNight));
        Assert.Equal(81, Value(batch, "2019-01-25", Metric.ReadinessSleepBalance));
        Assert.Equal(90, Value(batch, "2019-01-25", Metric.ReadinessPreviousDayActivity));
        Assert.Equal(85, Value(batch, "2019-01-25", Metric.ReadinessActivityBalance));
        Assert.Equal(100, Value(batch, "2019-01-25", Metric.ReadinessBodyTemperature)); // "Temperature Score"
        Assert.Equal(77, Value(batch, "2019-01-25", Metric.ReadinessRestingHeartRate));
        Assert.Equal(68, Value(batch, "2019-01-25", Metric.ReadinessHrvBalance));
        Assert.Equal(95, Value(batch, "2019-01-25", Metric.ReadinessRecoveryIndex));
        // "None" is no value, not 0; the rest of the day stands.
        Assert.DoesNotContain(batch.Daily, o => o.Date == new DateOnly(2019, 1, 26) && o.Metric == Metric.ReadinessHrvBalance);
        Assert.Equal(61, batch.Daily.First(o => o.Date == new DateOnly(2019, 1, 26) && o.Metric == Metric.ReadinessPreviousNight).Value);

        var older = Import("oura/oura-trends-2020.csv");
        Assert.Equal(72, Value(older, "2020-05-01", Metric.ReadinessHrvBalance));
        // The 2020 variant's "Recovery Time Score" (64) is an activity contributor, never the recovery index.
        Assert.Equal(100, Value(older, "2020-05-01", Metric.ReadinessRecoveryIndex));
        Assert.DoesNotContain(older.Daily, o => o.Value == 64);
    }

    [Fact]
    public void NoneAndEmptyCellsAreBothMissing()
    {
        var batch = Import("oura/oura-trends-2022.csv");
        var jan27 = batch.Daily.Where(o => o.Date == new DateOnly(2019, 1, 27)).Select(o => o.Metric).ToHashSet();
        Assert.Equal(new HashSet<Metric> { Metric.Steps, Metric.ActiveKcal }, jan27);
    }

    [Fact]
    public void EveryRowIsAcceptedOrQuarantinedWithAReason()
    {
        var batch = Import("oura/oura-trends-2022.csv");

        Assert.Equal(9, batch.RowsRead);
        Assert.Equal(batch.RowsRead, batch.RowsAccepted + batch.Quarantine.Count);
        Assert.All(batch.Quarantine, r => Assert.False(string.IsNullOrWhiteSpace(r.Reason)));

        Assert.Contains(batch.Quarantine, r => r.Reason.StartsWith("no values", StringComparison.Ordinal) && r.Raw.StartsWith("2019-01-24", StringComparison.Ordinal));
        Assert.Contains(batch.Quarantine, r => r.Reason.StartsWith("out of range: hrv_rmssd_ms", StringComparison.Ordinal));
        Assert.Contains(batch.Quarantine, r => r.Reason.StartsWith("formula cell", StringComparison.Ordinal));
        // Excel turned 2019-07-11 into 7/11/2019: refused, never guessed as July or November.
        Assert.Contains(batch.Quarantine, r => r.Reason.StartsWith("date is not ISO", StringComparison.Ordinal) && r.Reason.Contains("7/11/2019", StringComparison.Ordinal));
    }

    [Fact]
    public void UnsortedRowsAndRepeatedDaysAreAllRead()
    {
        var batch = Import("oura/oura-trends-2022.csv");
        // 2019-01-26 appears twice with the same values; merging into silver counts the second as a duplicate.
        Assert.Equal(2, batch.Daily.Count(o => o.Date == new DateOnly(2019, 1, 26) && o.Metric == Metric.HrvRmssdMs));
        Assert.Equal(5, batch.RowsAccepted);
    }

    [Fact]
    public void AFileWithoutTheTrendsColumnsIsAFormatError()
    {
        using var stream = new MemoryStream("a,b\n1,2\n"u8.ToArray());
        var error = Assert.Throws<ImportFormatException>(() => new OuraTrendsCsvImporter().Import(stream, Context));
        Assert.Contains("Oura trends", error.Message, StringComparison.Ordinal);
        Assert.Throws<ImportFormatException>(() => new OuraTrendsCsvImporter().Import(new MemoryStream(), Context));
    }

    [Fact]
    public void TotalBurnIsTotalKcalAndActivityBurnStaysActive()
    {
        const string csv = "date,Sleep Score,Average HRV,Readiness Score,Activity Burn,Total Burn,Steps\r\n2021-07-07,80,45,78,390,2172,8123\r\n2021-07-08,75,40,70,249,None,6000\r\n";
        var batch = new OuraTrendsCsvImporter().Import(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), new ImportContext("trends.csv", TimeZoneInfo.Utc));
        Assert.Equal(2172, batch.Daily.Single(o => o.Date == new DateOnly(2021, 7, 7) && o.Metric == Metric.TotalKcal).Value);
        Assert.Equal(390, batch.Daily.Single(o => o.Date == new DateOnly(2021, 7, 7) && o.Metric == Metric.ActiveKcal).Value);
        Assert.Equal(249, batch.Daily.Single(o => o.Date == new DateOnly(2021, 7, 8) && o.Metric == Metric.ActiveKcal).Value);
        Assert.DoesNotContain(batch.Daily, o => o.Date == new DateOnly(2021, 7, 8) && o.Metric == Metric.TotalKcal);
    }
}

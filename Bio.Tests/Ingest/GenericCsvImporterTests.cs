using Bio.Core.Ingest;
using Bio.Core.Ingest.Generic;

namespace Bio.Tests.Ingest;

public sealed class GenericCsvImporterTests
{
    [Fact]
    public void InfersTheMappingFromHeadersAndConvertsHoursToMinutes()
    {
        var importer = new GenericCsvImporter();
        using var stream = Fixture.Open("csv/daily-metrics.csv");
        var batch = importer.Import(stream, new ImportContext("daily.csv", TimeZoneInfo.Utc));

        Assert.Equal("hrv_rmssd_ms", importer.Mapping["HRV (ms)"]);
        Assert.Equal("resting_hr_bpm", importer.Mapping["Resting HR"]);
        Assert.Equal("sleep_minutes", importer.Mapping["Sleep (hours)"]);
        Assert.False(importer.Mapping.ContainsKey("Mood"));
        Assert.Equal(450, batch.Daily.Single(o => o.Date == new DateOnly(2024, 7, 1) && o.Metric == Metric.SleepMinutes).Value);
        Assert.Equal(48, batch.Daily.Single(o => o.Date == new DateOnly(2024, 7, 2) && o.Metric == Metric.HrvRmssdMs).Value);
        Assert.All(batch.Daily, o => Assert.Equal("csv", o.Source));
    }

    [Fact]
    public void NonIsoDatesAndEmptyRowsAreQuarantined()
    {
        using var stream = Fixture.Open("csv/daily-metrics.csv");
        var batch = new GenericCsvImporter().Import(stream, new ImportContext("daily.csv", TimeZoneInfo.Utc));
        Assert.Equal(4, batch.RowsRead);
        Assert.Contains(batch.Quarantine, r => r.Reason.Contains("'07/03/2024'", StringComparison.Ordinal));
        Assert.Contains(batch.Quarantine, r => r.Reason.StartsWith("no values", StringComparison.Ordinal));
        Assert.Equal(2, batch.RowsAccepted);
    }

    [Fact]
    public void IsDetectedWhenNoDeviceFormatMatches() =>
        Assert.IsType<GenericCsvImporter>(new FormatDetector(new ZipLimits()).Detect(() => Fixture.Open("csv/daily-metrics.csv"), "x.csv", "csv"));
}

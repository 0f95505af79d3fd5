using System.Xml;
using Bio.Core.Ingest;
using Bio.Core.Ingest.AppleHealth;
using Bio.Core.Lake;

namespace Bio.Tests.Ingest;

public sealed class AppleHealthImporterTests
{
    private static readonly DateOnly Nov8 = new(2021, 11, 8);
    private static readonly DateOnly Nov9 = new(2021, 11, 9);

    private static ImportBatch Import(string fixture)
    {
        using var stream = Fixture.Open(fixture);
        return new AppleHealthImporter(new ZipLimits()).Import(stream, new ImportContext("export", TimeZoneInfo.Utc));
    }

    private static double Value(ImportBatch batch, DateOnly day, Metric metric) =>
        batch.Daily.Single(o => o.Date == day && o.Metric == metric).Value;

    [Theory]
    [InlineData("apple-health/export.xml")]
    [InlineData("apple-health/export.zip")]
    public void HrvIsSdnnAveragedPerDayFromTheWatch(string fixture)
    {
        var batch = Import(fixture);
        Assert.Equal(22, Value(batch, Nov8, Metric.HrvSdnnMs)); // (20 + 24) / 2; the other app's 60 is not mixed in
        Assert.DoesNotContain(batch.Daily, o => o.Metric == Metric.HrvRmssdMs);
        Assert.Equal(57, Value(batch, Nov8, Metric.RestingHrBpm));
    }

    [Fact]
    public void OverlappingSourcesAreNotAddedUp()
    {
        var batch = Import("apple-health/export.xml");
        Assert.Equal(7000, Value(batch, Nov8, Metric.Steps)); // the watch, not 7000 + 8000 from the phone too
        Assert.Equal(250, Value(batch, Nov8, Metric.ActiveKcal), 0); // 1046 kJ
    }

    [Fact]
    public void SleepStagesLandOnTheDayTheNightEnded()
    {
        var batch = Import("apple-health/export.xml");
        Assert.Equal(480, Value(batch, Nov9, Metric.InBedMinutes));
        Assert.Equal(270, Value(batch, Nov9, Metric.LightMinutes));
        Assert.Equal(60, Value(batch, Nov9, Metric.DeepMinutes));
        Assert.Equal(90, Value(batch, Nov9, Metric.RemMinutes));
        Assert.Equal(15, Value(batch, Nov9, Metric.AwakeMinutes));
        Assert.Equal(420, Value(batch, Nov9, Metric.SleepMinutes)); // core + deep + REM
    }

    [Fact]
    public void WorkoutsConvertUnitsAndKeepTheirOffset()
    {
        var batch = Import("apple-health/export.xml");
        var run = batch.Workouts.Single(w => w.Discipline == "running");
        Assert.Equal(31.5, run.DurationMinutes);
        Assert.Equal(5.2, run.DistanceKm);
        Assert.Equal(TimeSpan.FromHours(9), run.Start.Offset);
        var ride = batch.Workouts.Single(w => w.Discipline == "cycling");
        Assert.Equal(75, ride.DurationMinutes);
        Assert.Equal(20 * 1.609344, ride.DistanceKm!.Value, 9);
        Assert.Equal(500, ride.Kcal); // "Cal" are kilocalories
    }

    [Theory]
    [InlineData("apple-health/export.xml")]
    [InlineData("apple-health/export.zip")]
    public void AWorkoutsActivityIsItsHealthKitTypeWithoutThePrefix(string fixture)
    {
        // From the file itself: every Workout element's workoutActivityType.
        var types = new List<string>();
        using (var reader = XmlReader.Create(Fixture.Path("apple-health/export.xml"), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore }))
        {
            while (reader.ReadToFollowing("Workout"))
            {
                types.Add(reader.GetAttribute("workoutActivityType")!);
            }
        }

        var batch = Import(fixture);

        Assert.NotEmpty(types);
        Assert.Equal(types.Select(t => t["HKWorkoutActivityType".Length..]).Order(), batch.Workouts.Select(w => w.Activity).Order());
        Assert.Equal("Running", batch.Workouts.Single(w => w.Discipline == "running").Activity);
        Assert.Equal("Cycling", batch.Workouts.Single(w => w.Discipline == "cycling").Activity);
        Assert.All(batch.Workouts, w => Assert.True(w.Instructor is null && w.Live is null && w.DeviceStrain is null));
    }

    [Fact]
    public void BadRecordsAreQuarantinedAndRowsReconcile()
    {
        var batch = Import("apple-health/export.xml");
        Assert.Contains(batch.Quarantine, r => r.Reason.StartsWith("date is not", StringComparison.Ordinal) && r.Reason.Contains("11/10/2021", StringComparison.Ordinal));
        Assert.Contains(batch.Quarantine, r => r.Reason.StartsWith("out of range: hrv_sdnn_ms = 0.5", StringComparison.Ordinal));
        var outcome = new Silver().Merge(batch, "i");
        Assert.Equal(batch.RowsRead, outcome.RowsAccepted + outcome.RowsDuplicate + batch.Quarantine.Count);
    }

    [Fact]
    public void EntitiesAreNeverExpanded()
    {
        // The "billion laughs" file would expand to gigabytes; with DTD processing off it is refused at once.
        Assert.Throws<XmlException>(() => Import("apple-health/billion-laughs.xml"));
    }

    [Fact]
    public void IsDetectedByContentAsXmlOrZip()
    {
        var detector = new FormatDetector(new ZipLimits());
        Assert.IsType<AppleHealthImporter>(detector.Detect(() => Fixture.Open("apple-health/export.xml"), "x", null));
        Assert.IsType<AppleHealthImporter>(detector.Detect(() => Fixture.Open("apple-health/export.zip"), "x", "apple-health"));
        Assert.Throws<ImportFormatException>(() => detector.Detect(() => new MemoryStream("<html><body/></html>"u8.ToArray()), "x", null));
    }
}

public sealed class AppleHealthDailyCsvImporterTests
{
    [Fact]
    public void ReadsLongFormatDailyCsvsKeepingSdnnApart()
    {
        var importer = new FormatDetector(new ZipLimits()).Detect(() => Fixture.Open("apple-health/daily.csv"), "daily.csv", "apple-health");
        using var stream = Fixture.Open("apple-health/daily.csv");
        var batch = importer.Import(stream, new ImportContext("daily.csv", TimeZoneInfo.Utc));

        var day = new DateOnly(2019, 2, 18);
        Assert.Equal(27.9285, batch.Daily.Single(o => o.Date == day && o.Metric == Metric.HrvSdnnMs).Value);
        Assert.Equal(412, batch.Daily.Single(o => o.Date == day && o.Metric == Metric.ActiveKcal).Value);
        Assert.Equal(97, batch.Daily.Single(o => o.Metric == Metric.Spo2Percent).Value, 9);
        Assert.Contains(batch.Quarantine, r => r.Reason.Contains("VO2Max", StringComparison.Ordinal));
        Assert.Equal(batch.RowsRead, batch.RowsAccepted + batch.Quarantine.Count);
    }
}

using Bio.Core.Ingest;
using Bio.Core.Ingest.Peloton;

namespace Bio.Tests.Ingest;

public sealed class PelotonImporterTests
{
    private static ImportBatch Import(string fixture)
    {
        using var stream = Fixture.Open(fixture);
        return new PelotonCsvImporter().Import(stream, new ImportContext("peloton.csv", TimeZoneInfo.Utc));
    }

    [Fact]
    public void ReadsUsUnitsQuotedTitlesAndPercentStrings()
    {
        var batch = Import("peloton/workouts-us.csv");
        var ride = batch.Workouts.Single(w => w.Title == "30 min XOXO, Cody");
        Assert.Equal("cycling", ride.Discipline);
        Assert.Equal(312, ride.OutputKj);
        Assert.Equal(173, ride.AvgWatts);
        Assert.Equal(128.53, ride.AvgHr);
        Assert.Equal(9.45 * 1.609344, ride.DistanceKm!.Value, 9);
        Assert.Equal(new DateTimeOffset(2020, 7, 14, 6, 45, 0, TimeSpan.FromHours(-8)), ride.Start); // PST as written, even in July
        Assert.Equal(new DateOnly(2020, 7, 14), ride.LocalDate);
    }

    [Fact]
    public void NonCyclingRowsWithEmptyOutputAreWorkoutsWithoutOutput()
    {
        var batch = Import("peloton/workouts-us.csv");
        var meditation = batch.Workouts.Single(w => w.Discipline == "mindfulness");
        Assert.Null(meditation.OutputKj);
        Assert.Equal(10, meditation.DurationMinutes);
        Assert.Contains(batch.Workouts, w => w.Discipline == "strength" && w.AvgHr == 110.2);
        Assert.Contains(batch.Workouts, w => w.Title == "3 min 36 sec Just Ride" && w.DurationMinutes == 3);
    }

    [Fact]
    public void BareOffsetsAndMetricUnitsAreRead()
    {
        var us = Import("peloton/workouts-us.csv");
        Assert.Equal(TimeSpan.FromHours(-7), us.Workouts.Single(w => w.Title == "20 min Climb Ride").Start.Offset);
        var metric = Import("peloton/workouts-metric.csv");
        var ride = Assert.Single(metric.Workouts);
        Assert.Equal(15.5, ride.DistanceKm);
        Assert.Equal(TimeSpan.FromHours(1), ride.Start.Offset);
    }

    [Fact]
    public void AbortedRidesAndBadTimestampsAreQuarantined()
    {
        var batch = Import("peloton/workouts-us.csv");
        Assert.Equal(7, batch.RowsRead);
        Assert.Equal(batch.RowsRead, batch.RowsAccepted + batch.Quarantine.Count);
        Assert.Contains(batch.Quarantine, r => r.Reason.StartsWith("aborted ride", StringComparison.Ordinal));
        Assert.Contains(batch.Quarantine, r => r.Reason.Contains("'yesterday'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2020-05-01 07:30 (PDT)", -7 * 60)]
    [InlineData("2021-01-01 07:30 (-08)", -8 * 60)]
    [InlineData("2021-01-01 07:30 (+05:30)", 330)]
    [InlineData("2021-01-01 07:30 (-0330)", -210)]
    public void ParsesZoneAbbreviationsAndOffsets(string text, int minutes)
    {
        Assert.True(PelotonCsvImporter.TryTimestamp(text, out var start));
        Assert.Equal(TimeSpan.FromMinutes(minutes), start.Offset);
    }

    [Theory]
    [InlineData("2021-01-01 07:30")]
    [InlineData("2021-01-01 07:30 (XYZ)")]
    [InlineData("1/1/2021 07:30 (PST)")]
    [InlineData("2021-01-01 07:30 (+15)")]
    public void RefusesTimestampsItCannotPlace(string text) => Assert.False(PelotonCsvImporter.TryTimestamp(text, out _));

    [Fact]
    public void IsDetectedByContent() =>
        Assert.IsType<PelotonCsvImporter>(new FormatDetector(new ZipLimits()).Detect(() => Fixture.Open("peloton/workouts-metric.csv"), "x", null));

    [Theory]
    [InlineData("Cycling", "cycling")]
    [InlineData("Bike Bootcamp", "cardio")]
    [InlineData("Tread Bootcamp", "cardio")]
    [InlineData("Running", "running")]
    [InlineData("Stretching", "mobility")]
    public void PelotonsDisciplinesAreTheirOwn(string discipline, string bio) =>
        Assert.Equal(bio, Bio.Core.Ingest.Disciplines.Normalize(discipline));
}

using Bio.Core.Ingest;
using Bio.Core.Ingest.Peloton;
using Bio.Tests.AgentBank;

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

    [Fact]
    public void RidesWithoutAClassLengthKeepTheirOutputAndDistanceWithALengthDerivedFromThem()
    {
        // Real exports hold scenic and free rides with an empty length but 75-202 kJ and a distance (issue 20).
        var batch = Import("peloton/workouts-scenic.csv");
        var power = batch.Workouts.Single(w => w.OutputKj == 103);
        Assert.Equal(Math.Round(103 * 1000.0 / 171 / 60, 1), power.DurationMinutes); // kJ = W x s / 1000: 10.0 min
        Assert.Equal(2.94 * 1.609344, power.DistanceKm!.Value, 9);
        var speed = batch.Workouts.Single(w => w.OutputKj == 202);
        Assert.Equal(Math.Round(6.1 / 18.2 * 60, 1), speed.DurationMinutes); // no power: distance over speed
        var titled = batch.Workouts.Single(w => w.Title == "20 min Just Ride");
        Assert.Equal(20, titled.DurationMinutes);
        Assert.Equal(20, batch.Workouts.Single(w => w.Title == "20 min Climb Ride").DurationMinutes);

        // Only a row nothing gives a length for is quarantined, and it says why.
        var rejected = Assert.Single(batch.Quarantine);
        Assert.Contains("length is missing", rejected.Reason, StringComparison.Ordinal);
        Assert.Equal(batch.RowsRead, batch.RowsAccepted + batch.Quarantine.Count);
    }

    [Theory]
    [InlineData(150.0, 125.0, null, null, "", 20.0)]
    [InlineData(null, null, 10.0, 20.0, "", 30.0)]
    [InlineData(null, null, null, null, "45 min Power Zone Ride", 45.0)]
    [InlineData(null, null, null, null, "Scenic Ride", null)]
    [InlineData(0.0, 150.0, 0.0, 0.0, "", null)]
    public void ALengthIsDerivedFromPowerThenSpeedThenTitle(double? kj, double? watts, double? distance, double? speed, string title, double? minutes) =>
        Assert.Equal(minutes, PelotonCsvImporter.DerivedMinutes(kj, watts, distance, speed, title));

    private static readonly string BankExport = Path.Combine(Bank.Directory, "exports", "peloton", "peloton_workouts.csv");

    private static bool Aborted(Dictionary<string, string?> raw) => raw["Fitness Discipline"] == "Cycling" && raw["Total Output"] == "0";

    [Fact]
    public void TheFitnessDisciplineInstructorAndLiveFlagAreKeptAsTheExportWritesThem()
    {
        using var stream = File.OpenRead(BankExport);
        var batch = new PelotonCsvImporter().Import(stream, new ImportContext("peloton_workouts.csv", TimeZoneInfo.Utc));
        var raw = RawCsv.Rows(BankExport).Where(r => !Aborted(r)).ToList();

        Assert.Equal(raw.Count, batch.Workouts.Count);
        Assert.Equal(raw.Select(r => r["Fitness Discipline"]).Order(), batch.Workouts.Select(w => w.Activity).Order());
        Assert.Equal(raw.Select(r => r["Instructor Name"]).Order(), batch.Workouts.Select(w => w.Instructor).Order());
        var cody = raw.Count(r => r["Instructor Name"] == "Cody Rigsby");
        Assert.True(cody > 0);
        Assert.Equal(cody, batch.Workouts.Count(w => w.Instructor == "Cody Rigsby"));
        int live = raw.Count(r => r["Live/On-Demand"] == "Live"), onDemand = raw.Count(r => r["Live/On-Demand"] == "On Demand"), unsaid = raw.Count(r => r["Live/On-Demand"] is null);
        Assert.True(live > 0 && onDemand > 0 && unsaid > 0);
        Assert.Equal(raw.Count, live + onDemand + unsaid);
        Assert.Equal((live, onDemand, unsaid), (batch.Workouts.Count(w => w.Live == true), batch.Workouts.Count(w => w.Live == false), batch.Workouts.Count(w => w.Live is null)));
        Assert.All(batch.Workouts, w => Assert.Null(w.DeviceStrain));

        // The live Bike Bootcamp: Bio's discipline is cardio, the device's own name stays beside it.
        var bootcamp = batch.Workouts.Single(w => w.Start == new DateTimeOffset(2020, 9, 16, 19, 0, 0, TimeSpan.FromHours(-7)));
        Assert.Equal(("cardio", "Bike Bootcamp", "Matt Wilpers", (bool?)true), (bootcamp.Discipline, bootcamp.Activity, bootcamp.Instructor, bootcamp.Live));
        // Scenic rides have no instructor and do not say whether they were live.
        var scenic = batch.Workouts.Where(w => w.Title?.Contains("Scenic", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(raw.Count(r => r["Type"] == "Scenic"), scenic.Count);
        Assert.All(scenic, w => Assert.Equal(("Cycling", (string?)null, (bool?)null), (w.Activity, w.Instructor, w.Live)));
    }

    [Fact]
    public void RidesWithNoOutputAreStillQuarantinedAsAbortedWhateverTheirInstructor()
    {
        using var stream = File.OpenRead(BankExport);
        var batch = new PelotonCsvImporter().Import(stream, new ImportContext("peloton_workouts.csv", TimeZoneInfo.Utc));
        var aborted = RawCsv.Rows(BankExport).Count(Aborted);

        Assert.Equal(2, aborted);
        Assert.Equal(aborted, batch.Quarantine.Count(r => r.Reason == "aborted ride: a cycling workout with 0 kJ output"));
        Assert.Equal(batch.RowsRead, batch.RowsAccepted + batch.Quarantine.Count);
    }

    [Fact]
    public void TheSmallExportsClassesSayWhoTaughtThemAndWhetherTheyWereLive()
    {
        var batch = Import("peloton/workouts-us.csv");
        var xoxo = batch.Workouts.Single(w => w.Title == "30 min XOXO, Cody");
        Assert.Equal(("Cycling", "Cody Rigsby", (bool?)false), (xoxo.Activity, xoxo.Instructor, xoxo.Live));
        var meditation = batch.Workouts.Single(w => w.Discipline == "mindfulness");
        Assert.Equal(("Meditation", "Ross Rayburn", (bool?)true), (meditation.Activity, meditation.Instructor, meditation.Live));
        var justRide = batch.Workouts.Single(w => w.Title == "3 min 36 sec Just Ride");
        Assert.Null(justRide.Instructor);
        Assert.Null(justRide.Live);
    }

    [Theory]
    [InlineData("Live", true)]
    [InlineData("On Demand", false)]
    [InlineData(" live ", true)]
    [InlineData("", null)]
    [InlineData("Encore", null)]
    public void TheLiveColumnIsTrueFalseOrUnsaid(string cell, bool? live) => Assert.Equal(live, PelotonCsvImporter.Live(cell));

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

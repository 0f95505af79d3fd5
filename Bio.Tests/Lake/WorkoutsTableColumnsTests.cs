using Bio.Core.Ingest;
using Bio.Core.Lake;
using Bio.Core.Query;
using Parquet.Serialization;

namespace Bio.Tests.Lake;

public sealed class WorkoutsTableColumnsTests
{
    /// <summary>The workouts table as lakes written before <c>activity</c>, <c>instructor</c> and <c>live</c> have it.</summary>
    private sealed class WorkoutRowWithoutDeviceFields
    {
        public DateTime StartUtc { get; set; }
        public int OffsetMinutes { get; set; }
        public DateOnly LocalDate { get; set; }
        public string Discipline { get; set; } = "";
        public string? Title { get; set; }
        public double DurationMinutes { get; set; }
        public double? OutputKj { get; set; }
        public double? AvgWatts { get; set; }
        public double? AvgHr { get; set; }
        public double? MaxHr { get; set; }
        public double? Kcal { get; set; }
        public double? DistanceKm { get; set; }
        public double? DeviceStrain { get; set; }
        public string Source { get; set; } = "";
    }

    private static readonly DateTimeOffset RideStart = new(2020, 9, 16, 19, 0, 0, TimeSpan.FromHours(-7));
    private static readonly DateTimeOffset LiftStart = new(2025, 1, 12, 12, 15, 0, TimeSpan.FromHours(-5));

    private static Silver TwoWorkouts()
    {
        var silver = new Silver();
        var batch = new ImportBatch("test");
        batch.Workouts.Add(new WorkoutRecord(RideStart, DateOnly.FromDateTime(RideStart.DateTime), "cardio", 30, "peloton")
        {
            Activity = "Bike Bootcamp", Title = "30 min Bootcamp: Full Body", Instructor = "Matt Wilpers", Live = true, OutputKj = 132,
        });
        batch.Workouts.Add(new WorkoutRecord(LiftStart, DateOnly.FromDateTime(LiftStart.DateTime), "strength", 34, "whoop")
        {
            Activity = "Functional Fitness", Title = "Functional Fitness", DeviceStrain = 6.1, Kcal = 336.7,
        });
        silver.Merge(batch, "i1");
        return silver;
    }

    [Fact]
    public void TheDevicesOwnFieldsAreColumnsBesideTheDiscipline()
    {
        var row = SilverTables.WorkoutRows(TwoWorkouts()).Single(r => r.Source == "peloton");
        Assert.Equal(("cardio", "Bike Bootcamp", "Matt Wilpers", true), (row.Discipline, row.Activity, row.Instructor, row.Live));
        Assert.Null(row.DeviceStrain);
        Assert.Equal("the device's own name for the workout type, as the export writes it", SchemaDocs.Describe("workouts", "activity"));
        Assert.Equal("the device's own strain score of the workout (WHOOP 0-21)", SchemaDocs.Describe("workouts", "device_strain"));
        Assert.Equal("the device's own strain score (WHOOP 0-21)", SchemaDocs.Describe("daily", "device_strain")); // the day's, unchanged
        Assert.Contains("Peloton", SchemaDocs.Describe("workouts", "instructor"), StringComparison.Ordinal);
        Assert.Contains("live", SchemaDocs.Describe("workouts", "live"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDevicesOwnFieldsRoundTripThroughTheLake()
    {
        var silver = TwoWorkouts();
        using var stream = new MemoryStream();
        await ParquetSerializer.SerializeAsync(SilverTables.WorkoutRows(silver), stream);
        stream.Position = 0;

        var back = SilverTables.Load([], (await ParquetSerializer.DeserializeAsync<WorkoutRow>(stream)).Data, [], [], []);

        Assert.Equal(silver.Workouts.Values, back.Workouts.Values);
        var lift = back.Workouts.Values.Single(w => w.Source == "whoop");
        Assert.Equal(("Functional Fitness", 6.1), (lift.Activity, lift.DeviceStrain));
        Assert.Null(lift.Instructor);
        Assert.Null(lift.Live);
    }

    [Fact]
    public async Task AWorkoutsTableWrittenBeforeTheDevicesOwnFieldsStillReads()
    {
        using var stream = new MemoryStream();
        await ParquetSerializer.SerializeAsync(new[]
        {
            new WorkoutRowWithoutDeviceFields
            {
                StartUtc = LiftStart.UtcDateTime, OffsetMinutes = -300, LocalDate = new DateOnly(2025, 1, 12), Discipline = "strength",
                Title = "Functional Fitness", DurationMinutes = 34, Kcal = 336.7, DeviceStrain = 6.1, Source = "whoop",
            },
        }, stream);
        stream.Position = 0;

        var row = Assert.Single((await ParquetSerializer.DeserializeAsync<WorkoutRow>(stream)).Data);
        var workout = Assert.Single(SilverTables.Load([], [row], [], [], []).Workouts.Values);

        Assert.Equal((LiftStart, "strength", "Functional Fitness", 34.0, 6.1), (workout.Start, workout.Discipline, workout.Title, workout.DurationMinutes, workout.DeviceStrain));
        Assert.Null(workout.Activity);
        Assert.Null(workout.Instructor);
        Assert.Null(workout.Live);
    }
}

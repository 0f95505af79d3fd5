using Bio.Core.Ingest;
using Bio.Core.Lake;
using Bio.Core.Query;
using Parquet.Serialization;

namespace Bio.Tests.Lake;

public sealed class DailyTableColumnsTests
{
    /// <summary>The daily table as lakes written before <c>total_kcal</c> have it (a subset is enough).</summary>
    private sealed class DailyRowWithoutTotalKcal
    {
        public DateOnly Date { get; set; }
        public double? Steps { get; set; }
        public double? ActiveKcal { get; set; }
        public string Sources { get; set; } = "";
    }

    [Fact]
    public void TotalKcalIsItsOwnColumnBesideActiveKcal()
    {
        Assert.Equal("total_kcal", Metric.TotalKcal.Column());
        Assert.True(Metric.TotalKcal.ZeroIsNoReading());
        var row = new DailyRow();
        row.Set(Metric.TotalKcal, 2352);
        row.Set(Metric.ActiveKcal, 610);
        Assert.Equal(2352, row.TotalKcal);
        Assert.Equal(610, row.ActiveKcal);
        Assert.Equal(2352, row.Get(Metric.TotalKcal));
        Assert.Contains("active + resting", SchemaDocs.Describe("daily", "total_kcal"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TotalKcalRoundTripsThroughTheLake()
    {
        var silver = new Silver();
        var day = new DateOnly(2022, 5, 23);
        silver.Daily[(day, Metric.TotalKcal)] = new DailyCell(2352, "fitbit", "");
        silver.Daily[(day, Metric.ActiveKcal)] = new DailyCell(610, "garmin", "");
        using var stream = new MemoryStream();
        await ParquetSerializer.SerializeAsync(SilverTables.DailyRows(silver), stream);
        stream.Position = 0;

        var back = SilverTables.Load((await ParquetSerializer.DeserializeAsync<DailyRow>(stream)).Data, [], [], [], []);

        Assert.Equal(new DailyCell(2352, "fitbit", ""), back.Daily[(day, Metric.TotalKcal)]);
        Assert.Equal(new DailyCell(610, "garmin", ""), back.Daily[(day, Metric.ActiveKcal)]);
    }

    [Fact]
    public async Task ADailyTableWrittenBeforeTotalKcalStillReads()
    {
        using var stream = new MemoryStream();
        await ParquetSerializer.SerializeAsync(
            new[] { new DailyRowWithoutTotalKcal { Date = new DateOnly(2024, 1, 2), Steps = 9000, ActiveKcal = 500, Sources = "steps=oura;active_kcal=oura" } }, stream);
        stream.Position = 0;

        var row = Assert.Single((await ParquetSerializer.DeserializeAsync<DailyRow>(stream)).Data);

        Assert.Equal(9000, row.Steps);
        Assert.Equal(500, row.ActiveKcal);
        Assert.Null(row.TotalKcal);
    }

    [Fact]
    public void OurasReadinessContributorsAndTheSleepNeedAreColumnsOfTheirOwnUnderTheDevicesNames()
    {
        Assert.Equal(
            ["readiness_resting_heart_rate", "readiness_hrv_balance", "readiness_body_temperature", "readiness_recovery_index",
             "readiness_previous_night", "readiness_sleep_balance", "readiness_previous_day_activity", "readiness_activity_balance"],
            Devices.OuraReadinessContributors.Select(c => c.Metric.Column()));
        Assert.Equal(("HRV balance", "0-100"), Metric.ReadinessHrvBalance.Describe());
        Assert.Equal("Oura readiness: HRV balance", Devices.ScoreLabel("readiness_hrv_balance", "oura"));
        Assert.Equal("WHOOP sleep need", Devices.ScoreLabel("sleep_need_minutes", "whoop"));
        Assert.Equal("WHOOP sleep debt", Devices.ScoreLabel("sleep_debt_minutes", "whoop"));
        Assert.Equal("8 h 12 min", Devices.Shown("sleep_need_minutes", 492, "whoop"));
        Assert.Equal("35 min", Devices.Shown("sleep_debt_minutes", 35, "whoop"));
        Assert.Equal("72", Devices.Shown("readiness_hrv_balance", 72, "oura"));
        // A sleep debt of 0 is nothing owed; a sleep need of 0 is no reading.
        Assert.False(Metric.SleepDebtMinutes.ZeroIsNoReading());
        Assert.True(Metric.SleepNeedMinutes.ZeroIsNoReading());
        Assert.All(Devices.OuraReadinessContributors, c => Assert.NotNull(SchemaDocs.Describe("daily", c.Metric.Column())));
    }

    [Fact]
    public async Task ContributorsAndSleepNeedRoundTripThroughTheLake()
    {
        var silver = new Silver();
        var day = new DateOnly(2024, 7, 9);
        silver.Daily[(day, Metric.ReadinessHrvBalance)] = new DailyCell(75, "oura", "");
        silver.Daily[(day, Metric.ReadinessRecoveryIndex)] = new DailyCell(100, "oura", "");
        silver.Daily[(day, Metric.SleepNeedMinutes)] = new DailyCell(480, "whoop", "");
        silver.Daily[(day, Metric.SleepDebtMinutes)] = new DailyCell(0, "whoop", "");
        using var stream = new MemoryStream();
        await ParquetSerializer.SerializeAsync(SilverTables.DailyRows(silver), stream);
        stream.Position = 0;

        var back = SilverTables.Load((await ParquetSerializer.DeserializeAsync<DailyRow>(stream)).Data, [], [], [], []);

        Assert.Equal(new DailyCell(75, "oura", ""), back.Daily[(day, Metric.ReadinessHrvBalance)]);
        Assert.Equal(new DailyCell(100, "oura", ""), back.Daily[(day, Metric.ReadinessRecoveryIndex)]);
        Assert.Equal(new DailyCell(480, "whoop", ""), back.Daily[(day, Metric.SleepNeedMinutes)]);
        Assert.Equal(new DailyCell(0, "whoop", ""), back.Daily[(day, Metric.SleepDebtMinutes)]);
        Assert.False(back.Daily.ContainsKey((day, Metric.ReadinessSleepBalance)));
    }

    [Fact]
    public async Task ADailyTableWrittenBeforeTheContributorsStillReadsWithoutThem()
    {
        using var stream = new MemoryStream();
        await ParquetSerializer.SerializeAsync(
            new[] { new DailyRowWithoutTotalKcal { Date = new DateOnly(2024, 1, 2), Steps = 9000, Sources = "steps=oura" } }, stream);
        stream.Position = 0;

        var row = Assert.Single((await ParquetSerializer.DeserializeAsync<DailyRow>(stream)).Data);

        Assert.Null(row.ReadinessHrvBalance);
        Assert.Null(row.SleepNeedMinutes);
        Assert.Null(row.SleepDebtMinutes);
    }
}

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
}

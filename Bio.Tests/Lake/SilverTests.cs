using Bio.Core.Ingest;
using Bio.Core.Ingest.Oura;
using Bio.Core.Ingest.Whoop;
using Bio.Core.Lake;
using Bio.Tests.Ingest;

namespace Bio.Tests.Lake;

public sealed class SilverTests
{
    private static readonly ImportContext Context = new("f", TimeZoneInfo.Utc);

    private static ImportBatch Oura2022()
    {
        using var s = Fixture.Open("oura/oura-trends-2022.csv");
        return new OuraTrendsCsvImporter().Import(s, Context);
    }

    private static ImportBatch WhoopZip()
    {
        using var s = Fixture.Open("whoop/my_whoop_data_2024_11_05.zip");
        return new WhoopZipImporter(new ZipLimits()).Import(s, Context);
    }

    [Fact]
    public void TheSameFileTwiceIsAllDuplicatesTheSecondTime()
    {
        var silver = new Silver();
        var first = silver.Merge(WhoopZip(), "i1");
        var snapshot = silver.Daily.ToList();

        var second = silver.Merge(WhoopZip(), "i2");

        Assert.True(first.RowsAccepted > 0);
        Assert.Equal(0, second.RowsAccepted);
        Assert.Equal(first.RowsAccepted + first.RowsDuplicate, second.RowsDuplicate);
        Assert.Equal(snapshot, silver.Daily.ToList());
    }

    [Fact]
    public void ARepeatedDayInsideOneFileIsADuplicateRow()
    {
        var batch = Oura2022();
        var outcome = new Silver().Merge(batch, "i1");
        Assert.Equal(1, outcome.RowsDuplicate); // 2019-01-26 appears twice with the same values
        Assert.Equal(batch.RowsAccepted, outcome.RowsAccepted + outcome.RowsDuplicate);
    }

    [Fact]
    public void RowsReadReconcileWithAcceptedQuarantinedAndDuplicates()
    {
        foreach (var batch in new[] { Oura2022(), WhoopZip() })
        {
            var outcome = new Silver().Merge(batch, "i");
            Assert.Equal(batch.RowsRead, outcome.RowsAccepted + outcome.RowsDuplicate + batch.Quarantine.Count);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheStrongerSourceWinsWhateverTheImportOrder(bool ouraFirst)
    {
        var day = new DateOnly(2024, 11, 5);
        var oura = new ImportBatch("oura");
        oura.Daily.Add(new DailyObservation(day, Metric.HrvRmssdMs, 48, "oura", 1));
        var whoop = new ImportBatch("whoop");
        whoop.Daily.Add(new DailyObservation(day, Metric.HrvRmssdMs, 64, "whoop", 1));
        whoop.Daily.Add(new DailyObservation(day, Metric.RecoveryScore, 71, "whoop", 1));

        var silver = new Silver();
        foreach (var batch in ouraFirst ? new[] { oura, whoop } : [whoop, oura])
        {
            silver.Merge(batch, batch.Source);
        }

        Assert.Equal(new DailyCell(48, "oura", "oura"), silver.Daily[(day, Metric.HrvRmssdMs)]);
        Assert.Equal(71, silver.Daily[(day, Metric.RecoveryScore)].Value);
    }

    [Fact]
    public void ANewerValueFromTheSameSourceReplacesTheOlder()
    {
        var day = new DateOnly(2024, 1, 1);
        var silver = new Silver();
        var a = new ImportBatch("oura");
        a.Daily.Add(new DailyObservation(day, Metric.SleepScore, 70, "oura", 1));
        var b = new ImportBatch("oura");
        b.Daily.Add(new DailyObservation(day, Metric.SleepScore, 74, "oura", 1));

        silver.Merge(a, "a");
        var outcome = silver.Merge(b, "b");

        Assert.Equal(1, outcome.ValuesUpdated);
        Assert.Equal(74, silver.Daily[(day, Metric.SleepScore)].Value);
    }
}

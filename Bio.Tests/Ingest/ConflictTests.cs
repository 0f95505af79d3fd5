using System.Text;
using Bio.Core.Ingest;
using Bio.Core.Ingest.Oura;
using Bio.Core.Ingest.Whoop;
using Bio.Core.Lake;

namespace Bio.Tests.Ingest;

public sealed class ConflictTests
{
    private static readonly ImportContext Context = new("f.csv", TimeZoneInfo.Utc);

    private static ImportBatch Oura(string rows) =>
        new OuraTrendsCsvImporter().Import(new MemoryStream(Encoding.UTF8.GetBytes("date,Readiness Score,Average HRV\n" + rows)), Context);

    [Fact]
    public void TwoRowsThatDisagreeAboutADayQuarantineTheLaterOne()
    {
        var batch = Oura("2024-01-01,80,50\n2024-01-02,70,40\n2024-01-01,81,50\n");
        batch.QuarantineConflicts();

        var conflict = Assert.Single(batch.Quarantine);
        Assert.Equal(4, conflict.Line);
        Assert.Contains("conflicting duplicate day: 2024-01-01 readiness_score is 81 here but 80 on line 2", conflict.Reason, StringComparison.Ordinal);
        Assert.Equal(80, batch.Daily.Single(o => o.Date == new DateOnly(2024, 1, 1) && o.Metric == Metric.ReadinessScore).Value);
        var outcome = new Silver().Merge(batch, "i");
        Assert.Equal(batch.RowsRead, outcome.RowsAccepted + outcome.RowsDuplicate + batch.Quarantine.Count);
    }

    [Fact]
    public void RowsRepeatedWithTheSameValuesAreDuplicatesNotConflicts()
    {
        var batch = Oura("2024-01-01,80,50\n2024-01-01,80,50\n");
        batch.QuarantineConflicts();
        Assert.Empty(batch.Quarantine);
        Assert.Equal(1, new Silver().Merge(batch, "i").RowsDuplicate);
    }

    [Fact]
    public void NapsOfOneDayAddUpAndImportAgainAsDuplicates()
    {
        const string header = "Cycle start time,Cycle end time,Cycle timezone,Sleep onset,Wake onset,Asleep duration (min),Nap\n";
        const string rows =
            "2024-11-03 22:50:00,,UTC-08:00,2024-11-04 13:00:00,2024-11-04 13:25:00,25,true\n" +
            "2024-11-03 22:50:00,,UTC-08:00,2024-11-04 17:00:00,2024-11-04 17:20:00,20,true\n";
        ImportBatch Batch() => new WhoopCsvImporter().Import(new MemoryStream(Encoding.UTF8.GetBytes(header + rows)), Context);

        var silver = new Silver();
        var first = Batch();
        first.QuarantineConflicts();
        var outcome = silver.Merge(first, "a");
        Assert.Equal(45, silver.Daily[(new DateOnly(2024, 11, 4), Metric.NapMinutes)].Value);
        Assert.Equal(2, outcome.RowsAccepted);

        var again = Batch();
        again.QuarantineConflicts();
        var second = silver.Merge(again, "b");
        Assert.Equal(0, second.RowsAccepted);
        Assert.Equal(2, second.RowsDuplicate);
    }
}

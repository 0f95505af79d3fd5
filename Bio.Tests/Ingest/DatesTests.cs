using Bio.Core.Ingest.Csv;
using Bio.Core.Ingest.Whoop;

namespace Bio.Tests.Ingest;

public sealed class DatesTests
{
    [Theory]
    [InlineData("2024-02-29", true)]
    [InlineData("2023-02-29", false)]
    [InlineData("2024-13-01", false)]
    [InlineData("2024-00-10", false)]
    [InlineData("2024-1-01", false)]
    [InlineData("7/11/2024", false)]
    [InlineData("2024-07-1x", false)]
    [InlineData("0000-01-01", false)]
    public void IsoDatesAreExactlyYearMonthDay(string text, bool valid)
    {
        Assert.Equal(valid, CsvRows.TryIsoDate(text, out var date));
        if (valid)
        {
            Assert.Equal(DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), date);
        }
    }

    [Fact]
    public void SurroundingSpacesAreTrimmedBeforeTheDateIsRead()
    {
        Assert.Null(CsvRows.IsoDate(" 2024-07-01 ", out var date));
        Assert.Equal(new DateOnly(2024, 7, 1), date);
    }

    [Theory]
    [InlineData("2024-11-04 23:10:00", true)]
    [InlineData("2024-11-04 24:00:00", false)]
    [InlineData("2024-11-04 23:60:00", false)]
    [InlineData("2024-11-04T23:10:00", false)]
    [InlineData("11/4/2024 23:10", false)]
    public void WhoopLocalTimesAreExact(string text, bool valid)
    {
        Assert.Equal(valid, WhoopTime.TryLocal(text, out var local));
        if (valid)
        {
            Assert.Equal(new DateTime(2024, 11, 4, 23, 10, 0), local);
        }
    }
}

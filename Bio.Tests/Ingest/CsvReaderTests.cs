using Bio.Core.Ingest.Csv;

namespace Bio.Tests.Ingest;

public sealed class CsvReaderTests
{
    private static List<string[]> ReadAll(string text, out List<long> lines)
    {
        using var csv = new CsvReader(new StringReader(text));
        var records = new List<string[]>();
        lines = [];
        while (csv.Read())
        {
            records.Add([.. csv.Fields]);
            lines.Add(csv.RecordLine);
        }

        return records;
    }

    [Fact]
    public void ReadsLfAndCrlfRecordsAlike()
    {
        Assert.Equal(ReadAll("a,b\n1,2\n", out _), ReadAll("a,b\r\n1,2\r\n", out _));
        Assert.Equal([["a", "b"], ["1", "2"]], ReadAll("a,b\r\n1,2", out _));
    }

    [Fact]
    public void QuotedFieldsKeepCommasQuotesAndLineBreaks()
    {
        var records = ReadAll("title,len\n\"30 min XOXO, Cody\",30\n\"say \"\"hi\"\"\",1\n\"two\nlines\",2\n", out var lines);
        Assert.Equal(["30 min XOXO, Cody", "30"], records[1]);
        Assert.Equal(["say \"hi\"", "1"], records[2]);
        Assert.Equal(["two\nlines", "2"], records[3]);
        Assert.Equal([1L, 2, 3, 4], lines);
    }

    [Fact]
    public void EmptyCellsAndTrailingCommasAreEmptyFields()
    {
        Assert.Equal([["", "", ""]], ReadAll(",,\n", out _));
        Assert.Equal([["a", "", "c", ""]], ReadAll("a,,c,\n", out _));
    }

    [Fact]
    public void SkipsAUtf8ByteOrderMark() => Assert.Equal([["date"]], ReadAll("\uFEFFdate\n", out _));

    [Fact]
    public void AQuoteInsideAnUnquotedFieldIsLiteral() =>
        Assert.Equal([["=HYPERLINK(\"x\")", "1"]], ReadAll("=HYPERLINK(\"x\"),1\n", out _));

    [Fact]
    public void RecordsSpanningTheInternalBufferAreWhole()
    {
        var longField = new string('x', 200_000);
        var records = ReadAll($"a,{longField}\r\nb,\"{longField}\"\r\n", out _);
        Assert.Equal(longField, records[0][1]);
        Assert.Equal(longField, records[1][1]);
    }

    public static TheoryData<string> Fixtures() =>
    [
        "oura/oura-trends-2022.csv", "oura/oura-trends-2020.csv", "whoop/physiological_cycles.csv",
        "whoop/journal_entries.csv", "peloton/workouts-us.csv",
    ];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void ReadingInTinyChunksGivesTheSameRecords(string fixture)
    {
        var text = File.ReadAllText(Fixture.Path(fixture));
        var whole = ReadAll(text, out var wholeLines);
        for (var seed = 0; seed < 20; seed++)
        {
            using var csv = new CsvReader(new ChunkedReader(text, new Random(seed)));
            var records = new List<string[]>();
            var lines = new List<long>();
            while (csv.Read())
            {
                records.Add([.. csv.Fields]);
                lines.Add(csv.RecordLine);
            }

            Assert.Equal(whole, records);
            Assert.Equal(wholeLines, lines);
        }
    }

    [Theory]
    [InlineData("a,\"b\r\nc\"\r\nd,e")]
    [InlineData("\"x\"\"\",y\r\n")]
    [InlineData("a\r\n\r\nb\r")]
    [InlineData("\"unterminated,1\n2")]
    public void TrickyInputsReadTheSameInTinyChunks(string text)
    {
        var whole = ReadAll(text, out _);
        using var csv = new CsvReader(new ChunkedReader(text, new Random(1)));
        var records = new List<string[]>();
        while (csv.Read())
        {
            records.Add([.. csv.Fields]);
        }

        Assert.Equal(whole, records);
    }

    /// <summary>Hands out 1 to 3 characters per read, to put every boundary in every place.</summary>
    private sealed class ChunkedReader(string text, Random random) : TextReader
    {
        private int position;

        public override int Read(char[] buffer, int index, int count)
        {
            var n = Math.Min(Math.Min(count, random.Next(1, 4)), text.Length - position);
            text.CopyTo(position, buffer, index, n);
            position += n;
            return n;
        }
    }
}

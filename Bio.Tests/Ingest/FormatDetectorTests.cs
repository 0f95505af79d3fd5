using System.IO.Compression;
using System.Text;
using Bio.Core.Ingest;
using Bio.Core.Ingest.Oura;
using Bio.Core.Ingest.Whoop;

namespace Bio.Tests.Ingest;

public sealed class FormatDetectorTests
{
    private static readonly FormatDetector Detector = new(new ZipLimits());

    private static IImporter DetectFile(string fixture, string? declared = null) =>
        Detector.Detect(() => Fixture.Open(fixture), "upload.bin", declared);

    private static IImporter DetectBytes(byte[] bytes, string? declared = null) =>
        Detector.Detect(() => new MemoryStream(bytes), "upload.bin", declared);

    [Theory]
    [InlineData("oura/oura-trends-2022.csv", typeof(OuraTrendsCsvImporter))]
    [InlineData("oura/oura-trends-2020.csv", typeof(OuraTrendsCsvImporter))]
    [InlineData("whoop/physiological_cycles.csv", typeof(WhoopCsvImporter))]
    [InlineData("whoop/workouts.csv", typeof(WhoopCsvImporter))]
    [InlineData("whoop/my_whoop_data_2024_11_05.zip", typeof(WhoopZipImporter))]
    public void DetectsByContentWhateverTheName(string fixture, Type expected) =>
        Assert.IsType(expected, DetectFile(fixture));

    [Fact]
    public void ADeclaredSourceMustMatchTheContent()
    {
        Assert.IsType<WhoopCsvImporter>(DetectFile("whoop/sleeps.csv", "whoop"));
        var error = Assert.Throws<ImportFormatException>(() => DetectFile("whoop/sleeps.csv", "oura"));
        Assert.Contains("declared as 'oura'", error.Message, StringComparison.Ordinal);
        Assert.Throws<ImportFormatException>(() => DetectFile("whoop/sleeps.csv", "polar-h10"));
    }

    [Fact]
    public void EmptyBinaryAndUnknownFilesGetASentence()
    {
        Assert.Contains("empty", Assert.Throws<ImportFormatException>(() => DetectBytes([])).Message, StringComparison.Ordinal);
        Assert.Contains("binary", Assert.Throws<ImportFormatException>(() => DetectBytes([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 13])).Message, StringComparison.Ordinal);
        Assert.Contains("does not recognize", Assert.Throws<ImportFormatException>(() => DetectBytes("a,b,c\n1,2,3\n"u8.ToArray())).Message, StringComparison.Ordinal);
        Assert.Contains("not an Oura or WHOOP", Assert.Throws<ImportFormatException>(() => DetectBytes("{\"data\":[]}"u8.ToArray())).Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", Assert.Throws<ImportFormatException>(() => DetectBytes("{\"data\":[1,"u8.ToArray())).Message, StringComparison.Ordinal);
        Assert.Contains("damaged", Assert.Throws<ImportFormatException>(() => DetectBytes([.. "PK\u0003\u0004"u8, .. new byte[40]])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMultiByteCharacterCutByTheSampleIsNotBinary()
    {
        var header = "date,Readiness Score,Average HRV,Temperature Deviation (°C)\n";
        var padding = new string('x', 8192 - Encoding.UTF8.GetByteCount(header) - 1);
        var bytes = Encoding.UTF8.GetBytes(header + padding + "°\n");
        Assert.IsType<OuraTrendsCsvImporter>(DetectBytes(bytes));
    }

    [Fact]
    public void AZipBombStopsAtTheLimitWithAClearError()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("physiological_cycles.csv", CompressionLevel.SmallestSize).Open();
            entry.Write(Encoding.UTF8.GetBytes("Cycle start time,Cycle end time,Cycle timezone,Recovery score %\n"));
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 64; i++)
            {
                entry.Write(zeros); // 64 MB of zeros compress to ~64 KB
            }
        }

        var bytes = buffer.ToArray();
        var importer = Detector.Detect(() => new MemoryStream(bytes), "bomb.zip", null);
        var limited = new WhoopZipImporter(new ZipLimits(MaxTotalBytes: 8 * 1024 * 1024));
        var error = Assert.Throws<ImportFormatException>(() => limited.Import(new MemoryStream(bytes), new ImportContext("bomb.zip", TimeZoneInfo.Utc)));
        Assert.Contains("zip bomb", error.Message, StringComparison.Ordinal);
        Assert.IsType<WhoopZipImporter>(importer);
    }
}

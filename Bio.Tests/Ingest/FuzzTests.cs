using System.Text;
using Bio.Core.Ingest;
using Bio.Core.Lake;

namespace Bio.Tests.Ingest;

/// <summary>
/// Random mutations of valid exports (seeded, so a failure can be replayed) never escape as anything but
/// a parse error with a sentence or rows that are each accepted, quarantined with a reason, or duplicates.
/// </summary>
public sealed class FuzzTests
{
    public static TheoryData<string> Fixtures() =>
    [
        "oura/oura-trends-2022.csv",
        "oura/oura-trends-2020.csv",
        "whoop/physiological_cycles.csv",
        "whoop/sleeps.csv",
        "whoop/workouts.csv",
        "whoop/journal_entries.csv",
        "whoop/my_whoop_data_2024_11_05.zip",
        "peloton/workouts-us.csv",
        "peloton/workouts-metric.csv",
        "apple-health/export.xml",
        "oura/oura_sleep_2024-07-13T09-46-08.csv",
        "csv/daily-metrics.csv",
        "garmin/hrv.csv",
        "fitbit/sleep-2022-10-15.json",
        "fitbit/sleep_score.csv",
        "garmin/activities.csv",
        "oura/oura-api-v2-sleep.json",
        "oura/oura-api-v1-sleep.json",
        "oura/oura-api-v2-heartrate.json",
        "whoop/whoop-api-v2-recovery.json",
        "whoop/whoop-api-v2-sleep.json",
        "oura/oura_daily-readiness_2024-07-13T09-46-08.csv",
        "apple-health/export.zip",
    ];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void MutatedFilesFailCleanlyOrReconcile(string fixture)
    {
        var original = File.ReadAllBytes(Fixture.Path(fixture));
        var detector = new FormatDetector(new ZipLimits(MaxTotalBytes: 16 * 1024 * 1024));
        var random = new Random(fixture.Sum(c => c) ^ 20261125); // stable across runs, unlike string.GetHashCode
        var imported = 0;
        for (var i = 0; i < 500; i++)
        {
            var mutated = Mutate(original, random);
            try
            {
                var importer = detector.Detect(() => new MemoryStream(mutated), "fuzz", null);
                var batch = importer.Import(new MemoryStream(mutated), new ImportContext("fuzz", TimeZoneInfo.Utc));
                batch.QuarantineConflicts();
                var outcome = new Silver().Merge(batch, "fuzz");
                Assert.Equal(batch.RowsRead, outcome.RowsAccepted + outcome.RowsDuplicate + batch.Quarantine.Count);
                Assert.All(batch.Quarantine, r => Assert.False(string.IsNullOrWhiteSpace(r.Reason)));
                Assert.All(batch.Daily, o =>
                {
                    var (min, max) = o.Metric.Range();
                    Assert.InRange(o.Value, min, max);
                });
                imported++;
            }
            catch (ImportFormatException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
            }
            catch (InvalidDataException)
            {
                // a damaged deflate stream inside a zip: the pipeline reports it as a rejected file
            }
            catch (System.Text.Json.JsonException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message)); // malformed JSON: a rejected file
            }
            catch (System.Xml.XmlException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message)); // malformed XML: also a rejected file
            }
        }

        // Some mutants must get through to the reconciliation, or its assertions never ran (12 to 393 of 500 do).
        Assert.True(imported > 0, $"none of 500 mutants of {fixture} was imported: only the failure paths were tested");
    }

    private const string Specials = ",\"\r\n=-.0N";

    private static byte[] Mutate(byte[] input, Random random)
    {
        var bytes = new List<byte>(input);
        var edits = random.Next(1, 6);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes.RemoveAt(at); break;
                case 2: bytes.Insert(at, (byte)Specials[random.Next(Specials.Length)]); break;
                case 3: bytes.RemoveRange(at, bytes.Count - at); break; // truncate
                case 4: bytes.InsertRange(at, Encoding.UTF8.GetBytes(random.Next(3) switch { 0 => "None", 1 => "1e308", _ => "-0" })); break;
                case 5: bytes.InsertRange(at, bytes.GetRange(at, Math.Min(200, bytes.Count - at))); break; // duplicate a run
                default: bytes[at] = (byte)(bytes[at] ^ (1 << random.Next(8))); break;
            }
        }

        return [.. bytes];
    }
}

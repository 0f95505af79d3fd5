using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Storage.Blobs;
using Bio.Core.Ingest;
using Bio.Core.Lake;
using Bio.Core.Synthetic;
using Bio.Tools;

namespace Bio.Bench;

/// <summary>
/// Warm end-to-end ingest against a real Azurite (started here on free loopback ports, in memory):
/// bronze upload, detection, import, merge and a full lake version written to Blob storage — everything
/// an upload does except the HTTP hop and the grain call.
/// </summary>
internal static class EndToEnd
{
    public static async Task RunAsync()
    {
        using (var azurite = await BenchAzurite.StartAsync())
        {
            var lake = new LakeStore(new BlobServiceClient(azurite.ConnectionString));
            var pipeline = new IngestPipeline(lake, new FormatDetector(new ZipLimits()), TimeProvider.System);
            var lastDay = new DateOnly(2026, 11, 24);

            foreach (var (label, years, files) in new[]
            {
                ("one year, one source (Oura trends CSV)", 1, new[] { "oura" }),
                ("five years, three sources (Oura trends + WHOOP cycles + Peloton)", 5, new[] { "oura", "whoop", "peloton" }),
            })
            {
                var person = SyntheticPerson.Generate(11, 365 * years, lastDay);
                var uploads = files.Select(f => (Name: f, Bytes: f switch
                {
                    "oura" => Files.OuraTrendsFromSynthetic(person),
                    "whoop" => WhoopCycles(person),
                    _ => Peloton(person),
                })).ToList();
                var samples = new List<double>();
                for (var run = 0; run < 8; run++)
                {
                    var user = $"bench-{years}-{run}";
                    var clock = Stopwatch.StartNew();
                    var silver = new Silver();
                    var version = 0;
                    foreach (var (name, bytes) in uploads)
                    {
                        var bronze = await lake.WriteBronzeAsync(user, new MemoryStream(bytes), name + ".csv");
                        var result = await pipeline.RunAsync(user, TimeZoneInfo.Utc, silver, version, bronze, null, $"imp-{name}");
                        version = result.Report.LakeVersion;
                    }

                    if (run >= 3)
                    {
                        samples.Add(clock.Elapsed.TotalMilliseconds); // the first 3 runs warm up
                    }
                }

                samples.Sort();
                Console.WriteLine($"end to end into Azurite, {label}: median {samples[samples.Count / 2]:0} ms, best {samples[0]:0} ms ({samples.Count} warm runs, {uploads.Sum(u => u.Bytes.Length) / 1024} KB uploaded)");
            }
        }
    }

    private static byte[] WhoopCycles(SyntheticData person)
    {
        var sb = new StringBuilder("Cycle start time,Cycle end time,Cycle timezone,Recovery score %,Resting heart rate (bpm),Heart rate variability (ms),Day Strain,Sleep performance %,Asleep duration (min)\n");
        foreach (var day in person.Batch.Daily.GroupBy(o => o.Date).OrderByDescending(g => g.Key))
        {
            string V(Metric m) => day.Where(o => o.Metric == m).Select(o => o.Value.ToString("0.##", CultureInfo.InvariantCulture)).FirstOrDefault() ?? "";
            var start = day.Key.AddDays(-1).ToDateTime(new TimeOnly(23, 0));
            sb.Append(CultureInfo.InvariantCulture, $"{start:yyyy-MM-dd HH:mm:ss},{start.AddDays(1):yyyy-MM-dd HH:mm:ss},UTC+00:00,{V(Metric.ReadinessScore)},{V(Metric.RestingHrBpm)},{V(Metric.HrvRmssdMs)},,{V(Metric.SleepScore)},{V(Metric.SleepMinutes)}\n");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static byte[] Peloton(SyntheticData person)
    {
        var sb = new StringBuilder("Workout Timestamp,Live/On-Demand,Instructor Name,Length (minutes),Fitness Discipline,Type,Title,Class Timestamp,Total Output,Avg. Watts,Avg. Resistance,Avg. Cadence (RPM),Avg. Speed (kph),Distance (km),Calories Burned,Avg. Heartrate,Avg. Incline,Avg. Pace (min/km)\n");
        foreach (var w in person.Batch.Workouts)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{w.Start:yyyy-MM-dd HH:mm} (+00),On Demand,Coach,{w.DurationMinutes:0},Cycling,Endurance,\"{w.DurationMinutes:0} min Ride, Coach\",,{(w.OutputKj ?? 300):0},150,40%,80,30,{(w.DistanceKm ?? 10):0.0},{(w.Kcal ?? 300):0},{w.AvgHr:0.0},,\n");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

}

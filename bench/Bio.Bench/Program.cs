using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bio.Bench;
using Bio.Core.Ingest;
using Bio.Core.Ingest.Oura;
using Bio.Core.Ingest.Peloton;
using Bio.Core.Ingest.Whoop;
using Bio.Core.Lake;
using Bio.Core.Synthetic;

// Console harness for ingest speed. Run in Release:
//   dotnet run -c Release --project bench/Bio.Bench [-- rows]
// It prints one line per measurement; docs/benchmarks.md records the results.
var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
var context = new ImportContext("bench", TimeZoneInfo.Utc);
Console.WriteLine($"# Bio ingest benchmarks: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {rows:N0} rows per CSV");

Measure("csv reader alone (oura file)", Files.OuraTrends(rows), b =>
{
    using var csv = new Bio.Core.Ingest.Csv.CsvReader(new StreamReader(new MemoryStream(b)));
    long n = 0;
    while (csv.Read())
    {
        n++;
    }

    return n;
});
Measure("oura trends csv", Files.OuraTrends(rows), b => new OuraTrendsCsvImporter().Import(new MemoryStream(b), context).RowsRead);
Measure("whoop cycles csv", Files.WhoopCycles(rows), b => new WhoopCsvImporter().Import(new MemoryStream(b), context).RowsRead);
Measure("peloton workouts csv", Files.Peloton(rows), b => new PelotonCsvImporter().Import(new MemoryStream(b), context).RowsRead);

// Warm end-to-end of the in-process part of an ingest: parse one year of a person's Oura export,
// merge into silver, build every silver and gold table, and write them as Parquet (storage excluded).
foreach (var years in new[] { 1, 5 })
{
    var csv = Files.OuraTrendsFromSynthetic(SyntheticPerson.Generate(7, 365 * years, new DateOnly(2026, 11, 24)));
    var samples = new List<double>();
    for (var i = 0; i < 15; i++)
    {
        var clock = Stopwatch.StartNew();
        var batch = new OuraTrendsCsvImporter().Import(new MemoryStream(csv), context);
        var silver = new Silver();
        silver.Merge(batch, "bench");
        var snapshot = new LakeSnapshot(silver);
        foreach (var (_, _, write) in snapshot.Writers())
        {
            using var sink = new MemoryStream();
            await write(sink, CancellationToken.None);
        }

        if (i >= 5)
        {
            samples.Add(clock.Elapsed.TotalMilliseconds); // the first 5 runs are warm-up
        }
    }

    samples.Sort();
    Console.WriteLine($"ingest {years} year(s) parse+merge+gold+parquet: median {samples[samples.Count / 2]:0.0} ms, best {samples[0]:0.0} ms ({samples.Count} warm runs, {csv.Length / 1024} KB csv)");
}

static void Measure(string name, byte[] file, Func<byte[], long> run)
{
    run(file); // warm-up (JIT, tiering)
    run(file);
    var best = double.MaxValue;
    long count = 0;
    for (var i = 0; i < 5; i++)
    {
        var clock = Stopwatch.StartNew();
        count = run(file);
        best = Math.Min(best, clock.Elapsed.TotalSeconds);
    }

    var mb = file.Length / (1024.0 * 1024.0);
    Console.WriteLine($"{name}: {mb:0.0} MB, {count:N0} rows, best of 5: {mb / best:0.0} MB/s, {count / best:N0} rows/s, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB");
}

namespace Bio.Bench
{
    /// <summary>Export files of a given size in the shapes of FORMATS.md, made in memory.</summary>
    internal static class Files
    {
        public static byte[] OuraTrends(int rows)
        {
            var sb = new StringBuilder("date,Sleep Score,Total Sleep Duration,Total Bedtime ,Awake Time,REM Sleep Duration,Light Sleep Duration,Deep Sleep Duration,Sleep Efficiency,Average Resting Heart Rate,Lowest Resting Heart Rate,Average HRV,Temperature Deviation (°C),Respiratory Rate,Activity Burn,Steps,Readiness Score\r\n");
            var day = new DateOnly(1900, 1, 1);
            for (var i = 0; i < rows; i++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{day.AddDays(i):yyyy-MM-dd},{70 + i % 20},{27000 + i % 900},{29000 + i % 900},1800,5400,14400,{6000 + i % 600},{88 + i % 7},{60 + i % 9}.62,{55 + i % 7}.0,{40 + i % 30},{(i % 11 - 5) / 10.0},16.875,{300 + i % 200},{6000 + i % 6000},{60 + i % 35}\r\n");
            }

            return Encoding.UTF8.GetBytes(sb.ToString());
        }

        public static byte[] WhoopCycles(int rows)
        {
            var sb = new StringBuilder("Cycle start time,Cycle end time,Cycle timezone,Recovery score %,Resting heart rate (bpm),Heart rate variability (ms),Skin temp (celsius),Blood oxygen %,Day Strain,Energy burned (cal),Max HR (bpm),Average HR (bpm),Sleep onset,Wake onset,Sleep performance %,Respiratory rate (rpm),Asleep duration (min),In bed duration (min),Light sleep duration (min),Deep (SWS) duration (min),REM duration (min),Awake duration (min),Sleep need (min),Sleep debt (min),Sleep efficiency %,Sleep consistency %\n");
            var start = new DateTime(2200, 1, 1, 23, 10, 0);
            for (var i = 0; i < rows; i++)
            {
                var s = start.AddDays(-i);
                sb.Append(CultureInfo.InvariantCulture, $"{s:yyyy-MM-dd HH:mm:ss},{s.AddDays(1):yyyy-MM-dd HH:mm:ss},UTC-04:00,{30 + i % 60},{50 + i % 10},{40 + i % 40},33.{10 + i % 80},96.{i % 9},{8 + i % 10}.1,{1800 + i % 400},{150 + i % 30},{70 + i % 9},{s:yyyy-MM-dd HH:mm:ss},{s.AddHours(8):yyyy-MM-dd HH:mm:ss},{70 + i % 25},15.{i % 9},{400 + i % 60},{450 + i % 60},210,90,110,40,480,10,{85 + i % 10},80\n");
            }

            return Encoding.UTF8.GetBytes(sb.ToString());
        }

        public static byte[] Peloton(int rows)
        {
            var sb = new StringBuilder("Workout Timestamp,Live/On-Demand,Instructor Name,Length (minutes),Fitness Discipline,Type,Title,Class Timestamp,Total Output,Avg. Watts,Avg. Resistance,Avg. Cadence (RPM),Avg. Speed (mph),Distance (mi),Calories Burned,Avg. Heartrate,Avg. Incline,Avg. Pace (min/mi)\n");
            var start = new DateTime(1990, 1, 1, 6, 45, 0);
            for (var i = 0; i < rows; i++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{start.AddHours(i * 7):yyyy-MM-dd HH:mm} (-07),On Demand,Cody Rigsby,30,Cycling,Music,\"30 min XOXO, Cody\",{start:yyyy-MM-dd HH:mm} (PST),{200 + i % 200},{150 + i % 50},41%,82,18.9,9.45,401,128.53,,\n");
            }

            return Encoding.UTF8.GetBytes(sb.ToString());
        }

        /// <summary>A synthetic person written as the Oura trends CSV they would have exported.</summary>
        public static byte[] OuraTrendsFromSynthetic(SyntheticData data)
        {
            var sb = new StringBuilder("date,Sleep Score,Total Sleep Duration,Deep Sleep Duration,REM Sleep Duration,Lowest Resting Heart Rate,Average HRV,Temperature Deviation (°C),Respiratory Rate,Steps,Readiness Score\r\n");
            foreach (var day in data.Batch.Daily.GroupBy(o => o.Date).OrderBy(g => g.Key))
            {
                string V(Metric m, double scale = 1) =>
                    day.FirstOrDefault(o => o.Metric == m) is { Source: not null } o && o.Metric == m ? (o.Value * scale).ToString("0.##", CultureInfo.InvariantCulture) : "None";
                sb.Append(CultureInfo.InvariantCulture, $"{day.Key:yyyy-MM-dd},{V(Metric.SleepScore)},{V(Metric.SleepMinutes, 60)},{V(Metric.DeepMinutes, 60)},{V(Metric.RemMinutes, 60)},{V(Metric.RestingHrBpm)},{V(Metric.HrvRmssdMs)},{V(Metric.SkinTempDevC)},{V(Metric.RespiratoryRate)},{V(Metric.Steps)},{V(Metric.ReadinessScore)}\r\n");
            }

            return Encoding.UTF8.GetBytes(sb.ToString());
        }
    }
}

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
//   dotnet run -c Release --project bench/Bio.Bench [-- rows]      CSV throughput and in-process ingest
//   dotnet run -c Release --project bench/Bio.Bench -- e2e         end to end into Azurite
//   dotnet run -c Release --project bench/Bio.Bench -- apple 1024  Apple Health memory on a 1 GB export
//   dotnet run -c Release --project bench/Bio.Bench -- detect 50   illness-signal quality on synthetic people
//   dotnet run -c Release --project bench/Bio.Bench -- analytics   full and incremental recompute, 5-year user
//   dotnet run -c Release --project bench/Bio.Bench -- forecast [files or folders...] [synthetic=N] [ridge=30 ...]   the walk-forward forecaster per series
//   dotnet run -c Release --project bench/Bio.Bench -- nightly 1000   the nightly forecast cycle for many users
//   dotnet run -c Release --project bench/Bio.Bench -- sql   the SQL sandbox: build and query latency
//   dotnet run -c Release --project bench/Bio.Bench -- agent 5   offline answer latency, cold, warm and cached, on a real silo
//   dotnet run -c Release --project bench/Bio.Bench -- report   a weekly report's build and HTML render time
//   dotnet run -c Release --project bench/Bio.Bench -- load 1000 200 10 16 [30]   N users' day, then R concurrent dashboard readers for S s (P at a time; D days of history each)
//   dotnet run -c Release --project bench/Bio.Bench -- memory 1095 50   what a person's data costs in memory, by part (D days, P people)
//   dotnet run -c Release --project bench/Bio.Bench -- sync 1000 60 6000 32   N people connecting Oura and WHOOP (fake clouds on loopback, D nights each), a budget of C calls a minute per provider, P at a time
//   dotnet run -c Release --project bench/Bio.Bench -- plans [train=200 epochs=40 heldout=200]   a learned plan policy against the rules in simulation
// It prints one line per measurement; docs/benchmarks.md records the results.
if (args is ["plans", ..])
{
    PlansBench.Run(args[1..]);
    return;
}

if (args is ["forecast", ..])
{
    WalkForwardBench.Run(args[1..]);
    return;
}

if (args is ["detect", ..])
{
    // Illness-signal quality on synthetic people with injected ground truth (forward in time only).
    var people = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
    var score = Bio.Core.Analytics.DetectionEvaluation.IllnessSignal(Enumerable.Range(1, people), 730, new DateOnly(2026, 11, 24));
    Console.WriteLine($"illness signal, {score.People} synthetic people x 730 days: {score.Detected}/{score.Events} illnesses caught (recall {score.Recall:0.00}), " +
        $"{score.FalseAlertDaysPerPersonMonth:0.00} false alert days per person-month, median lead {score.MedianLeadDays:0} day(s) before symptoms");
    var over = Bio.Core.Analytics.DetectionEvaluation.Overreaching(Enumerable.Range(1, people), 730, new DateOnly(2026, 11, 24));
    Console.WriteLine($"overreaching (risk 'high'), {over.People} synthetic people x 730 days: {over.Detected}/{over.Events} blocks caught within 3 days (recall {over.Recall:0.00}), " +
        $"{over.FalseAlertDaysPerPersonMonth:0.00} false high-risk days per person-month, median {over.MedianLeadDays:0} day(s) after the block began");
    return;
}

if (args is ["agent", ..])
{
    await Bio.Bench.Agent.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1826);
    return;
}

if (args is ["load", ..])
{
    int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
    await Load.RunAsync(Arg(1, 1000), Arg(2, 200), Arg(3, 10), Arg(4, 16), Arg(5, 30));
    return;
}

if (args is ["memory", ..])
{
    await Memory.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1095, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50);
    return;
}

if (args is ["sync", ..])
{
    int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
    await SyncBench.RunAsync(Arg(1, 1000), Arg(2, 60), Arg(3, 6000), Arg(4, 32));
    return;
}

if (args is ["report"])
{
    Reports.Run();
    return;
}

if (args is ["sql"])
{
    Sql.Run();
    return;
}

if (args is ["nightly", ..])
{
    Forecasts.Nightly(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000);
    return;
}

if (args is ["backtest", ..])
{
    WalkForwardBench.Run(args[1..]);
    return;
}

if (args is ["analytics", ..])
{
    Analytics.Run();
    return;
}

if (args is ["e2e"])
{
    await EndToEnd.RunAsync();
    return;
}

if (args is ["apple", var size])
{
    // Apple Health memory: stream a generated export.xml of <size> MB through the importer and report
    // the peak working set, which must not grow with the file.
    var megabytes = int.Parse(size, CultureInfo.InvariantCulture);
    var clock = Stopwatch.StartNew();
    using var export = new GeneratedAppleExport(megabytes * 1024L * 1024);
    var batch = new Bio.Core.Ingest.AppleHealth.AppleHealthImporter(new ZipLimits()).Import(export, new ImportContext("export.xml", TimeZoneInfo.Utc));
    var seconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"apple health export.xml: {megabytes} MB streamed in {seconds:0.0} s ({megabytes / seconds:0.0} MB/s), {batch.RowsRead:N0} day rows, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB");
    return;
}

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
        foreach (var (_, write) in snapshot.Writers())
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
    /// <summary>An Apple Health export.xml of a given size, generated as it is read (never in memory whole).</summary>
    internal sealed class GeneratedAppleExport(long size) : Bio.Core.IO.ForwardOnlyStream
    {
        private readonly byte[] header = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE HealthData [\n<!ELEMENT HealthData ANY>\n]>\n<HealthData locale=\"en_US\">\n<ExportDate value=\"2026-11-24 21:13:51 +0100\"/>\n");
        private readonly byte[] footer = Encoding.UTF8.GetBytes("</HealthData>\n");
        private byte[] pending = [];
        private int offset;
        private long produced;
        private long record;
        private bool done;

        public override int Read(byte[] buffer, int index, int count)
        {
            var written = 0;
            while (written < count)
            {
                if (offset == pending.Length)
                {
                    if (done)
                    {
                        break;
                    }

                    pending = Next();
                    offset = 0;
                }

                var n = Math.Min(count - written, pending.Length - offset);
                Array.Copy(pending, offset, buffer, index + written, n);
                offset += n;
                written += n;
            }

            return written;
        }

        private byte[] Next()
        {
            if (record == 0 && produced == 0)
            {
                produced += header.Length;
                record++;
                return header;
            }

            if (produced >= size)
            {
                done = true;
                return footer;
            }

            // Five samples an hour across the years: HRV, heart-rate-like steps, energy, all from a watch.
            var at = new DateTime(2000, 1, 1).AddMinutes(12 * record);
            var type = (record % 3) switch { 0 => "HeartRateVariabilitySDNN\" unit=\"ms", 1 => "StepCount\" unit=\"count", _ => "ActiveEnergyBurned\" unit=\"kcal" };
            var line = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $"<Record type=\"HKQuantityTypeIdentifier{type}\" sourceName=\"Apple Watch\" sourceVersion=\"9.1\" creationDate=\"{at:yyyy-MM-dd HH:mm:ss} +0100\" startDate=\"{at:yyyy-MM-dd HH:mm:ss} +0100\" endDate=\"{at.AddMinutes(5):yyyy-MM-dd HH:mm:ss} +0100\" value=\"{20 + record % 40}\"><MetadataEntry key=\"HKMetadataKeyHeartRateMotionContext\" value=\"1\"/></Record>\n"));
            produced += line.Length;
            record++;
            return line;
        }

        public override long Position { get => produced; set => throw new NotSupportedException(); }
    }

    /// <summary>Export files of a given size in the shapes of FORMATS.md, made in memory.</summary>
    internal static class Files
    {
        /// <summary>The 2022 trends export: all 54 columns, as a real file has them (FORMATS.md §1a).</summary>
        public static byte[] OuraTrends(int rows)
        {
            const string header = "date,Sleep Score,Total Sleep Score,REM Sleep Score,Deep Sleep Score,Sleep Efficiency Score,Restfulness Score,Sleep Latency Score,Sleep Timin Score,Total Sleep Duration,Total Bedtime ,Awake Time,REM Sleep Duration,Light Sleep Duration,Deep Sleep Duration,Restless Sleep,Sleep Efficiency,Sleep Latency,Sleep Timing,Bedtime Start,Bedtime End,Average Resting Heart Rate,Lowest Resting Heart Rate,Average HRV,Temperature Deviation (°C),Temperature Trend Deviation,Respiratory Rate,Activity Score,Stay Active Score,Move Every Hour Score,Meet Daily Targets Score,Training Frequency Score,Training Volume Score,Activity Burn,Total Burn,Steps,Equivalent Walking Distance,Inactive Time,Rest Time,Low Activity Time,Medium Activity Time,High Activity Time,Non-wear Time,Average MET,Long Periods of Inactivity,Readiness Score,Previous Night Score,Sleep Balance Score,Previous Day Activity Score,Activity Balance Score,Temperature Score,Resting Heart Rate Score,HRV Balance Score,Recovery Index Score";
            var sb = new StringBuilder(header).Append("\r\n");
            var day = new DateOnly(1900, 1, 1);
            for (var i = 0; i < rows; i++)
            {
                var d = day.AddDays(i);
                sb.Append(CultureInfo.InvariantCulture,
                    $"{d:yyyy-MM-dd},{70 + i % 20},{80 + i % 15},{75 + i % 20},{85 + i % 10},{90 + i % 9},{60 + i % 30},{80 + i % 15},{70 + i % 25},{27000 + i % 900},{29000 + i % 900},1800,5400,14400,{6000 + i % 600},{100 + i % 50},{88 + i % 7},{600 + i % 300},{1200 + i % 600},{d:yyyy-MM-dd}T22:39:08-06:00,{d.AddDays(1):yyyy-MM-dd}T06:39:08-06:00,{60 + i % 9}.62,{55 + i % 7}.0,{40 + i % 30},{(i % 11 - 5) / 10.0},{(i % 7 - 3) / 10.0},16.875,{70 + i % 25},{80 + i % 15},{90 + i % 10},{60 + i % 30},{80 + i % 20},{70 + i % 25},{300 + i % 200},{2400 + i % 300},{6000 + i % 6000},{5000 + i % 4000},{34620 + i % 600},{20000 + i % 900},{12000 + i % 800},{3000 + i % 600},{600 + i % 300},{1200 + i % 600},1.53125,{i % 3},{60 + i % 35},{70 + i % 25},{75 + i % 20},{80 + i % 15},{85 + i % 10},{90 + i % 9},{80 + i % 15},{70 + i % 25},{95 + i % 5}\r\n");
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

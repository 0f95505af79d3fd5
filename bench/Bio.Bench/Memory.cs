using Bio.Core.Analytics;
using Bio.Core.Lake;
using Bio.Core.Synthetic;
using Parquet.Serialization;

namespace Bio.Bench;

/// <summary>
/// What one person's data costs in memory, by part, for a history length: silver as the import builds it,
/// silver as a grain reads it back from the lake (after a restart or a reactivation), the analytics over
/// it, and every lake table built. PEOPLE people are held at once so the per-person figure is an average
/// over real, distinct data; each figure is a forced-collection heap difference.
/// </summary>
internal static class Memory
{
    public static async Task RunAsync(int days, int people)
    {
        Console.WriteLine($"# Bio memory: {people} synthetic people with {days} days each, .NET {Environment.Version}");
        var lastDay = new DateOnly(2026, 11, 30);
        var keep = new List<object>();

        long Heap() => GC.GetTotalMemory(forceFullCollection: true);
        void Report(string what, long before, int cells)
        {
            var perPerson = (Heap() - before) / (double)people;
            Console.WriteLine($"{what,-46} {perPerson / 1024,9:0.0} KiB a person  {perPerson / days,7:0} B a day" +
                (cells > 0 ? $"  {perPerson / cells,6:0} B a value" : ""));
        }

        // Silver, merged from the import as the pipeline does it.
        var batches = Enumerable.Range(1, people).Select(seed => SyntheticPerson.Generate(seed, days, lastDay).Batch).ToList();
        var start = Heap();
        var merged = new List<Silver>();
        foreach (var batch in batches)
        {
            var silver = new Silver();
            silver.Merge(batch, "imp-1");
            merged.Add(silver);
        }

        var cellsPerPerson = (int)(merged.Sum(s => (long)s.Daily.Count) / people);
        Console.WriteLine($"silver: {cellsPerPerson} daily values and {merged.Sum(s => s.Workouts.Count) / people} workouts a person");
        Report("silver (merged from the import)", start, cellsPerPerson);
        GC.KeepAlive(batches);
        batches.Clear();

        // The same silver written to Parquet and read back the way a grain loads it.
        var files = new List<(byte[] Daily, byte[] Workouts, byte[] Journal, byte[] Quarantine, byte[] DqLog)>();
        foreach (var silver in merged)
        {
            files.Add((await Bytes(SilverTables.DailyRows(silver)), await Bytes(SilverTables.WorkoutRows(silver)), await Bytes(SilverTables.JournalRows(silver)),
                await Bytes(SilverTables.QuarantineRows(silver)), await Bytes(SilverTables.DqLogRows(silver))));
        }

        merged.Clear();
        start = Heap();
        var loaded = new List<Silver>();
        foreach (var f in files)
        {
            loaded.Add(SilverTables.Load(await Read<DailyRow>(f.Daily), await Read<WorkoutRow>(f.Workouts), await Read<JournalRow>(f.Journal),
                await Read<QuarantineParquetRow>(f.Quarantine), await Read<DqLogParquetRow>(f.DqLog)));
        }

        Report("silver (read back from the lake)", start, cellsPerPerson);

        start = Heap();
        var analyses = loaded.Select(s => Analysis.Run(DaySeries.FromSilver(s))).ToList();
        Report("analytics (the series and the day arrays)", start, 0);

        // Of which: the sentences written for each day (contributor details, energy reasons, risk
        // reasons, recommendation reasons), each distinct string object counted once.
        var strings = new HashSet<string>(ReferenceEqualityComparer.Instance);
        foreach (var a in analyses)
        {
            foreach (var day in a.Readiness)
            {
                strings.Add(day.EnergyReason);
                foreach (var c in day.Contributors)
                {
                    strings.Add(c.Detail);
                }
            }

            foreach (var r in a.Risk)
            {
                foreach (var reason in r.Reasons)
                {
                    strings.Add(reason);
                }
            }

            foreach (var r in a.Recommendations)
            {
                strings.Add(r.Reason);
            }
        }

        var sentenceBytes = strings.Sum(t => 22L + (2L * t.Length)); // object header, length, UTF-16 characters
        Console.WriteLine($"{"  of which the days' sentences",-46} {sentenceBytes / 1024.0 / people,9:0.0} KiB a person  {sentenceBytes / (double)people / days,7:0} B a day");

        start = Heap();
        var snapshots = loaded.Zip(analyses, (s, a) => new LakeSnapshot(s, a)).ToList();
        foreach (var snapshot in snapshots)
        {
            foreach (var (table, _) in snapshot.Writers())
            {
                keep.Add(snapshot.Rows(table));
            }
        }

        Report("every lake table built (what a query holds)", start, 0);
        GC.KeepAlive(keep);
        GC.KeepAlive(snapshots);
    }

    private static async Task<byte[]> Bytes<T>(List<T> rows)
    {
        using var stream = new MemoryStream();
        await ParquetSerializer.SerializeAsync(rows, stream);
        return stream.ToArray();
    }

    private static async Task<IList<T>> Read<T>(byte[] bytes) where T : class, new()
    {
        using var stream = new MemoryStream(bytes);
        return (await ParquetSerializer.DeserializeAsync<T>(stream)).Data;
    }
}

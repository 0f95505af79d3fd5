using Bio.Core.Ingest.Csv;

namespace Bio.Core.Ingest.Whoop;

/// <summary>
/// WHOOP's app export (FORMATS.md §2a): physiological_cycles.csv, sleeps.csv, workouts.csv and
/// journal_entries.csv, told apart by their headers. Every file starts with the cycle columns, rows are
/// newest first, the current cycle has an empty end and empty strain, naps sit among sleeps.
/// </summary>
public sealed class WhoopCsvImporter : IImporter
{
    public const string SourceName = "whoop";

    public string Source => SourceName;

    private static readonly (Metric, double, string[])[] CycleColumns =
    [
        (Metric.RecoveryScore, 1, ["Recovery score %"]),
        (Metric.RestingHrBpm, 1, ["Resting heart rate (bpm)"]),
        (Metric.HrvRmssdMs, 1, ["Heart rate variability (ms)"]), // WHOOP's HRV is rMSSD
        (Metric.SkinTempC, 1, ["Skin temp (celsius)"]), // absolute, not a deviation
        (Metric.Spo2Percent, 1, ["Blood oxygen %"]),
        (Metric.DeviceStrain, 1, ["Day Strain"]),
        (Metric.TotalKcal, 1, ["Energy burned (cal)"]), // the whole cycle's energy, in kcal despite the "cal"
        (Metric.SleepScore, 1, ["Sleep performance %"]),
        (Metric.RespiratoryRate, 1, ["Respiratory rate (rpm)"]),
        (Metric.SleepMinutes, 1, ["Asleep duration (min)"]),
        (Metric.InBedMinutes, 1, ["In bed duration (min)"]),
        (Metric.LightMinutes, 1, ["Light sleep duration (min)"]),
        (Metric.DeepMinutes, 1, ["Deep (SWS) duration (min)"]),
        (Metric.RemMinutes, 1, ["REM duration (min)"]),
        (Metric.AwakeMinutes, 1, ["Awake duration (min)"]),
        (Metric.SleepEfficiency, 1, ["Sleep efficiency %"]),
        (Metric.SleepNeedMinutes, 1, ["Sleep need (min)"]), // the night's need, which its sleep performance is measured against
        (Metric.SleepDebtMinutes, 1, ["Sleep debt (min)"]), // the part of that need owed from earlier nights
    ];

    private enum Kind { Cycles, Sleeps, Workouts, Journal }

    public static bool Recognizes(CsvHeader header) => KindOf(header) is not null;

    private static Kind? KindOf(CsvHeader header)
    {
        if (!header.Has("Cycle start time") || !header.Has("Cycle timezone"))
        {
            return null;
        }

        if (header.Has("Workout start time")) return Kind.Workouts;
        if (header.Has("Question text")) return Kind.Journal;
        if (header.Has("Nap")) return Kind.Sleeps;
        if (header.Has("Recovery score %")) return Kind.Cycles;
        return null;
    }

    // The day of each cycle read so far, by its start: a journal row belongs to its cycle's day.
    private readonly Dictionary<DateTime, DateOnly> cycleDays = [];

    public ImportBatch Import(Stream input, ImportContext context)
    {
        var batch = new ImportBatch(Source);
        ImportInto(batch, input, context);
        KeepMainSleeps(batch);
        return batch;
    }

    /// <summary>
    /// Two sleeps that end on one day (two cycles after a flight, a long daytime sleep after a night shift) are
    /// the day's main sleep and a nap, not a contradiction: the longest sleep keeps the day's recovery, HRV,
    /// sleep and strain; every other one becomes nap minutes of that day, and the rest of its values go (its
    /// cycle and sleep rows fold into the nap). Called once a batch holds all its WHOOP files.
    /// </summary>
    public static void KeepMainSleeps(ImportBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var days = batch.Daily.Where(o => o.Metric == Metric.SleepMinutes).GroupBy(o => o.Date)
            .Where(g => g.Select(o => o.Value).Distinct().Count() > 1).ToList();
        foreach (var day in days)
        {
            var main = day.Max(o => o.Value);
            // A secondary sleep's cycle row and its sleeps.csv row give the same minutes: one nap each.
            foreach (var sleep in day.Where(o => !o.Value.Equals(main)).GroupBy(o => o.Value))
            {
                var rows = sleep.Select(o => o.Row).ToHashSet();
                batch.Daily.RemoveAll(o => rows.Contains(o.Row));
                var holder = rows.Min();
                var nap = batch.Daily.FindIndex(o => o.Metric == Metric.NapMinutes && o.Date == day.Key);
                if (nap >= 0)
                {
                    batch.Daily[nap] = batch.Daily[nap] with { Value = batch.Daily[nap].Value + sleep.Key };
                    holder = batch.Daily[nap].Row;
                }
                else
                {
                    batch.Daily.Add(new DailyObservation(day.Key, Metric.NapMinutes, sleep.Key, SourceName, holder));
                }

                foreach (var row in rows.Where(r => r != holder))
                {
                    batch.FoldedInto[row] = holder;
                }
            }
        }
    }

    /// <summary>Imports one of the four files into an existing batch (the zip imports all four into one).</summary>
    public void ImportInto(ImportBatch batch, Stream input, ImportContext context)
    {
        using var csv = new CsvReader(new StreamReader(input, leaveOpen: true));
        if (!csv.Read())
        {
            throw new ImportFormatException($"{context.FileName} is empty: a WHOOP export file starts with a header row.");
        }

        var header = new CsvHeader(csv.Fields);
        var kind = KindOf(header)
            ?? throw new ImportFormatException($"{context.FileName} is not one of WHOOP's export files (physiological_cycles, sleeps, workouts, journal_entries).");

        var start = header.Find("Cycle start time");
        var end = header.Find("Cycle end time");
        var wakeOnset = header.Find("Wake onset");
        var zone = header.Find("Cycle timezone");
        var metrics = MetricColumns.Resolve(header, CycleColumns);
        while (csv.Read())
        {
            var fields = csv.Fields;
            if (CsvHeader.IsBlank(fields))
            {
                continue;
            }

            var id = batch.RowRead(context.FileName, csv.RecordLine);
            var row = csv.RecordLine;
            string? Reject(string reason)
            {
                batch.Reject(Rejection.Of(context.FileName, row, reason, fields));
                return null;
            }

            if (CsvHeader.FirstFormula(fields) is { } formula)
            {
                Reject($"formula cell: '{Rejection.Cut(formula)}' is never imported");
                continue;
            }

            var startText = CsvHeader.Cell(fields, start);
            if (!WhoopTime.TryLocal(startText, out var cycleStart))
            {
                Reject($"time is not 'yyyy-MM-dd HH:mm:ss': '{Rejection.Cut(startText)}'");
                continue;
            }

            var zoneText = CsvHeader.Cell(fields, zone);
            if (!WhoopTime.TryOffset(zoneText, out var offset))
            {
                Reject($"time zone is not 'UTC±hh:mm': '{Rejection.Cut(zoneText)}'");
                continue;
            }

            var accepted = kind switch
            {
                Kind.Cycles => Cycle(batch, fields, metrics, CycleDay(fields, cycleStart, end, wakeOnset), id, Reject),
                Kind.Sleeps => Sleep(batch, header, fields, metrics, id, Reject),
                Kind.Workouts => Workout(batch, header, fields, offset, id, Reject),
                _ => Journal(batch, header, fields, cycleDays.GetValueOrDefault(cycleStart, WhoopTime.WakeDay(cycleStart)), id, Reject),
            };
            if (accepted)
            {
                batch.RowAccepted();
            }
        }
    }

    private DateOnly CycleDay(IReadOnlyList<string> fields, DateTime start, int endColumn, int wakeColumn)
    {
        DateTime? At(int column) => column >= 0 && WhoopTime.TryLocal(CsvHeader.Cell(fields, column), out var t) ? t : null;
        var day = WhoopTime.CycleDay(start, At(endColumn), At(wakeColumn));
        cycleDays[start] = day;
        return day;
    }

    private bool Cycle(ImportBatch batch, IReadOnlyList<string> fields, MetricColumn[] metrics, DateOnly day, long row, Func<string, string?> reject)
    {
        var before = batch.Daily.Count;
        if (MetricColumns.Collect(fields, metrics, day, Source, row, batch.Daily) is { } problem)
        {
            reject(problem);
            return false;
        }

        if (batch.Daily.Count == before)
        {
            // The current cycle, or one with no recovery and no sleep.
            reject($"no values: the cycle for {day:yyyy-MM-dd} has no recovery, strain or sleep yet");
            return false;
        }

        return true;
    }

    private bool Sleep(ImportBatch batch, CsvHeader header, IReadOnlyList<string> fields, MetricColumn[] metrics, long row, Func<string, string?> reject)
    {
        var onsetText = CsvHeader.Cell(fields, header.Find("Sleep onset"));
        var wakeText = CsvHeader.Cell(fields, header.Find("Wake onset"));
        if (!WhoopTime.TryLocal(wakeText, out var wake) || !WhoopTime.TryLocal(onsetText, out _))
        {
            reject($"sleep onset/wake onset is not 'yyyy-MM-dd HH:mm:ss': '{Rejection.Cut(onsetText)}' / '{Rejection.Cut(wakeText)}'");
            return false;
        }

        var day = DateOnly.FromDateTime(wake);
        var nap = CsvHeader.Cell(fields, header.Find("Nap")).Trim();
        if (nap.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            // A nap is not the night's sleep: it adds to the day's nap minutes only.
            var asleep = CsvHeader.Cell(fields, header.Find("Asleep duration (min)"));
            if (MetricColumns.Check(Metric.NapMinutes, asleep, 1, out var minutes) is { } problem)
            {
                reject(problem);
                return false;
            }

            // Naps of one day add up, in the observation of the day's first nap.
            var earlier = batch.Daily.FindIndex(o => o.Metric == Metric.NapMinutes && o.Date == day);
            if (earlier >= 0)
            {
                var first = batch.Daily[earlier];
                batch.Daily[earlier] = first with { Value = first.Value + minutes };
                batch.FoldedInto[row] = first.Row;
            }
            else
            {
                batch.Daily.Add(new DailyObservation(day, Metric.NapMinutes, minutes, Source, row));
            }

            return true;
        }

        if (!nap.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            reject($"Nap is not true/false: '{Rejection.Cut(nap)}'");
            return false;
        }

        var sleepOnly = metrics.Where(m => m.Metric is Metric.SleepScore or Metric.RespiratoryRate or Metric.SleepMinutes or Metric.InBedMinutes
            or Metric.LightMinutes or Metric.DeepMinutes or Metric.RemMinutes or Metric.AwakeMinutes or Metric.SleepEfficiency
            or Metric.SleepNeedMinutes or Metric.SleepDebtMinutes).ToArray();
        var before = batch.Daily.Count;
        if (MetricColumns.Collect(fields, sleepOnly, day, Source, row, batch.Daily) is { } invalid)
        {
            reject(invalid);
            return false;
        }

        if (batch.Daily.Count == before)
        {
            reject($"no values: the sleep ending {day:yyyy-MM-dd} has no durations");
            return false;
        }

        return true;
    }

    private bool Workout(ImportBatch batch, CsvHeader header, IReadOnlyList<string> fields, TimeSpan offset, long row, Func<string, string?> reject)
    {
        var startText = CsvHeader.Cell(fields, header.Find("Workout start time"));
        if (!WhoopTime.TryLocal(startText, out var local))
        {
            reject($"workout start is not 'yyyy-MM-dd HH:mm:ss': '{Rejection.Cut(startText)}'");
            return false;
        }

        var name = CsvHeader.Cell(fields, header.Find("Activity name")).Trim();
        if (!Cells.TryNumber(CsvHeader.Cell(fields, header.Find("Duration (min)")), out var duration) || duration <= 0 || duration > 24 * 60)
        {
            reject($"workout duration is missing or not 1..1440 minutes");
            return false;
        }

        double? Number(string column, double scale = 1) =>
            Cells.TryNumber(CsvHeader.Cell(fields, header.Find(column)), out var v) ? v * scale : null;

        batch.Workouts.Add(new WorkoutRecord(new DateTimeOffset(local, offset), DateOnly.FromDateTime(local), Disciplines.Normalize(name), duration, Source)
        {
            Activity = name.Length == 0 ? null : name, // "Activity name" as written, the generic "Activity" too
            Title = name.Length == 0 ? null : name,
            AvgHr = Number("Average HR (bpm)"),
            MaxHr = Number("Max HR (bpm)"),
            Kcal = Number("Energy burned (cal)"), // WHOOP's "cal" are kilocalories
            DistanceKm = Number("Distance (meters)", 0.001),
            DeviceStrain = Number("Activity Strain"),
            Row = row,
        });
        return true;
    }

    private bool Journal(ImportBatch batch, CsvHeader header, IReadOnlyList<string> fields, DateOnly day, long row, Func<string, string?> reject)
    {
        var question = CsvHeader.Cell(fields, header.Find("Question text")).Trim(); // some end in a space
        if (question.Length == 0)
        {
            reject("journal row has no question text");
            return false;
        }

        var answerText = CsvHeader.Cell(fields, header.Find("Answered yes")).Trim();
        bool? answer = answerText.ToLowerInvariant() switch { "true" => true, "false" => false, _ => null };
        var notes = CsvHeader.Cell(fields, header.Find("Notes")).Trim();
        batch.Journal.Add(new JournalRecord(day, question, answer, notes.Length == 0 ? null : notes, Source) { Row = row });
        return true;
    }
}

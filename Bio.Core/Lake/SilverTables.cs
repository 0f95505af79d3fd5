using Bio.Core.Ingest;

namespace Bio.Core.Lake;

/// <summary>Silver in memory to and from its table rows, sorted so the same data writes the same bytes.</summary>
public static class SilverTables
{
    public static List<DailyRow> DailyRows(Silver silver)
    {
        var rows = new List<DailyRow>();
        DailyRow? current = null;
        var sources = new List<string>();
        foreach (var ((date, metric), cell) in silver.Daily)
        {
            if (current is null || current.Date != date)
            {
                Flush();
                current = new DailyRow { Date = date };
            }

            current.Set(metric, cell.Value);
            sources.Add($"{metric.Column()}={cell.Source}");
        }

        Flush();
        return rows;

        void Flush()
        {
            if (current is not null)
            {
                current.Sources = string.Join(';', sources);
                rows.Add(current);
            }

            sources.Clear();
        }
    }

    public static List<WorkoutRow> WorkoutRows(Silver silver) =>
        silver.Workouts.Values.Select(w => new WorkoutRow
        {
            StartUtc = w.Start.UtcDateTime,
            OffsetMinutes = (int)w.Start.Offset.TotalMinutes,
            LocalDate = w.LocalDate,
            Discipline = w.Discipline,
            Activity = w.Activity,
            Title = w.Title,
            Instructor = w.Instructor,
            Live = w.Live,
            DurationMinutes = w.DurationMinutes,
            OutputKj = w.OutputKj,
            AvgWatts = w.AvgWatts,
            AvgHr = w.AvgHr,
            MaxHr = w.MaxHr,
            Kcal = w.Kcal,
            DistanceKm = w.DistanceKm,
            DeviceStrain = w.DeviceStrain,
            Source = w.Source,
        }).ToList();

    public static List<JournalRow> JournalRows(Silver silver) =>
        silver.Journal.Values.Select(j => new JournalRow { Date = j.Date, Question = j.Question, Answer = j.Answer, Notes = j.Notes, Source = j.Source }).ToList();

    public static List<FeedbackRow> FeedbackRows(Silver silver) =>
        silver.Feedback.Values.Select(f => new FeedbackRow { Date = f.Date, Energy = f.Energy, Mood = f.Mood, Exertion = f.Exertion, Notes = f.Notes, Source = f.Source }).ToList();

    public static List<QuarantineParquetRow> QuarantineRows(Silver silver) =>
        silver.Quarantine.Select(q => new QuarantineParquetRow { ImportId = q.ImportId, File = q.File, Line = q.Line, Reason = q.Reason, Raw = q.Raw }).ToList();

    public static List<DqLogParquetRow> DqLogRows(Silver silver) =>
        silver.DqLog.Select(d => new DqLogParquetRow { ImportId = d.ImportId, AtUtc = d.At.UtcDateTime, Check = d.Check, Count = d.Count }).ToList();

    /// <summary>Rebuilds silver from its tables (the lake is the truth after a restart).</summary>
    public static Silver Load(
        IEnumerable<DailyRow> daily, IEnumerable<WorkoutRow> workouts, IEnumerable<JournalRow> journal,
        IEnumerable<QuarantineParquetRow> quarantine, IEnumerable<DqLogParquetRow> dqLog, IEnumerable<FeedbackRow>? feedback = null)
    {
        var silver = new Silver();
        // A handful of source names repeat over every value: each is kept once, not once per value read.
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in daily)
        {
            var sources = row.Sources.Split(';', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2))
                .ToDictionary(p => p[0], p => names.TryGetValue(p[1], out var known) ? known : names[p[1]] = p[1], StringComparer.Ordinal);
            foreach (var metric in Enum.GetValues<Metric>())
            {
                if (row.Get(metric) is { } value)
                {
                    silver.Daily[(row.Date, metric)] = new DailyCell(value, sources.GetValueOrDefault(metric.Column(), "unknown"), "");
                }
            }
        }

        // A device's activity names and instructors repeat over many workouts: each is kept once too.
        string? Name(string? name) => name is null ? null : names.TryGetValue(name, out var known) ? known : names[name] = name;
        foreach (var w in workouts)
        {
            var start = new DateTimeOffset(DateTime.SpecifyKind(w.StartUtc, DateTimeKind.Utc)).ToOffset(TimeSpan.FromMinutes(w.OffsetMinutes));
            silver.Workouts[(start, w.Discipline)] = new WorkoutRecord(start, w.LocalDate, w.Discipline, w.DurationMinutes, w.Source)
            {
                Activity = Name(w.Activity), Instructor = Name(w.Instructor), Live = w.Live,
                Title = w.Title, OutputKj = w.OutputKj, AvgWatts = w.AvgWatts, AvgHr = w.AvgHr, MaxHr = w.MaxHr,
                Kcal = w.Kcal, DistanceKm = w.DistanceKm, DeviceStrain = w.DeviceStrain,
            };
        }

        foreach (var j in journal)
        {
            silver.Journal[(j.Date, j.Question, j.Source)] = new JournalRecord(j.Date, j.Question, j.Answer, j.Notes, j.Source);
        }

        foreach (var f in feedback ?? [])
        {
            silver.Feedback[(f.Date, f.Source)] = new FeedbackRecord(f.Date, f.Energy, f.Mood, f.Exertion, f.Notes, f.Source);
        }

        silver.Quarantine.AddRange(quarantine.Select(q => new QuarantineRow(q.ImportId, q.File, q.Line, q.Reason, q.Raw)));
        silver.DqLog.AddRange(dqLog.Select(d => new DqLogRow(d.ImportId, new DateTimeOffset(DateTime.SpecifyKind(d.AtUtc, DateTimeKind.Utc)), d.Check, d.Count)));
        return silver;
    }
}

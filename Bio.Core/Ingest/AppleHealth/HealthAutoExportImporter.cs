using System.Globalization;
using System.Text.Json;

namespace Bio.Core.Ingest.AppleHealth;

/// <summary>
/// Apple Health as the iOS app Health Auto Export sends it (its REST automation, JSON, export version 2):
/// <c>{"data": {"metrics": [{name, units, data: [{date, qty, source?}…]}…], "workouts": [{name, start, end,
/// duration (s), activeEnergyBurned {qty, units}, distance {qty, units}, heartRate {avg, max} | avgHeartRate,
/// maxHeartRate | heartRateData […]}…]}}</c>. Dates are <c>yyyy-MM-dd HH:mm:ss ±hhmm</c>: a sample's day is its
/// own local date (the offset it carries, so a DST change or a trip moves nothing). HRV is Apple's SDNN and
/// goes to hrv_sdnn_ms, never rMSSD, as in <see cref="AppleHealthImporter"/>.
/// <para>
/// A row is one sample, one night's sleep summary or one workout. The app sends summaries (one value a day)
/// or unaggregated samples (minutes, several sources); samples of one day and metric fold into one value
/// (a mean, or a sum for steps and energy) from one source, the watch first as in the export.xml importer,
/// unless the app merged the sources itself (<c>"source": "Watch|iPhone"</c>), when every sample counts.
/// Sleep belongs to the day it ended: unaggregated stages are joined into nights (gaps under two hours)
/// and a night goes to the date of its last stage's end. A metric Bio does not keep (heart rate, VO2 max,
/// flights climbed, …) is skipped, not rejected: the app sends whatever the person ticked.
/// </para>
/// <para>
/// A push's day is taken as whole: a later push of the same day replaces its values (the same source
/// replaces itself in silver), which is right for the app's "Default" and "Previous 7 Days" periods.
/// </para>
/// </summary>
public sealed class HealthAutoExportImporter : IImporter
{
    public string Source => AppleHealthImporter.SourceName;

    private enum Agg { Mean, Sum }

    private static readonly Dictionary<string, (Metric Metric, Agg Agg)> Quantities = new(StringComparer.OrdinalIgnoreCase)
    {
        ["heart_rate_variability"] = (Metric.HrvSdnnMs, Agg.Mean),
        ["heart_rate_variability_sdnn"] = (Metric.HrvSdnnMs, Agg.Mean),
        ["resting_heart_rate"] = (Metric.RestingHrBpm, Agg.Mean),
        ["respiratory_rate"] = (Metric.RespiratoryRate, Agg.Mean),
        ["blood_oxygen_saturation"] = (Metric.Spo2Percent, Agg.Mean),
        ["step_count"] = (Metric.Steps, Agg.Sum),
        ["active_energy"] = (Metric.ActiveKcal, Agg.Sum),
    };

    private static readonly Dictionary<string, Metric> Stages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Core"] = Metric.LightMinutes,
        ["Deep"] = Metric.DeepMinutes,
        ["REM"] = Metric.RemMinutes,
        ["Awake"] = Metric.AwakeMinutes,
        ["In Bed"] = Metric.InBedMinutes,
        ["InBed"] = Metric.InBedMinutes,
        ["Asleep"] = Metric.SleepMinutes,
        ["Unspecified"] = Metric.SleepMinutes,
        ["Asleep (Unspecified)"] = Metric.SleepMinutes,
    };

    /// <summary>Stages of one night closer than this belong to the same night.</summary>
    private static readonly TimeSpan NightGap = TimeSpan.FromHours(2);

    /// <summary><c>{"data": {"metrics": […]}}</c> and/or <c>"workouts": […]</c>: an object under data, not an API page's array.</summary>
    public static bool Recognizes(JsonElement root) =>
        root.Get("data") is { ValueKind: JsonValueKind.Object } data &&
        (data.Get("metrics") is { ValueKind: JsonValueKind.Array } || data.Get("workouts") is { ValueKind: JsonValueKind.Array });

    public ImportBatch Import(Stream input, ImportContext context)
    {
        using var document = JsonDocument.Parse(input, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 32 });
        if (!Recognizes(document.RootElement))
        {
            throw new ImportFormatException($"{context.FileName} is not a Health Auto Export body: it needs {{\"data\": {{\"metrics\": […], \"workouts\": […]}}}}.");
        }

        var data = document.RootElement.Get("data")!.Value;
        var read = new Reading(new ImportBatch(Source), context.FileName);
        foreach (var metric in Items(data.Get("metrics")))
        {
            ReadMetric(read, metric);
        }

        read.Finish();
        foreach (var workout in Items(data.Get("workouts")))
        {
            Workout(read, workout);
        }

        return read.Batch;
    }

    private static List<JsonElement> Items(JsonElement? e) => e is { ValueKind: JsonValueKind.Array } array ? [.. array.EnumerateArray()] : [];

    private static void ReadMetric(Reading read, JsonElement metric)
    {
        var name = metric.Get("name").Text() ?? "";
        var units = metric.Get("units").Text() ?? "";
        var samples = Items(metric.Get("data"));
        if (name.Equals("sleep_analysis", StringComparison.OrdinalIgnoreCase))
        {
            Sleep(read, units, samples);
            return;
        }

        if (!Quantities.TryGetValue(name, out var quantity))
        {
            return; // a metric Bio does not keep: skipped, the rest of the body is read
        }

        var scale = Scale(quantity.Metric, units);
        foreach (var sample in samples)
        {
            var row = read.Row(name, sample);
            if (scale is null)
            {
                read.Reject(row, $"unit not understood: {name} in '{Rejection.Cut(units)}'");
                continue;
            }

            var dateText = sample.Get("date").Text() ?? "";
            if (!AppleHealthImporter.TryDate(dateText, out var date))
            {
                read.Reject(row, $"date is not 'yyyy-MM-dd HH:mm:ss ±hhmm': '{Rejection.Cut(dateText)}'");
                continue;
            }

            if (sample.Get("qty").Number() is not { } qty)
            {
                read.Reject(row, $"no value: the {name} sample of {dateText} has no qty");
                continue;
            }

            var value = qty * scale.Value;
            if (quantity.Metric == Metric.Spo2Percent && value <= 1)
            {
                value *= 100; // HealthKit keeps SpO2 as a fraction; the app usually sends the percent
            }

            var (min, max) = quantity.Metric.Range();
            if (value < 0 || (quantity.Agg == Agg.Mean && (value < min || value > max)))
            {
                read.Reject(row, $"out of range: {quantity.Metric.Column()} = {value.ToString("0.###", CultureInfo.InvariantCulture)} (expected {min}..{max})");
                continue;
            }

            read.Add(row, DateOnly.FromDateTime(date.DateTime), quantity.Metric, quantity.Agg, sample.Get("source").Text(), value);
        }
    }

    /// <summary>The factor from the app's unit to Bio's, or null for a unit Bio does not convert.</summary>
    private static double? Scale(Metric metric, string units) => (metric, units.Trim()) switch
    {
        (Metric.HrvSdnnMs, "ms") => 1,
        (Metric.RestingHrBpm or Metric.RespiratoryRate, "count/min" or "bpm" or "breaths/min") => 1,
        (Metric.Spo2Percent, "%") => 1,
        (Metric.Steps, "count" or "steps") => 1,
        (Metric.ActiveKcal, "kcal" or "Cal") => 1,
        (Metric.ActiveKcal, "kJ") => 1 / 4.184,
        (_, "hr" or "h") when IsSleep(metric) => 60,
        (_, "min") when IsSleep(metric) => 1,
        (_, "s" or "sec") when IsSleep(metric) => 1 / 60.0,
        _ => null,
    };

    private static bool IsSleep(Metric metric) => metric is Metric.SleepMinutes or Metric.InBedMinutes or Metric.LightMinutes
        or Metric.DeepMinutes or Metric.RemMinutes or Metric.AwakeMinutes;

    private static void Sleep(Reading read, string units, List<JsonElement> entries)
    {
        var segments = new List<(long Row, DateTimeOffset Start, DateTimeOffset End, Metric Stage, string? Source)>();
        foreach (var entry in entries)
        {
            var row = read.Row("sleep_analysis", entry);
            if (entry.Has("startDate") && entry.Has("value"))
            {
                // Unaggregated: one stage of one night.
                var stage = entry.Get("value").Text() ?? "";
                if (!Stages.TryGetValue(stage.Trim(), out var metric))
                {
                    read.Reject(row, $"not a sleep stage Bio knows: '{Rejection.Cut(stage)}'");
                }
                else if (!AppleHealthImporter.TryDate(entry.Get("startDate").Text() ?? "", out var start) ||
                         !AppleHealthImporter.TryDate(entry.Get("endDate").Text() ?? "", out var end) || end <= start || end - start > TimeSpan.FromHours(24))
                {
                    read.Reject(row, $"sleep stage is not a valid start and end: '{Rejection.Cut(entry.Get("startDate").Text() ?? "")}' to '{Rejection.Cut(entry.Get("endDate").Text() ?? "")}'");
                }
                else
                {
                    segments.Add((row, start, end, metric, entry.Get("source").Text()));
                }

                continue;
            }

            Night(read, row, units, entry);
        }

        // Stages join into nights; a night's stages belong to the local date it ended on.
        var nightEnd = DateTimeOffset.MinValue;
        var night = new List<(long Row, DateTimeOffset Start, DateTimeOffset End, Metric Stage, string? Source)>();
        void Close()
        {
            if (night.Count == 0)
            {
                return;
            }

            var last = night.MaxBy(s => s.End.UtcDateTime);
            var day = DateOnly.FromDateTime(last.End.DateTime);
            foreach (var s in night)
            {
                var minutes = (s.End - s.Start).TotalMinutes;
                read.Add(s.Row, day, s.Stage, Agg.Sum, s.Source, minutes);
                if (s.Stage is Metric.LightMinutes or Metric.DeepMinutes or Metric.RemMinutes)
                {
                    read.Add(s.Row, day, Metric.SleepMinutes, Agg.Sum, s.Source, minutes); // core, deep and REM are asleep too
                }
            }

            night.Clear();
        }

        foreach (var s in segments.OrderBy(s => s.Start.UtcDateTime))
        {
            if (night.Count > 0 && s.Start - nightEnd > NightGap)
            {
                Close();
            }

            nightEnd = night.Count == 0 || s.End > nightEnd ? s.End : nightEnd;
            night.Add(s);
        }

        Close();
    }

    /// <summary>One night's summary (the app's aggregated sleep): hours of sleep, each stage, in bed, and when.</summary>
    private static void Night(Reading read, long row, string units, JsonElement entry)
    {
        var scale = Scale(Metric.SleepMinutes, units);
        if (scale is null)
        {
            read.Reject(row, $"unit not understood: sleep_analysis in '{Rejection.Cut(units)}'");
            return;
        }

        // The night belongs to the day it ended: the end of sleep, else of bed, else the entry's own date.
        DateOnly day;
        var endText = entry.Get("sleepEnd").Text() ?? entry.Get("inBedEnd").Text();
        if (AppleHealthImporter.TryDate(endText ?? "", out var end))
        {
            day = DateOnly.FromDateTime(end.DateTime);
        }
        else if (AppleHealthImporter.TryDate(entry.Get("date").Text() ?? "", out var date))
        {
            day = DateOnly.FromDateTime(date.DateTime);
        }
        else if (DateOnly.TryParseExact(entry.Get("date").Text(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var plain))
        {
            day = plain;
        }
        else
        {
            read.Reject(row, $"sleep has no end or date: '{Rejection.Cut(endText ?? entry.Get("date").Text() ?? "")}'");
            return;
        }

        double? Minutes(string field) => entry.Get(field).Number() * scale;
        var core = Minutes("core");
        var deep = Minutes("deep");
        var rem = Minutes("rem");
        var asleep = Minutes("asleep");
        // "totalSleep" is the night's sleep; older versions send it as "asleep", newer ones keep "asleep" for
        // sleep without a stage, to be added to the stages.
        var total = Minutes("totalSleep") ?? (core is null && deep is null && rem is null ? asleep : (asleep ?? 0) + (core ?? 0) + (deep ?? 0) + (rem ?? 0));
        double? inBed = Minutes("inBed") is > 0 and var bed ? bed : null; // 0: no in-bed tracking, not zero hours in bed
        if (total is not > 0)
        {
            read.Reject(row, $"no values: the sleep of {day:yyyy-MM-dd} has no hours asleep");
            return;
        }

        read.Night(row, day, entry.Get("source").Text() ?? entry.Get("sleepSource").Text(),
            (Metric.SleepMinutes, total), (Metric.InBedMinutes, inBed), (Metric.LightMinutes, core),
            (Metric.DeepMinutes, deep), (Metric.RemMinutes, rem), (Metric.AwakeMinutes, Minutes("awake")));
    }

    private static void Workout(Reading read, JsonElement workout)
    {
        var row = read.Row("workout", workout);
        var name = workout.Get("name").Text()?.Trim() ?? "";
        var startText = workout.Get("start").Text() ?? "";
        if (!AppleHealthImporter.TryDate(startText, out var start))
        {
            read.Reject(row, $"workout date is not 'yyyy-MM-dd HH:mm:ss ±hhmm': '{Rejection.Cut(startText)}'");
            return;
        }

        // Duration in seconds (the app's unit); else from start to end.
        var seconds = workout.Get("duration").Number()
            ?? (AppleHealthImporter.TryDate(workout.Get("end").Text() ?? "", out var end) ? (end - start).TotalSeconds : null);
        if (seconds is not { } s || s <= 0 || s > 24 * 3600)
        {
            read.Reject(row, seconds is null ? "workout has no duration or end" : $"workout duration is not 1 s..24 h: {seconds:0.#} s");
            return;
        }

        var energy = Quantity(workout.Get("activeEnergyBurned") ?? workout.Get("activeEnergy"));
        double? kcal = energy?.Units switch
        {
            "kcal" or "Cal" => energy.Value.Qty,
            "kJ" => energy.Value.Qty / 4.184,
            _ => null,
        };
        var distance = Quantity(workout.Get("distance"));
        double? km = distance?.Units switch
        {
            "km" => distance.Value.Qty,
            "mi" => distance.Value.Qty * 1.609344,
            "m" => distance.Value.Qty / 1000,
            "yd" => distance.Value.Qty * 0.0009144,
            _ => null,
        };
        var (avgHr, maxHr) = HeartRate(workout);
        read.Batch.Workouts.Add(new WorkoutRecord(start, DateOnly.FromDateTime(start.DateTime), Disciplines.Normalize(name), s / 60, AppleHealthImporter.SourceName)
        {
            Activity = name.Length == 0 ? null : name, // "Outdoor Run", as the app names it
            Title = name,
            Kcal = kcal,
            DistanceKm = km,
            AvgHr = avgHr,
            MaxHr = maxHr,
            Row = row,
        });
        read.Batch.RowAccepted();
    }

    /// <summary>The workout's average and highest heart rate: the summary fields, else from its per-minute heart rate.</summary>
    private static (double? Avg, double? Max) HeartRate(JsonElement workout)
    {
        var avg = workout.Path("heartRate", "avg", "qty").Number() ?? Quantity(workout.Get("avgHeartRate"))?.Qty;
        var max = workout.Path("heartRate", "max", "qty").Number() ?? Quantity(workout.Get("maxHeartRate"))?.Qty;
        if ((avg is null || max is null) && workout.Get("heartRateData") is { ValueKind: JsonValueKind.Array } series)
        {
            var points = series.EnumerateArray().Select(p => (Avg: (p.Get("Avg") ?? p.Get("avg") ?? p.Get("qty")).Number(), Max: (p.Get("Max") ?? p.Get("max")).Number())).ToList();
            var avgs = points.Where(p => p.Avg is > 0).Select(p => p.Avg!.Value).ToList();
            avg ??= avgs.Count > 0 ? Math.Round(avgs.Average(), 1) : null;
            max ??= points.Select(p => p.Max ?? p.Avg).Where(v => v is > 0).Max();
        }

        return (avg is > 0 and < 260 ? avg : null, max is > 0 and < 260 ? max : null);
    }

    private static (double Qty, string Units)? Quantity(JsonElement? e) =>
        e is { ValueKind: JsonValueKind.Object } o && o.Get("qty").Number() is { } qty ? (qty, o.Get("units").Text()?.Trim() ?? "") : null;

    /// <summary>The batch being filled, and the per-day accumulators of samples until every metric is read.</summary>
    private sealed class Reading(ImportBatch batch, string fileName)
    {
        public ImportBatch Batch { get; } = batch;

        private long line;

        private readonly Dictionary<long, (string Metric, JsonElement Item)> raws = [];

        // (day, metric) -> source -> (sum, count, rows); the rows that made each.
        private readonly Dictionary<(DateOnly Day, Metric Metric), (Agg Agg, Dictionary<string, (double Sum, int Count, List<long> Rows)> Sources)> days = [];

        // Each sample row: the keys it went into, in order.
        private readonly Dictionary<long, List<(DateOnly, Metric)>> keysOf = [];

        public long Row(string metric, JsonElement item)
        {
            line++;
            var id = Batch.RowRead(fileName, line);
            raws[id] = (metric, item);
            return id;
        }

        /// <summary>The row's "line" is its number in reading order: one per sample, night or workout.</summary>
        public void Reject(long row, string reason) => Batch.Reject(new Rejection(fileName, row, reason, Rejection.Cut($"{raws[row].Metric} {raws[row].Item.GetRawText()}")));

        public void Add(long row, DateOnly day, Metric metric, Agg agg, string? source, double value)
        {
            var key = (day, metric);
            if (!days.TryGetValue(key, out var cell))
            {
                days[key] = cell = (agg, new Dictionary<string, (double, int, List<long>)>(StringComparer.Ordinal));
            }

            var name = source ?? "";
            var (sum, count, rows) = cell.Sources.TryGetValue(name, out var s) ? s : (0, 0, new List<long>());
            rows.Add(row);
            cell.Sources[name] = (sum + value, count + 1, rows);
            if (!keysOf.TryGetValue(row, out var keys))
            {
                keysOf[row] = keys = [];
            }

            keys.Add(key);
        }

        /// <summary>A night's summary: all its values or, when one is out of range, none.</summary>
        public void Night(long row, DateOnly day, string? source, params (Metric Metric, double? Value)[] values)
        {
            foreach (var (metric, value) in values)
            {
                if (value is { } v && (v < metric.Range().Min || v > metric.Range().Max))
                {
                    Reject(row, $"out of range: {metric.Column()} = {v.ToString("0.###", CultureInfo.InvariantCulture)} (expected {metric.Range().Min}..{metric.Range().Max})");
                    return;
                }
            }

            foreach (var (metric, value) in values)
            {
                if (value is { } v)
                {
                    Add(row, day, metric, Agg.Sum, source, v);
                }
            }
        }

        /// <summary>
        /// One value per day and metric, from one source (the watch first, then the one with the most samples):
        /// the first row that made it holds it, and every other row of that day and metric folds into it.
        /// </summary>
        public void Finish()
        {
            var holder = new Dictionary<(DateOnly, Metric), long>();
            var failed = new Dictionary<(DateOnly, Metric), string>();
            foreach (var ((day, metric), (agg, sources)) in days.OrderBy(d => d.Key))
            {
                // "Watch|iPhone" is the app's own merge of the sources (HealthKit's statistics, already without
                // overlaps): every sample counts. Separate sources overlap, so one is kept.
                var (sum, count) = sources.Keys.Any(k => k.Contains('|', StringComparison.Ordinal))
                    ? (sources.Values.Sum(s => s.Sum), sources.Values.Sum(s => s.Count))
                    : sources
                        .OrderByDescending(s => s.Key.Contains("Watch", StringComparison.OrdinalIgnoreCase))
                        .ThenByDescending(s => s.Value.Count)
                        .ThenBy(s => s.Key, StringComparer.Ordinal)
                        .Select(s => (s.Value.Sum, s.Value.Count))
                        .First();
                var value = Math.Round(agg == Agg.Sum ? sum : sum / count, 3);
                var (min, max) = metric.Range();
                if (value < min || value > max)
                {
                    failed[(day, metric)] = $"out of range: {metric.Column()} of {day:yyyy-MM-dd} = {value.ToString("0.###", CultureInfo.InvariantCulture)} (expected {min}..{max})";
                    continue;
                }

                var row = sources.Values.SelectMany(s => s.Rows).Min();
                holder[(day, metric)] = row;
                Batch.Daily.Add(new DailyObservation(day, metric, value, AppleHealthImporter.SourceName, row));
            }

            var holders = holder.Values.ToHashSet();
            foreach (var (row, keys) in keysOf.OrderBy(k => k.Key))
            {
                if (holders.Contains(row))
                {
                    Batch.RowAccepted();
                }
                else if (keys.Select(k => holder.TryGetValue(k, out var h) ? h : (long?)null).FirstOrDefault(h => h is not null) is { } into)
                {
                    Batch.FoldedInto[row] = into;
                    Batch.RowAccepted();
                }
                else
                {
                    Reject(row, failed[keys[0]]);
                }
            }
        }
    }
}

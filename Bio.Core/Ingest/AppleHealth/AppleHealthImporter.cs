using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace Bio.Core.Ingest.AppleHealth;

/// <summary>
/// Apple Health's export (export.zip with apple_health_export/export.xml, or export.xml alone;
/// FORMATS.md §4), streamed with <see cref="XmlReader"/> so a multi-GB export is read in bounded memory:
/// only per-day aggregates are kept. DTD processing is off (the export's internal DOCTYPE is skipped and
/// entities are never expanded). HRV here is SDNN and goes to hrv_sdnn_ms, never to rMSSD.
/// <para>
/// Several apps write into HealthKit (watch, phone, rings), so values overlap. Per day and metric one
/// source is kept: an Apple Watch first, then the source with the most samples that day. Sleep stages
/// belong to the day the sleep ended. A "row" of this format is one day's aggregate or one workout;
/// records that fail validation are quarantined one by one.
/// </para>
/// </summary>
public sealed class AppleHealthImporter(ZipLimits limits) : IImporter
{
    public const string SourceName = "apple-health";

    public string Source => SourceName;

    private enum Agg { Mean, Sum }

    private static readonly Dictionary<string, (Metric Metric, Agg Agg)> Quantities = new(StringComparer.Ordinal)
    {
        ["HKQuantityTypeIdentifierHeartRateVariabilitySDNN"] = (Metric.HrvSdnnMs, Agg.Mean),
        ["HKQuantityTypeIdentifierRestingHeartRate"] = (Metric.RestingHrBpm, Agg.Mean),
        ["HKQuantityTypeIdentifierRespiratoryRate"] = (Metric.RespiratoryRate, Agg.Mean),
        ["HKQuantityTypeIdentifierOxygenSaturation"] = (Metric.Spo2Percent, Agg.Mean),
        ["HKQuantityTypeIdentifierStepCount"] = (Metric.Steps, Agg.Sum),
        ["HKQuantityTypeIdentifierActiveEnergyBurned"] = (Metric.ActiveKcal, Agg.Sum),
    };

    private static readonly Dictionary<string, Metric> SleepStages = new(StringComparer.Ordinal)
    {
        ["HKCategoryValueSleepAnalysisInBed"] = Metric.InBedMinutes,
        ["HKCategoryValueSleepAnalysisAsleep"] = Metric.SleepMinutes,
        ["HKCategoryValueSleepAnalysisAsleepUnspecified"] = Metric.SleepMinutes,
        ["HKCategoryValueSleepAnalysisAsleepCore"] = Metric.LightMinutes,
        ["HKCategoryValueSleepAnalysisAsleepDeep"] = Metric.DeepMinutes,
        ["HKCategoryValueSleepAnalysisAsleepREM"] = Metric.RemMinutes,
        ["HKCategoryValueSleepAnalysisAwake"] = Metric.AwakeMinutes,
    };

    public static bool IsExportEntry(ZipArchiveEntry entry) => entry.Name.Equals("export.xml", StringComparison.OrdinalIgnoreCase);

    public ImportBatch Import(Stream input, ImportContext context)
    {
        var head = new byte[4];
        var n = input.Read(head, 0, 4);
        Stream xml;
        ZipArchive? zip = null;
        var seekable = input.CanSeek;
        if (seekable)
        {
            input.Position = 0;
        }

        if (n >= 2 && head[0] == (byte)'P' && head[1] == (byte)'K')
        {
            if (!seekable)
            {
                throw new ImportFormatException("An Apple Health zip must be read from a seekable stream.");
            }

            zip = new ZipArchive(input, ZipArchiveMode.Read, leaveOpen: true);
            var entry = zip.Entries.FirstOrDefault(IsExportEntry)
                ?? throw new ImportFormatException($"{context.FileName} has no export.xml inside.");
            xml = new ZipBudget(limits).Open(entry);
        }
        else
        {
            xml = seekable ? input : new PrefixedStream(head.AsMemory(0, n), input);
        }

        try
        {
            return Read(xml, context);
        }
        finally
        {
            if (zip is not null)
            {
                xml.Dispose();
                zip.Dispose();
            }
        }
    }

    private ImportBatch Read(Stream xml, ImportContext context)
    {
        var batch = new ImportBatch(Source);
        // (day, metric) -> source -> (sum, count, isWatch)
        var days = new Dictionary<(DateOnly, Metric), Dictionary<string, (double Sum, int Count, bool Watch, Agg Agg)>>();
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            MaxCharactersFromEntities = 0,
        };

        var sawRoot = false;
        using var reader = XmlReader.Create(xml, settings);
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (!sawRoot)
            {
                if (reader.Name != "HealthData")
                {
                    throw new ImportFormatException($"{context.FileName} is XML but not an Apple Health export (its root is <{reader.Name}>).");
                }

                sawRoot = true;
                continue;
            }

            var line = ((IXmlLineInfo)reader).LineNumber;
            switch (reader.Name)
            {
                case "Record":
                    Record(reader, batch, days, context, line);
                    break;
                case "Workout":
                    Workout(reader, batch, context, line);
                    break;
            }
        }

        if (!sawRoot)
        {
            throw new ImportFormatException($"{context.FileName} has no <HealthData> element.");
        }

        // One row per day: the chosen source's aggregate of each metric.
        foreach (var day in days.GroupBy(kv => kv.Key.Item1).OrderBy(g => g.Key))
        {
            var id = batch.RowRead();
            foreach (var ((date, metric), sources) in day)
            {
                var chosen = sources.OrderByDescending(s => s.Value.Watch).ThenByDescending(s => s.Value.Count).ThenBy(s => s.Key, StringComparer.Ordinal).First();
                var (sum, count, _, agg) = chosen.Value;
                var value = agg == Agg.Sum ? sum : sum / count;
                var (min, max) = metric.Range();
                if (value >= min && value <= max)
                {
                    batch.Daily.Add(new DailyObservation(date, metric, Math.Round(value, 3), Source, id));
                }
            }

            if (batch.Daily.Count > 0 && batch.Daily[^1].Row == id)
            {
                batch.RowAccepted();
            }
            else
            {
                batch.Reject(new Rejection(context.FileName, 0, $"out of range: every aggregate of {day.Key:yyyy-MM-dd} is outside its metric's range", day.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            }
        }

        return batch;
    }

    private static void Record(
        XmlReader reader, ImportBatch batch, Dictionary<(DateOnly, Metric), Dictionary<string, (double, int, bool, Agg)>> days, ImportContext context, int line)
    {
        var type = reader.GetAttribute("type") ?? "";
        var source = reader.GetAttribute("sourceName") ?? "unknown";
        var watch = source.Contains("Watch", StringComparison.OrdinalIgnoreCase) ||
                    (reader.GetAttribute("device") ?? "").Contains("Watch", StringComparison.OrdinalIgnoreCase);
        if (Quantities.TryGetValue(type, out var quantity))
        {
            var startText = reader.GetAttribute("startDate") ?? "";
            var valueText = reader.GetAttribute("value") ?? "";
            if (!TryDate(startText, out var start))
            {
                Reject(batch, context, line, $"date is not 'yyyy-MM-dd HH:mm:ss ±hhmm': '{Rejection.Cut(startText)}'", type, valueText);
                return;
            }

            if (!Cells.TryNumber(valueText, out var value))
            {
                Reject(batch, context, line, $"not a number: {quantity.Metric.Column()} = '{Rejection.Cut(valueText)}'", type, valueText);
                return;
            }

            var unit = reader.GetAttribute("unit") ?? "";
            value = quantity.Metric switch
            {
                Metric.ActiveKcal when unit == "kJ" => value / 4.184,
                Metric.Spo2Percent when value <= 1 => value * 100, // HealthKit stores SpO2 as a fraction
                _ => value,
            };
            var (min, max) = quantity.Metric.Range();
            if (value < 0 || (quantity.Agg == Agg.Mean && (value < min || value > max)))
            {
                Reject(batch, context, line, $"out of range: {quantity.Metric.Column()} = {value.ToString("0.###", CultureInfo.InvariantCulture)} (expected {min}..{max})", type, valueText);
                return;
            }

            Add(days, (DateOnly.FromDateTime(start.DateTime), quantity.Metric), source, value, watch, quantity.Agg);
        }
        else if (type == "HKCategoryTypeIdentifierSleepAnalysis")
        {
            var value = reader.GetAttribute("value") ?? "";
            if (!SleepStages.TryGetValue(value, out var metric))
            {
                return;
            }

            var startText = reader.GetAttribute("startDate") ?? "";
            var endText = reader.GetAttribute("endDate") ?? "";
            if (!TryDate(startText, out var start) || !TryDate(endText, out var end) || end < start || end - start > TimeSpan.FromHours(24))
            {
                Reject(batch, context, line, $"sleep interval is not a valid start and end: '{Rejection.Cut(startText)}' to '{Rejection.Cut(endText)}'", type, value);
                return;
            }

            // The sleep belongs to the day it ended; core, deep and REM are also "asleep".
            var day = DateOnly.FromDateTime(end.DateTime);
            var minutes = (end - start).TotalMinutes;
            Add(days, (day, metric), source, minutes, watch, Agg.Sum);
            if (metric is Metric.LightMinutes or Metric.DeepMinutes or Metric.RemMinutes)
            {
                Add(days, (day, Metric.SleepMinutes), source, minutes, watch, Agg.Sum);
            }
        }
    }

    private void Workout(XmlReader reader, ImportBatch batch, ImportContext context, int line)
    {
        var activity = reader.GetAttribute("workoutActivityType") ?? "";
        var startText = reader.GetAttribute("startDate") ?? "";
        var id = batch.RowRead();
        if (!TryDate(startText, out var start))
        {
            batch.Reject(new Rejection(context.FileName, line, $"workout date is not 'yyyy-MM-dd HH:mm:ss ±hhmm': '{Rejection.Cut(startText)}'", activity));
            return;
        }

        if (!Cells.TryNumber(reader.GetAttribute("duration"), out var duration))
        {
            batch.Reject(new Rejection(context.FileName, line, "workout has no duration", activity));
            return;
        }

        duration *= (reader.GetAttribute("durationUnit") ?? "min") switch { "s" or "sec" => 1 / 60.0, "hr" or "h" => 60, _ => 1 };
        if (duration <= 0 || duration > 24 * 60)
        {
            batch.Reject(new Rejection(context.FileName, line, $"workout duration is not 1..1440 minutes: {duration:0.#}", activity));
            return;
        }

        double? distance = Cells.TryNumber(reader.GetAttribute("totalDistance"), out var d)
            ? d * (reader.GetAttribute("totalDistanceUnit") switch { "mi" => 1.609344, "m" => 0.001, _ => 1 })
            : null;
        double? kcal = Cells.TryNumber(reader.GetAttribute("totalEnergyBurned"), out var e)
            ? e * (reader.GetAttribute("totalEnergyBurnedUnit") == "kJ" ? 1 / 4.184 : 1)
            : null;
        var name = activity.StartsWith("HKWorkoutActivityType", StringComparison.Ordinal) ? activity["HKWorkoutActivityType".Length..] : activity;
        batch.Workouts.Add(new WorkoutRecord(start, DateOnly.FromDateTime(start.DateTime), Disciplines.Normalize(name), duration, Source)
        {
            Activity = name.Length == 0 ? null : name, // HKWorkoutActivityTypeRunning -> "Running"
            Title = name,
            DistanceKm = distance,
            Kcal = kcal,
            Row = id,
        });
        batch.RowAccepted();
    }

    private static void Add(
        Dictionary<(DateOnly, Metric), Dictionary<string, (double Sum, int Count, bool Watch, Agg Agg)>> days,
        (DateOnly, Metric) key, string source, double value, bool watch, Agg agg)
    {
        if (!days.TryGetValue(key, out var sources))
        {
            days[key] = sources = new Dictionary<string, (double, int, bool, Agg)>(StringComparer.Ordinal);
        }

        sources[source] = sources.TryGetValue(source, out var s) ? (s.Sum + value, s.Count + 1, s.Watch || watch, agg) : (value, 1, watch, agg);
    }

    private static void Reject(ImportBatch batch, ImportContext context, int line, string reason, string type, string value)
    {
        batch.RowRead();
        batch.Reject(new Rejection(context.FileName, line, reason, Rejection.Cut($"{type} {value}")));
    }

    /// <summary>Apple's "2021-11-09 21:13:51 +0900": local wall clock with the offset, no colon.</summary>
    public static bool TryDate(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text, "yyyy-MM-dd HH:mm:ss zzzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out value) ||
        DateTimeOffset.TryParseExact(text, "yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    /// <summary>Puts back the bytes already read from a non-seekable stream.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : Bio.Core.IO.ForwardOnlyStream
    {
        private ReadOnlyMemory<byte> prefix = prefix;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (prefix.Length > 0)
            {
                var n = Math.Min(count, prefix.Length);
                prefix[..n].Span.CopyTo(buffer.AsSpan(offset, n));
                prefix = prefix[n..];
                return n;
            }

            return inner.Read(buffer, offset, count);
        }

    }
}

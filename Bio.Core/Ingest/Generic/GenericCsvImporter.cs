using System.Globalization;
using System.Text.RegularExpressions;
using Bio.Core.Ingest.Csv;

namespace Bio.Core.Ingest.Generic;

/// <summary>
/// Any other daily CSV: one row per day, a date column, and metric columns Bio can name from their
/// headers ("HRV (ms)", "rmssd", "Resting HR", "sleep_hours", "Steps"…). A header with "hours" or "(h)"
/// is converted to minutes, "(s)"/"seconds" likewise. Dates must be ISO (yyyy-MM-dd, optionally with a
/// time); anything else is quarantined rather than guessed. The mapping Bio inferred is reported in
/// <see cref="Mapping"/> so a person can see what was read as what.
/// </summary>
public sealed partial class GenericCsvImporter(ColumnMapping? declared = null) : IImporter
{
    public const string SourceName = "csv";

    public string Source => SourceName;

    /// <summary>The columns Bio recognized in the last file: header -> metric column name.</summary>
    public IReadOnlyDictionary<string, string> Mapping { get; private set; } = new Dictionary<string, string>();

    private static readonly (Regex Pattern, Metric Metric)[] Rules =
    [
        (Rx(@"\bsdnn\b"), Metric.HrvSdnnMs),
        (Rx(@"\b(hrv|rmssd|heart rate variability)\b"), Metric.HrvRmssdMs),
        (Rx(@"\b(resting (heart rate|hr)|rhr|resting_heart_rate|restingheartrate)\b"), Metric.RestingHrBpm),
        (Rx(@"\bsleep (score|performance)\b"), Metric.SleepScore),
        (Rx(@"\bbody battery\b"), Metric.BodyBattery), // Garmin's own number, never a readiness
        (Rx(@"\breadiness\b"), Metric.ReadinessScore),
        (Rx(@"\brecovery\b"), Metric.RecoveryScore),
        (Rx(@"\befficiency\b"), Metric.SleepEfficiency),
        (Rx(@"\b(naps?|nap time)\b"), Metric.NapMinutes),
        (Rx(@"\b(deep)\b"), Metric.DeepMinutes),
        (Rx(@"\b(rem)\b"), Metric.RemMinutes),
        (Rx(@"\b(total sleep|sleep duration|sleep (time|minutes|hours)|asleep|minutesasleep|sleep)\b"), Metric.SleepMinutes),
        (Rx(@"\b(respiratory|breathing) rate\b"), Metric.RespiratoryRate),
        (Rx(@"\b(temperature|temp) (deviation|dev)\b"), Metric.SkinTempDevC),
        (Rx(@"\bspo2|oxygen"), Metric.Spo2Percent),
        (Rx(@"\bsteps\b"), Metric.Steps),
        (Rx(@"\bactive (calories|kcal|energy)\b"), Metric.ActiveKcal),
        // The day's whole burn: "total_kcal", "Calories", "Total calories", "kcal burned", "Total Burn". Never a
        // part of it (active, resting, basal) nor what was eaten or aimed at.
        (Rx(@"^(?!.*\b(active|activity|resting|rest|basal|bmr|intake|consumed|eaten|food|goal|target|remaining|net)\b)" +
            @"(total (calories|kcal|energy|burn)\b|(calories|kcal|energy) (burned|burnt|expended)\b|(calories|kcal)( \(k?cal\))?$)"), Metric.TotalKcal),
        (Rx(@"\bstrain\b"), Metric.DeviceStrain),
    ];

    private static readonly string[] DateHeaders = ["date", "day", "calendardate", "calendar date", "summary_date", "summary date"];

    /// <summary>True when the header has a date column and at least one column Bio can name.</summary>
    public static bool Recognizes(CsvHeader header) =>
        DateColumn(header) >= 0 && Infer(header).Count > 0;

    public ImportBatch Import(Stream input, ImportContext context)
    {
        var batch = new ImportBatch(Source);
        using var csv = new CsvReader(new StreamReader(input, leaveOpen: true));
        if (!csv.Read())
        {
            throw new ImportFormatException($"{context.FileName} is empty.");
        }

        var header = new CsvHeader(csv.Fields);
        var (dateColumn, columns) = declared is null ? (DateColumn(header), Infer(header)) : declared.Resolve(header, context.FileName);
        if (dateColumn < 0 || columns.Count == 0)
        {
            throw new ImportFormatException($"{context.FileName} needs a 'date' column and at least one column Bio can name (for example 'HRV (ms)', 'Resting HR', 'Steps'), or a declared mapping.");
        }

        Mapping = columns.ToDictionary(c => header.Names[c.Index].Trim(), c => c.Metric.Column());
        CsvRows.ForEach(csv, batch, context, (fields, id) =>
        {
            var dateText = CsvHeader.Cell(fields, dateColumn).Trim();
            return !TryDate(dateText, out var date)
                ? $"date is not ISO yyyy-MM-dd: '{Rejection.Cut(dateText)}'"
                : MetricColumns.CollectRow(fields, columns, date, Source, id, batch.Daily);
        });

        return batch;
    }

    private static int DateColumn(CsvHeader header)
    {
        for (var i = 0; i < header.Names.Count; i++)
        {
            if (DateHeaders.Contains(header.Names[i].Trim().ToLowerInvariant()))
            {
                return i;
            }
        }

        return -1;
    }

    private static List<MetricColumn> Infer(CsvHeader header)
    {
        var found = new List<MetricColumn>();
        var used = new HashSet<Metric>();
        for (var i = 0; i < header.Names.Count; i++)
        {
            // A header that is a silver column's own name ("sleep_efficiency", "nap_minutes") is that column.
            var exact = Enum.GetValues<Metric>().Where(m => string.Equals(m.Column(), header.Names[i].Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
            if (exact is [var own])
            {
                if (used.Add(own))
                {
                    found.Add(new MetricColumn(own, i, 1));
                }

                continue;
            }

            var name = header.Names[i].Trim().ToLowerInvariant().Replace('_', ' ');
            foreach (var (pattern, metric) in Rules)
            {
                if (!pattern.IsMatch(name))
                {
                    continue;
                }

                if (used.Add(metric))
                {
                    var scale = metric is Metric.SleepMinutes or Metric.DeepMinutes or Metric.RemMinutes
                        ? name.Contains("hour", StringComparison.Ordinal) || name.Contains("(h)", StringComparison.Ordinal) ? 60
                        : name.Contains("second", StringComparison.Ordinal) || name.Contains("(s)", StringComparison.Ordinal) ? 1 / 60.0
                        : name.Contains("(ms)", StringComparison.Ordinal) ? 1 / 60_000.0 : 1
                        : metric is Metric.ActiveKcal or Metric.TotalKcal && KiloJoules().IsMatch(name) ? 1 / 4.184
                        : 1;
                    found.Add(new MetricColumn(metric, i, scale));
                }

                break;
            }
        }

        return found;
    }

    private static bool TryDate(string text, out DateOnly date)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        // "2024-07-09T00:00:00", "2024-07-09 00:00:00": the calendar date as written, never shifted.
        if (text.Length > 10 && text[10] is 'T' or ' ' &&
            DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        return false;
    }

    [GeneratedRegex(@"\bkj\b|kilojoule", RegexOptions.CultureInvariant)]
    private static partial Regex KiloJoules();

    private static Regex Rx(string pattern) => new(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);
}

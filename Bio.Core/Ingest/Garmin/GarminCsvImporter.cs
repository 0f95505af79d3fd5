using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bio.Core.Ingest.Csv;

namespace Bio.Core.Ingest.Garmin;

/// <summary>
/// Garmin Connect data as a sync tool flattens it to CSV (FORMATS.md §5): <c>hrv.csv</c> (last night's
/// average, Garmin's rMSSD-based HRV), <c>resting_heart_rate.csv</c> (the value inside a JSON cell),
/// <c>sleep_score.csv</c> (cells are Python dict reprs such as <c>{'value': 79, 'qualifierKey': 'FAIR'}</c>,
/// which are not JSON), <c>daily_summaries.csv</c> (with Garmin's Body Battery at wake and average stress level,
/// kept under Garmin's names) and <c>activities.csv</c>. Told apart by header.
/// </summary>
public sealed partial class GarminCsvImporter : IImporter
{
    public const string SourceName = "garmin";

    public string Source => SourceName;

    private enum Kind { Hrv, RestingHr, SleepScore, DailySummary, Activities }

    public static bool Recognizes(CsvHeader header) => KindOf(header) is not null;

    private static Kind? KindOf(CsvHeader h)
    {
        if (h.Has("hrvSummary_lastNightAvg")) return Kind.Hrv;
        if (h.Names.Any(n => n.Trim().StartsWith("allMetrics_metricsMap_WELLNESS_RESTING_HEART_RATE", StringComparison.Ordinal))) return Kind.RestingHr;
        if (h.Has("activityId") && h.Has("startTimeLocal")) return Kind.Activities;
        if (h.Has("calendarDate") && (h.Has("totalSteps") || h.Has("restingHeartRate"))) return Kind.DailySummary;
        if (h.Has("date") && h.Names.Any(n => n.Trim().Equals("overall", StringComparison.OrdinalIgnoreCase) || n.Contains("overall", StringComparison.OrdinalIgnoreCase))) return Kind.SleepScore;
        return null;
    }

    public ImportBatch Import(Stream input, ImportContext context)
    {
        var batch = new ImportBatch(Source);
        using var csv = new CsvReader(new StreamReader(input, leaveOpen: true));
        if (!csv.Read())
        {
            throw new ImportFormatException($"{context.FileName} is empty.");
        }

        var header = new CsvHeader(csv.Fields);
        var kind = KindOf(header) ?? throw new ImportFormatException($"{context.FileName} is not one of the Garmin files Bio reads.");
        var dateColumn = header.Find("calendarDate", "hrvSummary_calendarDate", "date");
        CsvRows.ForEach(csv, batch, context, (fields, id) =>
        {
            if (kind == Kind.Activities)
            {
                return Activity(batch, header, fields, id);
            }

            var dateText = CsvHeader.Cell(fields, dateColumn).Trim();
            if (CsvRows.IsoDate(dateText.Length >= 10 ? dateText[..10] : dateText, out var day) is { } invalid)
            {
                return invalid;
            }

            var values = new List<(Metric, string)>();
            switch (kind)
            {
                case Kind.Hrv:
                    values.Add((Metric.HrvRmssdMs, CsvHeader.Cell(fields, header.Find("hrvSummary_lastNightAvg"))));
                    break;
                case Kind.RestingHr:
                    values.Add((Metric.RestingHrBpm, JsonCellValue(CsvHeader.Cell(fields, Column(header, "allMetrics_metricsMap_WELLNESS_RESTING_HEART_RATE"))) ?? ""));
                    break;
                case Kind.SleepScore:
                    values.Add((Metric.SleepScore, PythonDictValue(CsvHeader.Cell(fields, Column(header, "overall"))) ?? ""));
                    break;
                default:
                    values.Add((Metric.RestingHrBpm, CsvHeader.Cell(fields, header.Find("restingHeartRate"))));
                    values.Add((Metric.Steps, CsvHeader.Cell(fields, header.Find("totalSteps"))));
                    values.Add((Metric.ActiveKcal, CsvHeader.Cell(fields, header.Find("activeKilocalories"))));
                    values.Add((Metric.TotalKcal, CsvHeader.Cell(fields, header.Find("totalKilocalories"))));
                    values.Add((Metric.SleepMinutes, Cells.TryNumber(CsvHeader.Cell(fields, header.Find("sleepingSeconds")), out var s) ? (s / 60).ToString(CultureInfo.InvariantCulture) : ""));
                    values.Add((Metric.BodyBattery, CsvHeader.Cell(fields, header.Find("bodyBatteryAtWakeTime"))));
                    // Garmin writes -1 (too little data) and -2 (too much motion) for a day without a stress level.
                    values.Add((Metric.StressLevel, Cells.TryNumber(CsvHeader.Cell(fields, header.Find("averageStressLevel")), out var stress) && stress < 0 ? "" : CsvHeader.Cell(fields, header.Find("averageStressLevel"))));
                    break;
            }

            var before = batch.Daily.Count;
            foreach (var (metric, text) in values)
            {
                if (Cells.IsMissing(text) || metric.ZeroIsNoReading() && Cells.TryNumber(text, out var zero) && zero == 0)
                {
                    continue;
                }

                if (MetricColumns.Check(metric, text, 1, out var value) is { } problem)
                {
                    batch.Daily.RemoveRange(before, batch.Daily.Count - before);
                    return problem;
                }

                batch.Daily.Add(new DailyObservation(day, metric, value, Source, id));
            }

            return batch.Daily.Count == before ? $"no values: the row for {day:yyyy-MM-dd} is empty" : null;
        });

        return batch;
    }

    /// <summary>The first column whose name starts with (or, for "overall", contains) <paramref name="name"/>.</summary>
    private static int Column(CsvHeader header, string name) =>
        header.Names.Select((n, i) => (n, i)).First(x => x.n.Trim().StartsWith(name, StringComparison.Ordinal) || x.n.Contains(name, StringComparison.OrdinalIgnoreCase)).i;

    private string? Activity(ImportBatch batch, CsvHeader header, IReadOnlyList<string> fields, long id)
    {
        var localText = CsvHeader.Cell(fields, header.Find("startTimeLocal")).Trim();
        var gmtText = CsvHeader.Cell(fields, header.Find("startTimeGMT")).Trim();
        if (!DateTime.TryParseExact(localText, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return $"startTimeLocal is not 'yyyy-MM-dd HH:mm:ss': '{Rejection.Cut(localText)}'";
        }

        // The local offset is the difference between the local and the GMT start, to the quarter hour.
        var offset = DateTime.TryParseExact(gmtText, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var gmt)
            ? TimeSpan.FromMinutes(Math.Round((local - gmt).TotalMinutes / 15) * 15)
            : TimeSpan.Zero;
        if (offset > TimeSpan.FromHours(14) || offset < TimeSpan.FromHours(-14))
        {
            return "startTimeLocal and startTimeGMT are more than 14 hours apart";
        }

        if (!Cells.TryNumber(CsvHeader.Cell(fields, header.Find("duration")), out var seconds) || seconds <= 0 || seconds > 86_400)
        {
            return "activity duration is missing or not 1 s..24 h";
        }

        double? N(string column, double scale = 1) => Cells.TryNumber(CsvHeader.Cell(fields, header.Find(column)), out var v) ? v * scale : null;
        var type = CsvHeader.Cell(fields, header.Find("activityType_typeKey")).Trim();
        var name = CsvHeader.Cell(fields, header.Find("activityName")).Trim();
        batch.Workouts.Add(new WorkoutRecord(new DateTimeOffset(local, offset), DateOnly.FromDateTime(local), Disciplines.Normalize(type.Length > 0 ? type : name), seconds / 60, Source)
        {
            Activity = type.Length == 0 ? null : type, // activityType_typeKey as written: "running", "lap_swimming"
            Title = name.Length == 0 ? null : name,
            AvgHr = N("averageHR"),
            MaxHr = N("maxHR"),
            Kcal = N("calories"),
            DistanceKm = N("distance", 0.001),
            Row = id,
        });
        return null;
    }

    /// <summary>The "value" of the first object in a JSON-array cell: <c>[{"value": 56.0, "calendarDate": …}]</c>.</summary>
    public static string? JsonCellValue(string cell)
    {
        try
        {
            using var doc = JsonDocument.Parse(cell);
            var root = doc.RootElement;
            var first = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().FirstOrDefault() : root;
            return first.ValueKind == JsonValueKind.Object && first.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number
                ? v.GetDouble().ToString(CultureInfo.InvariantCulture)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The 'value' of a Python dict repr cell (single quotes, not JSON): <c>{'value': 79, 'qualifierKey': 'FAIR'}</c>.</summary>
    public static string? PythonDictValue(string cell) =>
        PythonValue().Match(cell) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"'value'\s*:\s*(-?[0-9]+(?:\.[0-9]+)?)")]
    private static partial Regex PythonValue();
}

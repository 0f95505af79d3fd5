using System.Globalization;
using Bio.Core.Ingest.Csv;

namespace Bio.Core.Ingest.Oura;

/// <summary>
/// Oura's web "trends" CSV (cloud.ouraring.com/trends, 2019-2023), one row per wake-up day. Columns are
/// found by name with aliases, never by position: the 2020 and 2022 generations name them differently
/// ("Total Sleep Time" / "Total Sleep Duration"), one has a typo ("Sleep Timin Score") and trailing
/// spaces ("Total Bedtime "), and one repeats "Sleep Timing". Durations are seconds. Missing values are
/// empty cells or "None". Rows are not sorted and some days repeat. (FORMATS.md §1a.)
/// </summary>
public sealed class OuraTrendsCsvImporter : IImporter
{
    public const string SourceName = "oura";

    public string Source => SourceName;

    private enum Unit { AsIs, SecondsToMinutes }

    private static readonly (Metric Metric, Unit Unit, string[] Names)[] Columns =
    [
        (Metric.SleepScore, Unit.AsIs, ["Sleep Score"]),
        (Metric.SleepMinutes, Unit.SecondsToMinutes, ["Total Sleep Duration", "Total Sleep Time"]),
        (Metric.InBedMinutes, Unit.SecondsToMinutes, ["Total Bedtime"]),
        (Metric.AwakeMinutes, Unit.SecondsToMinutes, ["Awake Time"]),
        (Metric.RemMinutes, Unit.SecondsToMinutes, ["REM Sleep Duration", "REM Sleep Time"]),
        (Metric.LightMinutes, Unit.SecondsToMinutes, ["Light Sleep Duration", "Light Sleep Time"]),
        (Metric.DeepMinutes, Unit.SecondsToMinutes, ["Deep Sleep Duration", "Deep Sleep Time"]),
        (Metric.SleepEfficiency, Unit.AsIs, ["Sleep Efficiency"]),
        // Oura's resting heart rate is the night's lowest; the average is the fallback.
        (Metric.RestingHrBpm, Unit.AsIs, ["Lowest Resting Heart Rate", "Average Resting Heart Rate"]),
        (Metric.HrvRmssdMs, Unit.AsIs, ["Average HRV"]),
        (Metric.SkinTempDevC, Unit.AsIs, ["Temperature Deviation (°C)", "Temperature Deviation"]),
        (Metric.RespiratoryRate, Unit.AsIs, ["Respiratory Rate"]),
        (Metric.Steps, Unit.AsIs, ["Steps"]),
        (Metric.ActiveKcal, Unit.AsIs, ["Activity Burn"]),
        (Metric.ReadinessScore, Unit.AsIs, ["Readiness Score"]),
    ];

    /// <summary>True when a header row looks like this export (used by format detection).</summary>
    public static bool Recognizes(IReadOnlyList<string> header)
    {
        var names = header.Select(Normalize).ToHashSet(StringComparer.Ordinal);
        return names.Contains("date") && names.Contains("readiness score") &&
               (names.Contains("average hrv") || names.Contains("sleep score"));
    }

    public ImportBatch Import(Stream input, ImportContext context)
    {
        var batch = new ImportBatch(Source);
        using var csv = new CsvReader(new StreamReader(input, leaveOpen: true));
        if (!csv.Read())
        {
            throw new ImportFormatException($"{context.FileName} is empty: an Oura trends CSV starts with a header row.");
        }

        var header = csv.Fields.ToArray();
        if (!Recognizes(header))
        {
            throw new ImportFormatException($"{context.FileName} does not have the Oura trends columns ('date', 'Readiness Score', 'Average HRV').");
        }

        var dateColumn = Find(header, "date")!.Value;
        var map = Columns
            .Select(c => (c.Metric, c.Unit, Index: c.Names.Select(n => Find(header, n)).FirstOrDefault(i => i is not null)))
            .Where(c => c.Index is not null)
            .Select(c => (c.Metric, c.Unit, Index: c.Index!.Value))
            .ToArray();

        while (csv.Read())
        {
            var fields = csv.Fields;
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue; // a blank line
            }

            batch.RowRead();
            var row = csv.RecordLine;
            if (fields.FirstOrDefault(Cells.IsFormula) is { } formula)
            {
                batch.Reject(Rejection.Of(context.FileName, row, $"formula cell: '{Rejection.Cut(formula)}' is never imported", fields));
                continue;
            }

            var dateText = dateColumn < fields.Count ? fields[dateColumn].Trim() : "";
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                batch.Reject(Rejection.Of(context.FileName, row, $"date is not ISO yyyy-MM-dd: '{dateText}'", fields));
                continue;
            }

            var values = new List<DailyObservation>();
            string? problem = null;
            foreach (var (metric, unit, index) in map)
            {
                if (index >= fields.Count || Cells.IsMissing(fields[index]))
                {
                    continue;
                }

                if (!Cells.TryNumber(fields[index], out var value))
                {
                    problem = $"not a number: {metric.Column()} = '{Rejection.Cut(fields[index])}'";
                    break;
                }

                value = unit == Unit.SecondsToMinutes ? value / 60.0 : value;
                var (min, max) = metric.Range();
                if (value < min || value > max)
                {
                    problem = $"out of range: {metric.Column()} = {value.ToString(CultureInfo.InvariantCulture)} (expected {min}..{max})";
                    break;
                }

                values.Add(new DailyObservation(date, metric, value, Source, row));
            }

            if (problem is not null)
            {
                batch.Reject(Rejection.Of(context.FileName, row, problem, fields));
            }
            else if (values.Count == 0)
            {
                batch.Reject(Rejection.Of(context.FileName, row, $"no values: the row for {date:yyyy-MM-dd} is empty", fields));
            }
            else
            {
                batch.Daily.AddRange(values);
                batch.RowAccepted();
            }
        }

        return batch;
    }

    private static int? Find(string[] header, string name)
    {
        var wanted = Normalize(name);
        for (var i = 0; i < header.Length; i++)
        {
            if (Normalize(header[i]) == wanted)
            {
                return i; // the first of repeated columns ("Sleep Timing" twice) wins
            }
        }

        return null;
    }

    private static string Normalize(string name) => name.Trim().ToLowerInvariant();
}

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

    private const double AsIs = 1;
    private const double Seconds = MetricColumns.SecondsToMinutes;

    private static readonly (Metric, double, string[])[] Columns =
    [
        (Metric.SleepScore, AsIs, ["Sleep Score"]),
        (Metric.SleepMinutes, Seconds, ["Total Sleep Duration", "Total Sleep Time"]),
        (Metric.InBedMinutes, Seconds, ["Total Bedtime"]),
        (Metric.AwakeMinutes, Seconds, ["Awake Time"]),
        (Metric.RemMinutes, Seconds, ["REM Sleep Duration", "REM Sleep Time"]),
        (Metric.LightMinutes, Seconds, ["Light Sleep Duration", "Light Sleep Time"]),
        (Metric.DeepMinutes, Seconds, ["Deep Sleep Duration", "Deep Sleep Time"]),
        (Metric.SleepEfficiency, AsIs, ["Sleep Efficiency"]),
        // Oura's resting heart rate is the night's lowest; the average is the fallback.
        (Metric.RestingHrBpm, AsIs, ["Lowest Resting Heart Rate", "Average Resting Heart Rate"]),
        (Metric.HrvRmssdMs, AsIs, ["Average HRV"]),
        (Metric.SkinTempDevC, AsIs, ["Temperature Deviation (°C)", "Temperature Deviation"]),
        (Metric.RespiratoryRate, AsIs, ["Respiratory Rate"]),
        (Metric.Steps, AsIs, ["Steps"]),
        (Metric.ActiveKcal, AsIs, ["Activity Burn"]),
        (Metric.TotalKcal, AsIs, ["Total Burn"]), // active plus resting: never read as Activity Burn
        (Metric.ReadinessScore, AsIs, ["Readiness Score"]),
        // Readiness contributors, Oura's 0-100 scores; "Temperature Score" is the body temperature contributor. ("Recovery
        // Time Score" of the 2020 variant is an activity contributor, never the recovery index.)
        (Metric.ReadinessPreviousNight, AsIs, ["Previous Night Score"]),
        (Metric.ReadinessSleepBalance, AsIs, ["Sleep Balance Score"]),
        (Metric.ReadinessPreviousDayActivity, AsIs, ["Previous Day Activity Score"]),
        (Metric.ReadinessActivityBalance, AsIs, ["Activity Balance Score"]),
        (Metric.ReadinessBodyTemperature, AsIs, ["Temperature Score"]),
        (Metric.ReadinessRestingHeartRate, AsIs, ["Resting Heart Rate Score"]),
        (Metric.ReadinessHrvBalance, AsIs, ["HRV Balance Score"]),
        (Metric.ReadinessRecoveryIndex, AsIs, ["Recovery Index Score"]),
    ];

    /// <summary>True when a header row looks like this export (used by format detection).</summary>
    public static bool Recognizes(CsvHeader header) =>
        header.Has("date") && header.Has("Readiness Score") && (header.Has("Average HRV") || header.Has("Sleep Score"));

    public ImportBatch Import(Stream input, ImportContext context)
    {
        var batch = new ImportBatch(Source);
        using var csv = new CsvReader(new StreamReader(input, leaveOpen: true));
        if (!csv.Read())
        {
            throw new ImportFormatException($"{context.FileName} is empty: an Oura trends CSV starts with a header row.");
        }

        var header = new CsvHeader(csv.Fields);
        if (!Recognizes(header))
        {
            throw new ImportFormatException($"{context.FileName} does not have the Oura trends columns ('date', 'Readiness Score', 'Average HRV').");
        }

        var dateColumn = header.Find("date");
        var columns = MetricColumns.Resolve(header, Columns);
        CsvRows.ForEach(csv, batch, context, (fields, id) =>
            CsvRows.IsoDate(CsvHeader.Cell(fields, dateColumn), out var date)
            ?? MetricColumns.CollectRow(fields, columns, date, Source, id, batch.Daily));

        return batch;
    }
}

using System.Globalization;
using Bio.Core.Ingest.Csv;

namespace Bio.Core.Ingest.Oura;

/// <summary>
/// Oura's per-category web export (2023-2024, <c>oura_&lt;category&gt;_&lt;timestamp&gt;.csv</c>; FORMATS.md §1b),
/// told apart by header: <c>sleep</c> (one row per sleep period: the night comes from <c>long_sleep</c>),
/// <c>daily-readiness</c> (with its eight contributors), <c>daily-sleep</c> and <c>daily-spo2</c>. Durations are seconds, null is an
/// empty cell, and a <c>day</c> that Excel rewrote as 7/11/2024 is refused.
/// </summary>
public sealed class OuraCategoryCsvImporter : IImporter
{
    public string Source => OuraTrendsCsvImporter.SourceName;

    private enum Kind { Sleep, Readiness, DailySleep, Spo2 }

    public static bool Recognizes(CsvHeader header) => KindOf(header) is not null;

    private static Kind? KindOf(CsvHeader h)
    {
        if (!h.Has("day"))
        {
            return null;
        }

        if (h.Has("average_hrv") && h.Has("type") && h.Has("total_sleep_duration")) return Kind.Sleep;
        if (h.Has("score") && h.Has("contributors_hrv_balance")) return Kind.Readiness;
        if (h.Has("score") && h.Has("contributors_deep_sleep")) return Kind.DailySleep;
        if (h.Has("spo2_percentage")) return Kind.Spo2;
        return null;
    }

    public ImportBatch Import(Stream input, ImportContext context)
    {
        var batch = new ImportBatch(Source);
        using var csv = new CsvReader(new StreamReader(input, leaveOpen: true));
        if (!csv.Read())
        {
            throw new ImportFormatException($"{context.FileName} is empty: an Oura export file starts with a header row.");
        }

        var header = new CsvHeader(csv.Fields);
        var kind = KindOf(header) ?? throw new ImportFormatException($"{context.FileName} is not one of Oura's per-category files (sleep, daily-readiness, daily-sleep, daily-spo2).");
        var dayColumn = header.Find("day");
        var periods = new List<OuraSleepPeriod>();
        var daily = kind switch
        {
            Kind.Readiness => MetricColumns.Resolve(header,
                [(Metric.ReadinessScore, 1, ["score"]), (Metric.SkinTempDevC, 1, ["temperature_deviation"]),
                 .. Devices.OuraReadinessContributors.Select(c => (c.Metric, 1.0, new[] { $"contributors_{c.Key}" }))]),
            Kind.DailySleep => MetricColumns.Resolve(header, [(Metric.SleepScore, 1, ["score"])]),
            Kind.Spo2 => MetricColumns.Resolve(header, [(Metric.Spo2Percent, 1, ["spo2_percentage"])]),
            _ => [],
        };

        CsvRows.ForEach(csv, batch, context, (fields, id) =>
        {
            if (CsvRows.IsoDate(CsvHeader.Cell(fields, dayColumn), out var day) is { } invalid)
            {
                return invalid + " (a file resaved by Excel?)";
            }

            if (kind != Kind.Sleep)
            {
                return MetricColumns.CollectRow(fields, daily, day, Source, id, batch.Daily);
            }

            double? N(string column) => Cells.TryNumber(CsvHeader.Cell(fields, header.Find(column)), out var v) ? v : null;
            periods.Add(new OuraSleepPeriod(
                id, context.FileName, csv.RecordLine, day, CsvHeader.Cell(fields, header.Find("type")).Trim(),
                N("total_sleep_duration"), N("time_in_bed"), N("deep_sleep_duration"), N("rem_sleep_duration"),
                N("light_sleep_duration"), N("awake_time"), N("efficiency"), N("average_hrv"), N("lowest_heart_rate"),
                N("average_breath"), N("readiness_score"), N("readiness_temperature_deviation"))
            {
                // The night's readiness contributors, flattened from the API's readiness.contributors.
                ReadinessContributors = [.. Devices.OuraReadinessContributors.Select(c => (c.Metric, N($"readiness_contributors_{c.Key}")))],
            });
            return null;
        });

        OuraSleepPeriods.Emit(batch, periods, Source);
        return batch;
    }
}

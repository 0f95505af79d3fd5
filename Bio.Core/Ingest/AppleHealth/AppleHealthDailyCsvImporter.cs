using System.Globalization;
using Bio.Core.Ingest.Csv;

namespace Bio.Core.Ingest.AppleHealth;

/// <summary>
/// The daily CSVs that tools derive from Apple Health's export.xml (FORMATS.md §4): long format,
/// <c>date,value,type,unit</c>, one row per day and HealthKit type, units copied from the XML
/// (<c>ms</c>, <c>count/min</c>, <c>Cal</c>, <c>mL/min·kg</c>). SDNN stays SDNN. A type Bio does not keep
/// is quarantined with that reason, so every row is accounted for.
/// </summary>
public sealed class AppleHealthDailyCsvImporter : IImporter
{
    public string Source => AppleHealthImporter.SourceName;

    private static readonly Dictionary<string, Metric> Types = new(StringComparer.Ordinal)
    {
        ["HKQuantityTypeIdentifierHeartRateVariabilitySDNN"] = Metric.HrvSdnnMs,
        ["HKQuantityTypeIdentifierRestingHeartRate"] = Metric.RestingHrBpm,
        ["HKQuantityTypeIdentifierRespiratoryRate"] = Metric.RespiratoryRate,
        ["HKQuantityTypeIdentifierOxygenSaturation"] = Metric.Spo2Percent,
        ["HKQuantityTypeIdentifierStepCount"] = Metric.Steps,
        ["HKQuantityTypeIdentifierActiveEnergyBurned"] = Metric.ActiveKcal,
    };

    public static bool Recognizes(CsvHeader h) => h.Has("date") && h.Has("value") && h.Has("type") && h.Has("unit");

    public ImportBatch Import(Stream input, ImportContext context)
    {
        var batch = new ImportBatch(Source);
        using var csv = new CsvReader(new StreamReader(input, leaveOpen: true));
        if (!csv.Read() || !Recognizes(new CsvHeader(csv.Fields)))
        {
            throw new ImportFormatException($"{context.FileName} is not a 'date,value,type,unit' Apple Health CSV.");
        }

        var header = new CsvHeader(csv.Fields);
        int date = header.Find("date"), value = header.Find("value"), type = header.Find("type"), unit = header.Find("unit");
        CsvRows.ForEach(csv, batch, context, (fields, id) =>
        {
            var typeText = CsvHeader.Cell(fields, type).Trim();
            if (!Types.TryGetValue(typeText, out var metric))
            {
                return $"not a metric Bio keeps: '{Rejection.Cut(typeText)}'";
            }

            if (CsvRows.IsoDate(CsvHeader.Cell(fields, date), out var day) is { } invalid)
            {
                return invalid;
            }

            var unitText = CsvHeader.Cell(fields, unit).Trim();
            var raw = CsvHeader.Cell(fields, value);
            var scale = (metric, unitText) switch
            {
                (Metric.ActiveKcal, "kJ") => 1 / 4.184,
                (Metric.Spo2Percent, "%") when Cells.TryNumber(raw, out var fraction) && fraction <= 1 => 100,
                _ => 1,
            };
            if (MetricColumns.Check(metric, raw, scale, out var v) is { } problem)
            {
                return problem;
            }

            batch.Daily.Add(new DailyObservation(day, metric, v, Source, id));
            return null;
        });

        return batch;
    }
}

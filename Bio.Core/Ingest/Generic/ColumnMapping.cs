using System.Globalization;
using Bio.Core.Ingest.Csv;

namespace Bio.Core.Ingest.Generic;

/// <summary>
/// A declared mapping for a generic CSV: <c>date=Day,hrv_rmssd_ms=HRV,sleep_minutes=Sleep (hours)*60</c>
/// — Bio's column, '=', the file's header, and an optional '*factor' to reach Bio's unit. Used instead of
/// inference when a person says what their columns are.
/// </summary>
public sealed class ColumnMapping
{
    private readonly string dateHeader;
    private readonly List<(Metric Metric, string Header, double Scale)> metrics;

    private ColumnMapping(string dateHeader, List<(Metric, string, double)> metrics)
    {
        this.dateHeader = dateHeader;
        this.metrics = metrics;
    }

    public static ColumnMapping Parse(string text)
    {
        var byColumn = Enum.GetValues<Metric>().ToDictionary(m => m.Column(), StringComparer.OrdinalIgnoreCase);
        string? date = null;
        var metrics = new List<(Metric, string, double)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == part.Length - 1)
            {
                throw new ImportFormatException($"The mapping entry '{part}' is not 'column=Header'.");
            }

            var column = part[..eq].Trim();
            var header = part[(eq + 1)..].Trim();
            var scale = 1.0;
            var star = header.LastIndexOf('*');
            if (star > 0 && double.TryParse(header[(star + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor > 0 && double.IsFinite(factor))
            {
                scale = factor;
                header = header[..star].Trim();
            }

            if (column.Equals("date", StringComparison.OrdinalIgnoreCase))
            {
                date = header;
            }
            else if (byColumn.TryGetValue(column, out var metric))
            {
                metrics.Add((metric, header, scale));
            }
            else
            {
                throw new ImportFormatException($"'{column}' is not one of Bio's daily columns ({string.Join(", ", byColumn.Keys)}).");
            }
        }

        return date is null || metrics.Count == 0
            ? throw new ImportFormatException("A mapping needs 'date=<header>' and at least one metric, e.g. 'date=Day,hrv_rmssd_ms=HRV'.")
            : new ColumnMapping(date, metrics);
    }

    /// <summary>The columns of the file this mapping names; a named header that is missing is an error.</summary>
    public (int DateColumn, List<MetricColumn> Columns) Resolve(CsvHeader header, string fileName)
    {
        int Find(string name) => header.Find(name) is var i and >= 0
            ? i
            : throw new ImportFormatException($"{fileName} has no column '{name}' named in the mapping.");
        return (Find(dateHeader), metrics.Select(m => new MetricColumn(m.Metric, Find(m.Header), m.Scale)).ToList());
    }
}

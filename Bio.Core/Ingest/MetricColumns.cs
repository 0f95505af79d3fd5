using System.Globalization;
using Bio.Core.Ingest.Csv;

namespace Bio.Core.Ingest;

/// <summary>A daily metric read from one column, with the conversion to Bio's unit.</summary>
public sealed record MetricColumn(Metric Metric, int Index, double Scale = 1);

/// <summary>Reading a row's metric columns the same way for every CSV source.</summary>
public static class MetricColumns
{
    public const double SecondsToMinutes = 1 / 60.0;
    public const double MillisecondsToMinutes = 1 / 60_000.0;

    /// <summary>The columns of <paramref name="wanted"/> that the header has (first alias present wins).</summary>
    public static MetricColumn[] Resolve(CsvHeader header, IEnumerable<(Metric Metric, double Scale, string[] Aliases)> wanted) =>
        wanted.Select(w => new MetricColumn(w.Metric, header.Find(w.Aliases), w.Scale))
              .Where(c => c.Index >= 0)
              .ToArray();

    /// <summary>
    /// Adds the row's values to <paramref name="into"/>; returns a rejection reason instead when a cell is
    /// not a number or a value is outside its metric's range (then nothing of the row is added).
    /// </summary>
    public static string? Collect(
        IReadOnlyList<string> fields, IReadOnlyList<MetricColumn> columns, DateOnly date, string source, long row, List<DailyObservation> into)
    {
        var start = into.Count;
        foreach (var column in columns)
        {
            var span = CsvHeader.CellSpan(fields, column.Index);
            if (Cells.TryNumber(span, out var number))
            {
                if (number == 0 && column.Metric.ZeroIsNoReading())
                {
                    // A 0 where no living body reads 0 (HRV, resting HR, breathing rate, SpO2) is a sensor's "no reading"
                    // (LifeSnaps' Fitbit rows have 0.0 breaths/min nights): that value is missing, the rest of the row stands.
                    continue;
                }

                var scaled = number * column.Scale;
                var (min, max) = column.Metric.Range();
                if (scaled >= min && scaled <= max)
                {
                    into.Add(new DailyObservation(date, column.Metric, scaled, source, row));
                    continue;
                }
            }
            else if (Cells.IsMissing(span))
            {
                continue;
            }

            var problem = Check(column.Metric, CsvHeader.Cell(fields, column.Index), column.Scale, out var value);
            if (problem is not null)
            {
                into.RemoveRange(start, into.Count - start);
                return problem;
            }

            into.Add(new DailyObservation(date, column.Metric, value, source, row));
        }

        return null;
    }

    /// <summary>
    /// <see cref="Collect"/> for a row that must give at least one value: the rejection reason, or null
    /// when values were added.
    /// </summary>
    public static string? CollectRow(
        IReadOnlyList<string> fields, IReadOnlyList<MetricColumn> columns, DateOnly date, string source, long row, List<DailyObservation> into)
    {
        var before = into.Count;
        return Collect(fields, columns, date, source, row, into)
            ?? (into.Count == before ? $"no values: the row for {date:yyyy-MM-dd} is empty" : null);
    }

    /// <summary>Parses and range-checks one value; the reason when it fails.</summary>
    public static string? Check(Metric metric, string cell, double scale, out double value)
    {
        if (!Cells.TryNumber(cell, out value))
        {
            return $"not a number: {metric.Column()} = '{Rejection.Cut(cell)}'";
        }

        value *= scale;
        var (min, max) = metric.Range();
        return value < min || value > max
            ? $"out of range: {metric.Column()} = {value.ToString("0.###", CultureInfo.InvariantCulture)} (expected {min}..{max})"
            : null;
    }
}

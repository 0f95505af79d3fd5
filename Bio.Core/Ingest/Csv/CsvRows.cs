using System.Globalization;

namespace Bio.Core.Ingest.Csv;

/// <summary>The record loop every CSV importer shares.</summary>
public static class CsvRows
{
    /// <summary>
    /// Reads every data record after the header: blank records (Excel's ",,,," tail) are skipped, each
    /// other record is counted as a row, a record with a formula cell is quarantined, and
    /// <paramref name="handle"/> decides the rest: it returns a rejection reason, or null when the row
    /// was accepted.
    /// </summary>
    public static void ForEach(CsvReader csv, ImportBatch batch, ImportContext context, Func<IReadOnlyList<string>, long, string?> handle)
    {
        while (csv.Read())
        {
            var fields = csv.Fields;
            if (CsvHeader.IsBlank(fields))
            {
                continue;
            }

            var id = batch.RowRead(context.FileName, csv.RecordLine);
            var reason = CsvHeader.FirstFormula(fields) is { } formula
                ? $"formula cell: '{Rejection.Cut(formula)}' is never imported"
                : handle(fields, id);
            if (reason is null)
            {
                batch.RowAccepted();
            }
            else
            {
                batch.Reject(Rejection.Of(context.FileName, csv.RecordLine, reason, fields));
            }
        }
    }

    /// <summary>An ISO calendar date (yyyy-MM-dd); the reason when it is not one (never guessed).</summary>
    public static string? IsoDate(string cell, out DateOnly date)
    {
        var text = cell.Trim();
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            ? null
            : $"date is not ISO yyyy-MM-dd: '{Rejection.Cut(text)}'";
    }
}

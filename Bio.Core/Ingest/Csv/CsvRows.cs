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
        var text = cell.AsSpan().Trim();
        return TryIsoDate(text, out date) ? null : $"date is not ISO yyyy-MM-dd: '{Rejection.Cut(text.ToString())}'";
    }

    /// <summary>yyyy-MM-dd exactly, parsed digit by digit (this runs once per row of every file).</summary>
    public static bool TryIsoDate(ReadOnlySpan<char> s, out DateOnly date)
    {
        date = default;
        if (s.Length != 10 || s[4] != '-' || s[7] != '-')
        {
            return false;
        }

        static int Digits(ReadOnlySpan<char> d)
        {
            var n = 0;
            foreach (var c in d)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return -1;
                }

                n = n * 10 + (c - '0');
            }

            return n;
        }

        int year = Digits(s[..4]), month = Digits(s[5..7]), day = Digits(s[8..]);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }
}

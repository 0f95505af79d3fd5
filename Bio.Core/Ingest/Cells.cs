using System.Globalization;

namespace Bio.Core.Ingest;

/// <summary>How exports write a cell, and what Bio makes of it. Span-based, so a cell need not become a string.</summary>
public static class Cells
{
    /// <summary>
    /// Empty cells, <c>None</c> (Oura's Python-written CSVs), <c>null</c>, <c>NaN</c> and <c>N/A</c> all mean
    /// "no value" in real exports; both an empty cell and <c>None</c> occur in one Oura file.
    /// </summary>
    public static bool IsMissing(string? cell) => cell is null || IsMissing(cell.AsSpan());

    public static bool IsMissing(ReadOnlySpan<char> cell)
    {
        if (cell.IsEmpty)
        {
            return true;
        }

        // Fast path: most cells are numbers.
        if (char.IsAsciiDigit(cell[0]) || (cell.Length > 1 && cell[0] is '-' or '.'))
        {
            return false;
        }

        var t = cell.Trim();
        return t.IsEmpty
            || t.Equals("None", StringComparison.OrdinalIgnoreCase)
            || t.Equals("null", StringComparison.OrdinalIgnoreCase)
            || t.Equals("NaN", StringComparison.OrdinalIgnoreCase)
            || t.Equals("N/A", StringComparison.OrdinalIgnoreCase)
            || t.Equals("-", StringComparison.Ordinal);
    }

    /// <summary>
    /// A cell a spreadsheet would run as a formula (<c>=HYPERLINK(…)</c>, <c>@SUM(…)</c>, <c>+cmd</c>).
    /// Such a value is never imported: the row is quarantined, so it can never be written back out.
    /// </summary>
    public static bool IsFormula(string? cell) => cell is not null && IsFormula(cell.AsSpan());

    public static bool IsFormula(ReadOnlySpan<char> cell)
    {
        if (cell.IsEmpty || char.IsAsciiDigit(cell[0]))
        {
            return false;
        }

        var t = cell.TrimStart();
        if (t.IsEmpty)
        {
            return false;
        }

        return t[0] switch
        {
            '=' or '@' => true,
            '+' or '-' => t.Length > 1 && !char.IsDigit(t[1]) && t[1] != '.',
            _ => false,
        };
    }

    /// <summary>A number written with a '.' decimal point, optionally with a trailing '%' ("41%").</summary>
    public static bool TryNumber(string? cell, out double value)
    {
        value = 0;
        return cell is not null && TryNumber(cell.AsSpan(), out value);
    }

    public static bool TryNumber(ReadOnlySpan<char> cell, out double value)
    {
        // Fast path: a plain number, as nearly every cell is.
        if (!cell.IsEmpty && (char.IsAsciiDigit(cell[0]) || cell[0] is '-' or '.') &&
            double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return double.IsFinite(value);
        }

        value = 0;
        if (IsMissing(cell))
        {
            return false;
        }

        var t = cell.Trim();
        if (t.EndsWith("%"))
        {
            t = t[..^1].TrimEnd();
        }

        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }
}

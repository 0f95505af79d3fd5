namespace Bio.Core.Ingest.Csv;

/// <summary>A header row with columns found by name (trimmed, case-insensitive), never by position.</summary>
public sealed class CsvHeader
{
    private readonly Dictionary<string, int> index = new(StringComparer.OrdinalIgnoreCase);

    public CsvHeader(IReadOnlyList<string> fields)
    {
        Names = [.. fields];
        for (var i = 0; i < fields.Count; i++)
        {
            index.TryAdd(fields[i].Trim(), i); // the first of repeated columns wins
        }
    }

    public IReadOnlyList<string> Names { get; }

    public bool Has(string name) => index.ContainsKey(name);

    /// <summary>The column of the first of <paramref name="aliases"/> present, or -1.</summary>
    public int Find(params string[] aliases)
    {
        foreach (var alias in aliases)
        {
            if (index.TryGetValue(alias, out var i))
            {
                return i;
            }
        }

        return -1;
    }

    public static string Cell(IReadOnlyList<string> fields, int column) =>
        column >= 0 && column < fields.Count ? fields[column] : "";

    /// <summary>A cell's characters; for the reader's own fields without making a string.</summary>
    public static ReadOnlySpan<char> CellSpan(IReadOnlyList<string> fields, int column) =>
        column < 0 || column >= fields.Count ? [] : fields is CsvFields f ? f.Span(column) : fields[column].AsSpan();

    /// <summary>True for a record of only empty cells (Excel's trailing ",,,,," rows, blank lines).</summary>
    public static bool IsBlank(IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (CellSpan(fields, i).Length > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first cell a spreadsheet would run as a formula, or null.</summary>
    public static string? FirstFormula(IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (Cells.IsFormula(CellSpan(fields, i)))
            {
                return fields[i];
            }
        }

        return null;
    }
}

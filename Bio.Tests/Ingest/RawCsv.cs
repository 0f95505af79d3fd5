using DuckDB.NET.Data;

namespace Bio.Tests.Ingest;

/// <summary>
/// A CSV export's rows as DuckDB reads them straight from the file (every cell text, an empty cell null),
/// so a test's expected values come from the file itself and not from Bio's own CSV reader.
/// </summary>
public static class RawCsv
{
    public static List<Dictionary<string, string?>> Rows(string path)
    {
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = $"SELECT * FROM read_csv('{path.Replace("'", "''", StringComparison.Ordinal)}', header = true, all_varchar = true)";
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, string?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetString(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}

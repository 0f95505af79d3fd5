using System.Globalization;
using System.Text.Json;
using Bio.Core.Analytics;

namespace Bio.Core.Agent;

/// <summary>Rows an answer carries: named columns and JSON values, read by name.</summary>
internal sealed class Table
{
    private readonly Dictionary<string, int> index;

    private Table(IReadOnlyList<AnswerColumn> columns, List<JsonElement[]> rows, bool truncated)
    {
        Columns = columns;
        Rows = rows;
        Truncated = truncated;
        index = columns.Select((c, i) => (c.Name, i)).GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
    }

    public IReadOnlyList<AnswerColumn> Columns { get; }

    public List<JsonElement[]> Rows { get; }

    public bool Truncated { get; }

    public string RowsJson => JsonSerializer.Serialize(Rows);

    /// <summary>A sandbox result: <c>{columns:[{name,type}], rows:[[...]], truncated}</c>.</summary>
    public static Table OfQuery(JsonElement result)
    {
        var columns = result.GetProperty("columns").EnumerateArray()
            .Select(c => new AnswerColumn(c.GetProperty("name").GetString()!, c.GetProperty("type").GetString()!)).ToList();
        var rows = result.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().ToArray()).ToList();
        return new Table(columns, rows, result.TryGetProperty("truncated", out var t) && t.GetBoolean());
    }

    /// <summary>A gold view's rows: a JSON array of objects with the same properties.</summary>
    public static Table OfObjects(JsonElement array)
    {
        var objects = array.EnumerateArray().ToList();
        var names = objects.Count == 0 ? [] : objects[0].EnumerateObject().Select(p => p.Name).ToList();
        var columns = names.Select(n => new AnswerColumn(n, TypeOf(objects.Select(o => o.TryGetProperty(n, out var v) ? v : default)))).ToList();
        var rows = objects.Select(o => names.Select(n => o.TryGetProperty(n, out var v) ? v.Clone() : Null).ToArray()).ToList();
        return new Table(columns, rows, false);
    }

    /// <summary>Rows built from a tool's typed result.</summary>
    public static Table OfRecords(string[] names, IReadOnlyList<object?[]> values)
    {
        var rows = values.Select(v => v.Select(x => JsonSerializer.SerializeToElement(x)).ToArray()).ToList();
        var columns = names.Select((n, i) => new AnswerColumn(n, TypeOf(rows.Select(r => r[i])))).ToList();
        return new Table(columns, rows, false);
    }

    public double? Number(int row, string column)
    {
        if (row < 0 || row >= Rows.Count || !index.TryGetValue(column, out var i))
        {
            return null;
        }

        var v = Rows[row][i];
        return v.ValueKind switch
        {
            JsonValueKind.Number => v.GetDouble(),
            JsonValueKind.String when double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };
    }

    public string Text(int row, string column)
    {
        if (row < 0 || row >= Rows.Count || !index.TryGetValue(column, out var i))
        {
            return "";
        }

        var v = Rows[row][i];
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString() ?? "",
            JsonValueKind.Null or JsonValueKind.Undefined => "",
            JsonValueKind.Number => v.GetDouble().ToString("0.##", CultureInfo.InvariantCulture),
            _ => v.GetRawText(),
        };
    }

    private static readonly JsonElement Null = JsonSerializer.SerializeToElement<object?>(null);

    private static string TypeOf(IEnumerable<JsonElement> values)
    {
        var kind = values.Select(v => v.ValueKind).FirstOrDefault(k => k is not (JsonValueKind.Null or JsonValueKind.Undefined));
        return kind switch
        {
            JsonValueKind.Number => "DOUBLE",
            JsonValueKind.True or JsonValueKind.False => "BOOLEAN",
            _ => "VARCHAR",
        };
    }
}

/// <summary>Chart suggestions for answers.</summary>
internal static class Chart
{
    public static ChartSpec? Line(string title, string x, string y, Table t, string labelColumn, string valueColumn, string? measure = null) =>
        Make("line", title, x, y, t, labelColumn, valueColumn, measure);

    public static ChartSpec? Bars(string title, string x, string y, Table t, string labelColumn, string valueColumn, string? measure = null) =>
        Make("bar", title, x, y, t, labelColumn, valueColumn, measure);

    private static ChartSpec? Make(string kind, string title, string x, string y, Table t, string labelColumn, string valueColumn, string? measure)
    {
        var points = Enumerable.Range(0, t.Rows.Count).Where(i => t.Number(i, valueColumn) is not null)
            .Select(i => new ChartPoint(null, t.Text(i, labelColumn), t.Number(i, valueColumn)!.Value)).ToList();
        return points.Count == 0 ? null : new ChartSpec(kind, title, x, y, [new ChartSeries(y, kind == "bar" ? "bar" : "line", points, measure)]);
    }
}

using System.Text.Json;

namespace Bio.Core.Query;

/// <summary>
/// Decides whether a SQL text may run in a person's sandbox, on DuckDB's own parse tree
/// (<c>json_serialize_sql</c>), never on the text: exactly one SELECT; every table one of the person's
/// tables (or a CTE of the query); no table functions (<c>read_csv</c>, <c>glob</c>, <c>range</c>...);
/// no recursive CTEs; every function on an allowlist of aggregates, arithmetic, date and string
/// functions; no schema- or catalog-qualified names. DuckDB serializes only SELECT statements, so DDL,
/// DML, COPY, ATTACH, INSTALL/LOAD, SET and PRAGMA fail at the parse step.
/// </summary>
public static class SqlGuard
{
    public static readonly IReadOnlySet<string> AllowedFunctions = new HashSet<string>(StringComparer.Ordinal)
    {
        // aggregates
        "avg", "mean", "sum", "count", "count_star", "min", "max", "median", "mode", "quantile", "quantile_cont", "quantile_disc",
        "stddev", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop", "corr", "covar_samp", "covar_pop",
        "regr_slope", "regr_intercept", "regr_r2", "regr_count", "first", "last", "arg_min", "arg_max", "argmin", "argmax",
        "any_value", "bool_and", "bool_or", "string_agg", "product", "sumkahan", "fsum",
        // window
        "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value", "last_value", "nth_value",
        // numbers
        "round", "abs", "floor", "ceil", "ceiling", "ln", "log", "log10", "log2", "exp", "sqrt", "power", "pow", "sign",
        "greatest", "least", "coalesce", "ifnull", "nullif", "isnan", "isfinite", "trunc",
        // dates
        "date_trunc", "datetrunc", "date_part", "datepart", "year", "month", "day", "dayofweek", "dayofmonth", "dayofyear", "isodow",
        "dayname", "monthname", "week", "weekofyear", "isoyear", "yearweek", "quarter", "strftime", "date_diff", "datediff",
        "date_sub", "datesub", "date_add", "current_date", "today", "last_day", "make_date", "epoch",
        "to_days", "to_weeks", "to_months", "to_years",
        // text
        "lower", "upper", "lcase", "ucase", "length", "concat", "concat_ws", "contains", "starts_with", "ends_with", "prefix", "suffix",
        "substring", "substr", "trim", "ltrim", "rtrim", "replace", "left", "right", "lpad", "rpad", "format", "printf",
        // operators as the parse tree names them
        "+", "-", "*", "/", "//", "%", "^", "**", "~~", "!~~", "~~*", "!~~*", "||",
    };

    /// <summary>Names DuckDB binds to session values when no column has them (current_user and the like).</summary>
    private static readonly HashSet<string> SessionValues = new(StringComparer.OrdinalIgnoreCase)
    {
        "current_user", "session_user", "user", "current_role", "current_schema", "current_catalog", "current_database", "current_query",
    };

    /// <summary>Why <paramref name="sql"/> may not run, in a sentence; null when it may.</summary>
    /// <param name="parseTreeJson">DuckDB's <c>json_serialize_sql</c> of the text.</param>
    /// <param name="tables">The person's tables.</param>
    public static string? Refusal(string parseTreeJson, IReadOnlySet<string> tables)
    {
        ArgumentNullException.ThrowIfNull(parseTreeJson);
        ArgumentNullException.ThrowIfNull(tables);
        using var doc = JsonDocument.Parse(parseTreeJson);
        var root = doc.RootElement;
        if (root.TryGetProperty("error", out var error) && error.GetBoolean())
        {
            var message = root.TryGetProperty("error_message", out var m) ? m.GetString() : null;
            return message?.Contains("Only SELECT", StringComparison.Ordinal) == true
                ? "Only a single SELECT query can run here: nothing that changes, loads, attaches or configures anything."
                : $"That is not SQL Bio can read: {message}";
        }

        var statements = root.GetProperty("statements");
        if (statements.GetArrayLength() != 1)
        {
            return $"Exactly one SELECT statement at a time, please ({statements.GetArrayLength()} were sent).";
        }

        var ctes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        Collect(statements[0], ctes);
        return Walk(statements[0], tables, ctes);
    }

    private static void Collect(JsonElement e, HashSet<string> ctes)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            if (e.TryGetProperty("cte_map", out var map) && map.TryGetProperty("map", out var entries))
            {
                foreach (var entry in entries.EnumerateArray())
                {
                    ctes.Add(entry.GetProperty("key").GetString()!);
                }
            }

            foreach (var p in e.EnumerateObject())
            {
                Collect(p.Value, ctes);
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray())
            {
                Collect(item, ctes);
            }
        }
    }

    private static string? Walk(JsonElement e, IReadOnlySet<string> tables, HashSet<string> ctes)
    {
        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray())
            {
                if (Walk(item, tables, ctes) is { } refusal)
                {
                    return refusal;
                }
            }

            return null;
        }

        if (e.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var type = e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "TABLE_FUNCTION":
                return $"Table functions such as {FunctionName(e)} are not allowed: queries read only your own tables.";
            case "RECURSIVE_CTE_NODE":
                return "Recursive queries are not allowed.";
            case "SHOW_REF":
                return "SHOW, DESCRIBE and SUMMARIZE are not available here; GET /api/users/{id}/schema lists your tables and columns.";
            case "COLUMN_REF" when e.TryGetProperty("column_names", out var names) && names.GetArrayLength() == 1 &&
                                   SessionValues.Contains(names[0].GetString() ?? ""):
                return $"'{names[0].GetString()}' is not part of your data.";
            case "BASE_TABLE":
                var name = e.GetProperty("table_name").GetString() ?? "";
                var schema = e.TryGetProperty("schema_name", out var s) ? s.GetString() : "";
                var catalog = e.TryGetProperty("catalog_name", out var c) ? c.GetString() : "";
                if (!string.IsNullOrEmpty(schema) || !string.IsNullOrEmpty(catalog))
                {
                    return $"Tables are named without a schema or database: '{catalog}{(string.IsNullOrEmpty(catalog) ? "" : ".")}{schema}.{name}' is not one of yours.";
                }

                if (!tables.Contains(name) && !ctes.Contains(name))
                {
                    return $"There is no table '{name}' in your data. Your tables: {string.Join(", ", tables.Order(StringComparer.Ordinal))}.";
                }

                break;
            default:
                break;
        }

        if (e.TryGetProperty("class", out var cls) && cls.GetString() == "FUNCTION")
        {
            var function = (e.GetProperty("function_name").GetString() ?? "").ToLowerInvariant();
            var functionSchema = e.TryGetProperty("schema", out var fs) ? fs.GetString() : "";
            var functionCatalog = e.TryGetProperty("catalog", out var fc) ? fc.GetString() : "";
            if (!string.IsNullOrEmpty(functionSchema) || !string.IsNullOrEmpty(functionCatalog) || !AllowedFunctions.Contains(function))
            {
                return $"The function '{function}' is not allowed here. Aggregates (avg, sum, count, min, max, median, stddev, corr...), arithmetic, and date and text functions are.";
            }
        }

        foreach (var p in e.EnumerateObject())
        {
            if (Walk(p.Value, tables, ctes) is { } refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    private static string FunctionName(JsonElement tableFunction) =>
        tableFunction.TryGetProperty("function", out var f) && f.TryGetProperty("function_name", out var n) ? n.GetString() ?? "that" : "that";
}

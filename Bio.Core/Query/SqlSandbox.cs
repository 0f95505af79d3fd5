using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Bio.Core.Lake;
using DuckDB.NET.Data;

namespace Bio.Core.Query;

/// <summary>A column of the sandbox's schema, with what it means.</summary>
[GenerateSerializer, Immutable, Alias("bio.SqlColumn")]
public sealed record SqlColumn([property: Id(0)] string Name, [property: Id(1)] string Type, [property: Id(2)] string Description = "");

/// <summary>A table of the sandbox's schema (silver or gold) with what it holds and its columns.</summary>
[GenerateSerializer, Immutable, Alias("bio.SqlTable")]
public sealed record SqlTable(
    [property: Id(0)] string Name, [property: Id(1)] string Layer, [property: Id(2)] long Rows, [property: Id(3)] IReadOnlyList<SqlColumn> Columns,
    [property: Id(4)] string Description = "");

/// <summary>A refused or failed query: the sentence says why.</summary>
[GenerateSerializer, Alias("bio.SqlRefusedException")]
public sealed class SqlRefusedException : Exception
{
    public SqlRefusedException() { }

    public SqlRefusedException(string message) : base(message) { }

    public SqlRefusedException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Limits of one sandbox.</summary>
public sealed record SqlLimits(int MaxRows = 10_000, double TimeoutSeconds = 5, string MemoryLimit = "256MB");

/// <summary>
/// One person's SQL sandbox: an in-memory DuckDB holding only that person's silver tables (daily,
/// workouts, journal) and gold views, loaded from their lake snapshot through the appender, then locked:
/// external access off, extensions neither installed nor loaded, one thread, a memory limit, and the
/// configuration frozen so a query cannot undo any of it. Every query passes <see cref="SqlGuard"/>
/// first, runs under a time limit (interrupted, not waited for) and returns at most the row limit.
/// One connection per sandbox; the grain that owns it calls it one query at a time.
/// </summary>
public sealed class SqlSandbox : IDisposable
{
    private readonly DuckDBConnection connection;
    private readonly SqlLimits limits;

    private SqlSandbox(DuckDBConnection connection, List<SqlTable> tables, SqlLimits limits)
    {
        this.connection = connection;
        this.limits = limits;
        Tables = tables;
        TableNames = tables.Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<SqlTable> Tables { get; }

    public IReadOnlySet<string> TableNames { get; }

    public static SqlSandbox Create(LakeSnapshot snapshot, SqlLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        limits ??= new SqlLimits();
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var tables = new List<SqlTable>();
        foreach (var table in LakeTables.Queryable)
        {
            tables.Add(Load(connection, table.Layer, table.Name, snapshot.Rows(table)));
        }

        foreach (var setting in (string[])
        [
            "SET enable_external_access = false", "SET autoinstall_known_extensions = false", "SET autoload_known_extensions = false",
            "SET threads = 1", $"SET memory_limit = '{limits.MemoryLimit}'", "SET lock_configuration = true",
        ])
        {
            Execute(connection, setting);
        }

        return new SqlSandbox(connection, tables, limits);
    }

    /// <summary>
    /// Runs a query that passed the guard and returns it as JSON: <c>{columns:[{name,type}], rows:[[...]], truncated}</c>.
    /// Throws <see cref="SqlRefusedException"/> with a sentence for a refused, failed or runaway query.
    /// </summary>
    public string QueryJson(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        if (sql.Length > 20_000)
        {
            throw new SqlRefusedException("That query is too long (over 20,000 characters).");
        }

        string tree;
        using (var parse = connection.CreateCommand())
        {
            parse.CommandText = "SELECT json_serialize_sql($1::VARCHAR)";
            parse.Parameters.Add(new DuckDBParameter(sql));
            tree = (string)parse.ExecuteScalar()!;
        }

        if (SqlGuard.Refusal(tree, TableNames) is { } refusal)
        {
            throw new SqlRefusedException(refusal);
        }

        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(limits.TimeoutSeconds));
        using var registration = timeout.Token.Register(command.Cancel);
        try
        {
            using var reader = command.ExecuteReader();
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteStartArray("columns");
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    json.WriteStartObject();
                    json.WriteString("name", reader.GetName(i));
                    json.WriteString("type", reader.GetDataTypeName(i).ToUpperInvariant());
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStartArray("rows");
                var count = 0;
                var truncated = false;
                while (reader.Read())
                {
                    if (count == limits.MaxRows)
                    {
                        truncated = true;
                        break;
                    }

                    json.WriteStartArray();
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        WriteValue(json, reader.IsDBNull(i) ? null : reader.GetValue(i));
                    }

                    json.WriteEndArray();
                    count++;
                }

                json.WriteEndArray();
                json.WriteBoolean("truncated", truncated);
                json.WriteEndObject();
            }

            return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new SqlRefusedException($"The query ran longer than {limits.TimeoutSeconds:0} seconds and was stopped.");
        }
        catch (DuckDBException) when (timeout.IsCancellationRequested)
        {
            throw new SqlRefusedException($"The query ran longer than {limits.TimeoutSeconds:0} seconds and was stopped.");
        }
        catch (DuckDBException e)
        {
            // The first line says what is wrong (DuckDB goes on with candidate lists); the DuckDB exception
            // itself stays here: it cannot cross a grain call.
            throw new SqlRefusedException($"The query failed: {e.Message.Split('\n', 2)[0].Trim()}");
        }
    }

    public void Dispose() => connection.Dispose();

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case bool b: json.WriteBooleanValue(b); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case float f when float.IsFinite(f): json.WriteNumberValue(f); break;
            case int i: json.WriteNumberValue(i); break;
            case long l: json.WriteNumberValue(l); break;
            case short s: json.WriteNumberValue(s); break;
            case decimal m: json.WriteNumberValue(m); break;
            case System.Numerics.BigInteger big: json.WriteRawValue(big.ToString(CultureInfo.InvariantCulture)); break;
            case DateOnly date: json.WriteStringValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case DateTime time: json.WriteStringValue(time.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)); break;
            case IFormattable other: json.WriteStringValue(other.ToString(null, CultureInfo.InvariantCulture)); break;
            default: json.WriteStringValue(value.ToString()); break;
        }
    }

    private static SqlTable Load(DuckDBConnection connection, string layer, string name, IList rows)
    {
        var type = rows.GetType().GetGenericArguments()[0];
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && SqlType(p.PropertyType) is not null).ToList();
        var columns = properties.Select(p =>
        {
            var column = JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name);
            return new SqlColumn(column, SqlType(p.PropertyType)!, SchemaDocs.Describe(name, column) ?? "");
        }).ToList();
        Execute(connection, $"CREATE TABLE {name} ({string.Join(", ", columns.Select(c => $"\"{c.Name}\" {c.Type}"))})");
        using (var appender = connection.CreateAppender(name))
        {
            foreach (var row in rows)
            {
                var target = appender.CreateRow();
                foreach (var p in properties)
                {
                    Append(target, p.GetValue(row));
                }

                target.EndRow();
            }
        }

        return new SqlTable(name, layer, rows.Count, columns, SchemaDocs.Tables.GetValueOrDefault(name, ""));
    }

    private static void Append(IDuckDBAppenderRow row, object? value)
    {
        switch (value)
        {
            case null: row.AppendNullValue(); break;
            case string s: row.AppendValue(s); break;
            case double d: row.AppendValue(d); break;
            case int i: row.AppendValue(i); break;
            case long l: row.AppendValue(l); break;
            case bool b: row.AppendValue(b); break;
            case DateOnly date: row.AppendValue((DateOnly?)date); break;
            case DateTime time: row.AppendValue(time); break;
            default: row.AppendValue(value.ToString()); break;
        }
    }

    private static string? SqlType(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) ? "VARCHAR"
            : t == typeof(double) ? "DOUBLE"
            : t == typeof(int) ? "INTEGER"
            : t == typeof(long) ? "BIGINT"
            : t == typeof(bool) ? "BOOLEAN"
            : t == typeof(DateOnly) ? "DATE"
            : t == typeof(DateTime) ? "TIMESTAMP"
            : null;
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

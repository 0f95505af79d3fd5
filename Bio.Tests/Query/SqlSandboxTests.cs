using System.Text.Json;
using Bio.Core.Lake;
using Bio.Core.Query;
using Bio.Core.Synthetic;

namespace Bio.Tests.Query;

public sealed class SqlSandboxTests : IDisposable
{
    private static readonly DateOnly LastDay = new(2026, 6, 30);
    private readonly Silver silver;
    private readonly SqlSandbox sandbox;

    public SqlSandboxTests()
    {
        silver = new Silver();
        silver.Merge(SyntheticPerson.Generate(71, 200, LastDay).Batch, "synthetic");
        sandbox = SqlSandbox.Create(new LakeSnapshot(silver), new SqlLimits(TimeoutSeconds: 1));
    }

    public void Dispose() => sandbox.Dispose();

    private JsonElement Query(string sql) => JsonDocument.Parse(sandbox.QueryJson(sql)).RootElement;

    [Fact]
    public void OnlyThePersonsOwnTablesAreThere()
    {
        Assert.Equal(["daily", "workouts", "journal", "feedback", .. LakeTables.GoldViewNames], sandbox.Tables.Select(t => t.Name));
        Assert.Contains(sandbox.Tables.Single(t => t.Name == "daily").Columns, c => c == new SqlColumn("hrv_rmssd_ms", "DOUBLE", "overnight HRV, rMSSD, in ms"));
        Assert.Equal(200, sandbox.Tables.Single(t => t.Name == "hrv_status").Rows);
    }

    [Fact]
    public void EveryTableAndColumnSaysWhatItMeans()
    {
        Assert.All(sandbox.Tables, t => Assert.False(string.IsNullOrEmpty(t.Description), t.Name));
        Assert.All(sandbox.Tables.SelectMany(t => t.Columns.Select(c => (t.Name, c))), x => Assert.False(string.IsNullOrEmpty(x.c.Description), $"{x.Name}.{x.c.Name}"));
        Assert.StartsWith("Bio's own readiness", sandbox.Tables.Single(t => t.Name == "energy_state").Columns.Single(c => c.Name == "readiness").Description, StringComparison.Ordinal);
        Assert.StartsWith("readiness, 0-100: the device's", sandbox.Tables.Single(t => t.Name == "daily_readiness_performance").Columns.Single(c => c.Name == "readiness").Description, StringComparison.Ordinal);
    }

    [Fact]
    public void AnswersEqualTheSameNumbersComputedFromSilver()
    {
        var hrv = silver.Daily.Where(kv => kv.Key.Metric == Bio.Core.Ingest.Metric.HrvRmssdMs).Select(kv => kv.Value.Value).ToList();
        var result = Query("SELECT count(hrv_rmssd_ms) AS n, avg(hrv_rmssd_ms) AS mean FROM daily");
        Assert.Equal(hrv.Count, result.GetProperty("rows")[0][0].GetInt64());
        Assert.Equal(hrv.Average(), result.GetProperty("rows")[0][1].GetDouble(), 9);
        Assert.Equal("n", result.GetProperty("columns")[0].GetProperty("name").GetString());

        var last7 = Query("""
            WITH recent AS (SELECT date, status FROM hrv_status WHERE date > DATE '2026-06-23')
            SELECT status, count(*) AS days FROM recent GROUP BY status ORDER BY days DESC, status
            """);
        Assert.Equal(7, last7.GetProperty("rows").EnumerateArray().Sum(r => r[1].GetInt64()));

        var windowed = Query("SELECT date, avg(readiness) OVER (ORDER BY date ROWS 6 PRECEDING) FROM energy_state ORDER BY date DESC LIMIT 1");
        Assert.Equal("2026-06-30", windowed.GetProperty("rows")[0][0].GetString());

        var joined = Query("SELECT w.discipline, count(*) FROM workouts w JOIN training_load t ON t.date = w.local_date WHERE t.load > 0 GROUP BY 1 ORDER BY 1");
        Assert.Equal(silver.Workouts.Count, joined.GetProperty("rows").EnumerateArray().Sum(r => r[1].GetInt64()));
    }

    [Fact]
    public void RowsBeyondTheLimitAreCutAndSaidSo()
    {
        using var small = SqlSandbox.Create(new LakeSnapshot(silver), new SqlLimits(MaxRows: 50));
        var result = JsonDocument.Parse(small.QueryJson("SELECT * FROM daily")).RootElement;
        Assert.Equal(50, result.GetProperty("rows").GetArrayLength());
        Assert.True(result.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public void ARunawayQueryIsStopped()
    {
        var refused = Assert.Throws<SqlRefusedException>(() => sandbox.QueryJson("SELECT count(*) FROM daily a, daily b, daily c, daily d, daily e"));
        Assert.Contains("was stopped", refused.Message, StringComparison.Ordinal);
        Assert.Equal(200, Query("SELECT count(*) FROM daily").GetProperty("rows")[0][0].GetInt64()); // still usable
    }

    public static TheoryData<string> Hostile()
    {
        var data = new TheoryData<string>();
        string[] tables = ["daily", "workouts", "journal", "hrv_status", "energy_state", "anomalies"];
        foreach (var t in tables)
        {
            data.Add($"DROP TABLE {t}");
            data.Add($"DELETE FROM {t}");
            data.Add($"UPDATE {t} SET date = NULL");
            data.Add($"INSERT INTO {t} SELECT * FROM {t}");
            data.Add($"ALTER TABLE {t} RENAME TO x");
            data.Add($"CREATE TABLE copy_{t} AS SELECT * FROM {t}");
            data.Add($"COPY {t} TO '/tmp/{t}.csv'");
            data.Add($"SELECT * FROM {t}; DROP TABLE {t}");
            data.Add($"SELECT * FROM {t}; SELECT * FROM {t}");
            data.Add($"SELECT * FROM main.{t}");
            data.Add($"SELECT * FROM memory.main.{t}");
            data.Add($"SELECT * FROM other_user.{t}");
            data.Add($"SELECT * FROM ada_{t}");
            data.Add($"SeLeCt * FrOm {t}; dRoP tAbLe {t}");
            data.Add($"SELECT * FROM {t} /* comment */ ; /**/ DELETE FROM {t}");
            data.Add($"SELECT * FROM {t} -- trailing\n; TRUNCATE {t}");
            data.Add($"SELECT * FROM {t} UNION ALL SELECT * FROM read_csv('/etc/passwd')");
            data.Add($"SELECT (SELECT getenv('HOME')) FROM {t}");
        }

        foreach (var path in (string[])["/etc/passwd", "/proc/self/environ", "../../secrets.csv", "https://example.com/x.csv", "s3://bucket/x.parquet", "C:\\\\Windows\\\\win.ini"])
        {
            data.Add($"SELECT * FROM read_csv('{path}')");
            data.Add($"SELECT * FROM read_csv_auto('{path}')");
            data.Add($"SELECT * FROM read_parquet('{path}')");
            data.Add($"SELECT * FROM read_json('{path}')");
            data.Add($"SELECT * FROM read_text('{path}')");
            data.Add($"SELECT * FROM '{path}'");
            data.Add($"FROM glob('{path}')");
            data.Add($"SELECT * FROM parquet_scan('{path}')");
        }

        foreach (var statement in (string[])
        [
            "ATTACH '/tmp/other.db' AS other", "ATTACH ':memory:' AS m", "DETACH memory", "USE other",
            "INSTALL httpfs", "LOAD httpfs", "INSTALL sqlite; LOAD sqlite", "FORCE INSTALL json",
            "SET enable_external_access = true", "SET threads = 64", "SET memory_limit = '64GB'", "RESET enable_external_access",
            "PRAGMA version", "PRAGMA database_list", "PRAGMA enable_profiling", "CALL pragma_version()",
            "EXPORT DATABASE '/tmp/dump'", "IMPORT DATABASE '/tmp/dump'", "CHECKPOINT", "VACUUM", "BEGIN TRANSACTION",
            "CREATE MACRO m(a) AS a", "CREATE VIEW v AS SELECT 1", "CREATE SECRET s (TYPE s3, KEY_ID 'x', SECRET 'y')", "CREATE SEQUENCE s",
            "SELECT getenv('PATH')", "SELECT current_setting('threads')", "SELECT * FROM duckdb_settings()", "SELECT * FROM duckdb_tables()",
            "SELECT * FROM duckdb_extensions()", "SELECT * FROM pragma_table_info('daily')", "SELECT * FROM range(1000000000000)",
            "SELECT * FROM generate_series(1, 1000000000000)", "SELECT read_blob('/etc/passwd')", "SELECT * FROM read_blob('/etc/passwd')",
            "SELECT * FROM sniff_csv('/etc/passwd')", "SELECT * FROM query('SELECT 1')", "SELECT * FROM query_table('daily')",
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
            "SELECT version()", "SELECT current_user", "SELECT * FROM information_schema.tables", "SELECT * FROM sqlite_master",
            "SUMMARIZE daily", "DESCRIBE daily", "SHOW TABLES", "EXPLAIN SELECT 1", "SELECT 1;;SELECT 2",
            "SELECT * FROM daily WHERE date = (SELECT max(date) FROM read_csv('/etc/passwd'))",
            "SELECT list_transform([1], x -> getenv('HOME'))", "SELECT system.main.getenv('HOME')", "SELECT main.avg(1)",
            "SELECT * FROM \uFF44aily", "SELECT * FROM \"daily\"\"; DROP TABLE daily; --\"", "",
            "SELECT * FROM daily WHERE 1 = 1 OR read_csv('/etc/passwd') IS NULL",
        ])
        {
            data.Add(statement);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void HostileStatementsAreRefusedWithASentenceAndChangeNothing(string sql)
    {
        var refused = Assert.Throws<SqlRefusedException>(() => sandbox.QueryJson(sql));
        Assert.False(string.IsNullOrWhiteSpace(refused.Message));
        Assert.Equal(200, Query("SELECT count(*) FROM daily").GetProperty("rows")[0][0].GetInt64());
    }

    [Fact]
    public void TheHostileSetIsLargeEnough() => Assert.True(Hostile().Count >= 150, $"{Hostile().Count} hostile statements");
}

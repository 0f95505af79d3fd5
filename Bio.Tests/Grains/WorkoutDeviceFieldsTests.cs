using System.Globalization;
using System.Text.Json;
using Azure.Storage.Blobs;
using Bio.Core.Agent;
using Bio.Core.Lake;
using Bio.Core.Users;
using Bio.Tests.AgentBank;
using Bio.Tests.Infrastructure;
using Bio.Tests.Ingest;

namespace Bio.Tests.Grains;

/// <summary>
/// The device's own workout fields (activity, instructor, live, device_strain) as the agent reads them: through
/// its <c>query_sql</c> tool, over a real grain's SQL sandbox, after real-shaped Peloton and WHOOP exports.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class WorkoutDeviceFieldsTests(ClusterFixture fixture, AzuriteFixture azurite)
{
    private static readonly string Peloton = Path.Combine(Bank.Directory, "exports", "peloton", "peloton_workouts.csv");
    private static readonly string WhoopWorkouts = Path.Combine(Bank.Directory, "exports", "whoop-a", "workouts.csv");

    private async Task<IUserGrain> PersonAsync()
    {
        var id = "w-" + Guid.NewGuid().ToString("N")[..16];
        var grain = fixture.Client.GetGrain<IUserGrain>(id);
        await fixture.Client.GetGrain<IAccountGrain>(id).CreateAsync(new CreateUser("Ada", "UTC"));
        var lake = new LakeStore(new BlobServiceClient(azurite.ConnectionString));
        foreach (var file in (string[])[Peloton, Bank.Uploads("whoop-a").Single()])
        {
            await using var content = File.OpenRead(file);
            var report = await grain.IngestAsync(await lake.WriteBronzeAsync(id, content, Path.GetFileName(file)), null, null);
            Assert.True(report.RowsAccepted > 0, JsonSerializer.Serialize(report));
        }

        return grain;
    }

    private static List<JsonElement> Rows(JsonElement result) => [.. result.GetProperty("rows").EnumerateArray()];

    [Fact]
    public async Task TheAgentsSqlToolReadsTheDevicesOwnWorkoutFields()
    {
        var tools = new BioTools(await PersonAsync(), new DateOnly(2026, 6, 17));

        var all = await tools.QuerySqlAsync("SELECT activity, instructor, live, device_strain FROM workouts");

        Assert.Equal(
            [("activity", "VARCHAR"), ("instructor", "VARCHAR"), ("live", "BOOLEAN"), ("device_strain", "DOUBLE")],
            all.GetProperty("columns").EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("type").GetString())).ToArray());
        var peloton = RawCsv.Rows(Peloton).Where(r => !(r["Fitness Discipline"] == "Cycling" && r["Total Output"] == "0")).ToList();
        var whoop = RawCsv.Rows(WhoopWorkouts);
        Assert.Equal(peloton.Count + whoop.Count, Rows(all).Count);

        var byInstructor = await tools.QuerySqlAsync("SELECT count(*) FROM workouts WHERE instructor = 'Cody Rigsby'");
        Assert.Equal(peloton.Count(r => r["Instructor Name"] == "Cody Rigsby"), Rows(byInstructor)[0][0].GetInt64());
        var live = await tools.QuerySqlAsync("SELECT count(*) FILTER (WHERE live), count(*) FILTER (WHERE NOT live), count(*) FILTER (WHERE live IS NULL) FROM workouts WHERE source = 'peloton'");
        Assert.Equal(
            (peloton.Count(r => r["Live/On-Demand"] == "Live"), peloton.Count(r => r["Live/On-Demand"] == "On Demand"), peloton.Count(r => r["Live/On-Demand"] is null)),
            ((int)Rows(live)[0][0].GetInt64(), (int)Rows(live)[0][1].GetInt64(), (int)Rows(live)[0][2].GetInt64()));

        // WHOOP's own name and strain of the functional fitness on 12 January 2025 (12:15 at UTC-05:00).
        var row = whoop.Single(r => r["Workout start time"] == "2025-01-12 12:15:00");
        var lift = await tools.QuerySqlAsync("SELECT discipline, activity, device_strain, instructor, live FROM workouts WHERE source = 'whoop' AND start_utc = TIMESTAMP '2025-01-12 17:15:00'");
        var cells = Assert.Single(Rows(lift));
        Assert.Equal("strength", cells[0].GetString());
        Assert.Equal(row["Activity name"], cells[1].GetString());
        Assert.Equal(double.Parse(row["Activity Strain"]!, CultureInfo.InvariantCulture), cells[2].GetDouble());
        Assert.Equal(JsonValueKind.Null, cells[3].ValueKind);
        Assert.Equal(JsonValueKind.Null, cells[4].ValueKind);
        var strain = await tools.QuerySqlAsync("SELECT round(sum(device_strain), 1) FROM workouts WHERE source = 'whoop'");
        Assert.Equal(Math.Round(whoop.Sum(r => double.Parse(r["Activity Strain"]!, CultureInfo.InvariantCulture)), 1), Rows(strain)[0][0].GetDouble(), 9);
    }

    [Fact]
    public async Task TheAgentsSchemaSaysWhatTheDevicesOwnFieldsMean()
    {
        var schema = await new BioTools(await PersonAsync(), new DateOnly(2026, 6, 17)).GetSchemaAsync();

        var workouts = schema[schema.IndexOf("workouts (silver", StringComparison.Ordinal)..];
        workouts = workouts[..workouts.IndexOf("\njournal (silver", StringComparison.Ordinal)];
        Assert.Contains("\n  activity VARCHAR: the device's own name for the workout type, as the export writes it\n", workouts, StringComparison.Ordinal);
        Assert.Contains("\n  instructor VARCHAR: the class's instructor", workouts, StringComparison.Ordinal);
        Assert.Contains("\n  live BOOLEAN: true for a class taken live", workouts, StringComparison.Ordinal);
        Assert.Contains("\n  device_strain DOUBLE: the device's own strain score of the workout (WHOOP 0-21)\n", workouts, StringComparison.Ordinal);
    }
}

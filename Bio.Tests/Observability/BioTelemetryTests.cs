using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Azure.Storage.Blobs;
using Bio.Core;
using Bio.Core.Agent;
using Bio.Core.Lake;
using Bio.Core.Users;
using Bio.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bio.Tests.Observability;

/// <summary>Bio's meter says what an operator watches: an import's rows by source and outcome, the long job it ran as, and the agent's answer.</summary>
public sealed class BioTelemetryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AnImportAndAQuestionAreCountedOnBiosMeter()
    {
        var seen = new ConcurrentBag<(string Instrument, double Value, Dictionary<string, string?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == BioTelemetry.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            seen.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString())));
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();

        await using var cluster = new TestCluster(azurite);
        await cluster.StartSiloAsync();
        var client = await cluster.ConnectAsync();
        var id = "meter-" + Guid.NewGuid().ToString("N")[..12];
        await client.GetGrain<IAccountGrain>(id).CreateAsync(new CreateUser("Meter", "UTC"));
        var grain = client.GetGrain<IUserGrain>(id);

        // A Garmin-style CSV: four mornings, one with an HRV no body has (quarantined).
        var csv = new StringBuilder("date,hrv_rmssd_ms,resting_hr_bpm\n2026-06-13,55,51\n2026-06-14,58,50\n2026-06-15,-4,52\n2026-06-16,60,49\n");
        var bronze = await new LakeStore(new BlobServiceClient(azurite.ConnectionString)).WriteBronzeAsync(id, new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), "mornings.csv");
        var report = await grain.IngestAsync(bronze, null, null);
        Assert.Equal(1, report.RowsQuarantined);
        var answer = await new ChatAgent(grain, null, NullLogger.Instance, cluster.Clock).AskAsync("what was my average HRV?", null);
        Assert.Equal(AnswerKinds.Answered, answer.Kind);
        listener.RecordObservableInstruments();

        double Sum(string instrument, Func<Dictionary<string, string?>, bool> where) => seen.Where(m => m.Instrument == instrument && where(m.Tags)).Sum(m => m.Value);
        var source = report.Source;
        Assert.True(Sum("bio.import.rows", t => t["source"] == source && t["outcome"] == "read") >= 4);
        Assert.True(Sum("bio.import.rows", t => t["source"] == source && t["outcome"] == "accepted") >= 3);
        Assert.True(Sum("bio.import.rows", t => t["source"] == source && t["outcome"] == "quarantined") >= 1);
        Assert.Contains(seen, m => m.Instrument == "bio.import.duration" && m.Tags["source"] == source && m.Tags["status"] == "completed");
        Assert.Contains(seen, m => m.Instrument == "bio.work.duration" && m.Tags["job"] == nameof(IUserGrain.IngestAsync) && m.Tags["outcome"] == "ok");
        Assert.Contains(seen, m => m.Instrument == "bio.work.wait" && m.Tags["job"] == nameof(IUserGrain.IngestAsync));
        Assert.Contains(seen, m => m.Instrument == "bio.agent.answers" && m.Tags["engine"] == "offline" && m.Tags["kind"] == AnswerKinds.Answered);
        Assert.Contains(seen, m => m.Instrument == "bio.agent.tool_calls" && m.Tags["function"] == "query_sql");
        // No user id and no health value travels in a tag.
        Assert.DoesNotContain(seen, m => m.Tags.Values.Any(v => v is not null && (v.Contains(id, StringComparison.Ordinal) || v.Contains("55", StringComparison.Ordinal))));
    }
}

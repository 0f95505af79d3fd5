using Bio.FakeClouds;
using Bio.Core.Ingest;
using Bio.Core.Sync;
using Bio.Core.Users;
using Bio.Tests.Infrastructure;
using Orleans.Runtime;

namespace Bio.Tests.Sync;

/// <summary>
/// A backfill caught mid-run by the stop of its silo (no handover): the connection survives on a new
/// silo (its tokens readable there: the key ring is in storage), the next sync brings every night once,
/// the pages fetched before the stop are imported once, and no day is twice in silver.
/// </summary>
public sealed class SyncSiloStopTests(AzuriteFixture azurite)
{
    private const int Nights = 120;

    [Fact]
    public async Task ASyncInterruptedByASiloStopResumesWithoutADuplicateDay()
    {
        await using var whoop = await FakeWhoop.StartAsync();
        var today = DateOnly.FromDateTime(TestCluster.Now.UtcDateTime);
        whoop.Days.AddRange(Enumerable.Range(0, Nights).Select(i => today.AddDays(-i)));
        var settings = whoop.Settings();
        settings["Bio:Sync:BackfillDays"] = Nights.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // A silo that stopped is declared dead within seconds, so its people move on.
        settings["Orleans:Membership:ProbeTimeout"] = "00:00:02";
        settings["Orleans:Membership:NumMissedProbesLimit"] = "2";
        settings["Orleans:Membership:NumVotesForDeathDeclaration"] = "1";
        settings["Orleans:Membership:TableRefreshTimeout"] = "00:00:02";
        settings["Orleans:Membership:IAmAliveTablePublishTimeout"] = "00:00:05";

        await using var cluster = new TestCluster(azurite);
        var doomed = await cluster.StartSiloAsync(settings, null);
        var client = await cluster.ConnectAsync();
        var id = "stop-" + Guid.NewGuid().ToString("N")[..12];
        await client.GetGrain<IAccountGrain>(id).CreateAsync(new CreateUser("Stopped mid-sync", "UTC"));

        // Connect as Settings does: Bio's consent URL, the provider's redirect with a code, the callback.
        var connections = client.GetGrain<IConnectionsGrain>(id);
        var start = await connections.StartAsync("whoop", "http://127.0.0.1/api/connections/whoop/callback");
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var consent = await browser.GetAsync(start.AuthorizeUrl);
        var query = System.Web.HttpUtility.ParseQueryString(consent.Headers.Location!.Query);

        // The backfill starts right after the callback; the cloud answers a dozen pages, then holds.
        whoop.HoldAfter(12);
        await connections.CompleteAsync("whoop", query["state"]!, query["code"]!);
        await Poll.UntilAsync(() => Task.FromResult(whoop.Held > 0), TimeSpan.FromSeconds(60), "the backfill to reach its held page");
        var answeredBeforeStop = whoop.Calls.Count(c => c.Path.StartsWith("/developer/v2/", StringComparison.Ordinal) && c.Status == 200);
        Assert.Equal(12, answeredBeforeStop);

        await cluster.KillSiloAsync(doomed);
        whoop.Release(); // the held call is answered to a silo that is gone

        await cluster.StartSiloAsync(settings, null);
        var after = await cluster.ConnectAsync();
        connections = after.GetGrain<IConnectionsGrain>(id);
        ConnectionStatus? status = null;
        await Poll.UntilAsync(async () =>
        {
            try
            {
                status = (await connections.GetAsync()).Single(c => c.Provider == "whoop");
                return true;
            }
            catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException)
            {
                return false; // the stopped silo is not yet declared dead
            }
        }, TimeSpan.FromSeconds(90), "the person's connections on the new silo");
        Assert.Equal(ConnectionStates.Connected, status!.State);
        Assert.Null(status.SyncedThrough); // the backfill had not completed

        // The next run (the reminder's, here called at once) asks again from the start of the backfill.
        var outcome = await connections.SyncAsync("whoop");
        Assert.Null(outcome.Error);
        var data = after.GetGrain<IUserGrain>(id);
        var days = await data.GetDailyAsync(null, null);
        Assert.Equal(Nights, days.Count);
        Assert.Equal(days.Count, days.Select(d => d.Date).Distinct().Count());
        Assert.Equal(whoop.Days.Order(), days.Select(d => d.Date).Order());
        Assert.All(days, d => Assert.Equal(FakeCloud.Hrv(d.Date), d.Values[Metric.HrvRmssdMs.Column()], 6));

        // Each page imported once: no two completed imports of one bronze object.
        var imports = (await data.GetImportsAsync()).Where(i => i.Status == ImportReport.Completed).ToList();
        Assert.NotEmpty(imports);
        Assert.Equal(imports.Count, imports.Select(i => i.Sha256).Distinct().Count());

        // A second run finds nothing new: every page is unchanged.
        var again = await connections.SyncAsync("whoop");
        Assert.Empty(again.Imports);
        Assert.Equal(Nights, (await data.GetDailyAsync(null, null)).Count);
    }
}

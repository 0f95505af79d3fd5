using Bio.Core.Sync;
using Bio.Core.Users;
using Bio.FakeClouds;
using Bio.Tests.Infrastructure;

namespace Bio.Tests.Sync;

/// <summary>
/// A sync may wait minutes on its provider's call budget. Meanwhile the person can still connect another
/// provider, whose backfill runs and ends while the first is still waiting; the first then ends too.
/// (Found by the sync bench: with the budget binding, connecting Oura during a WHOOP backfill timed out.)
/// </summary>
public sealed class SyncConcurrencyTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ConnectingOuraDoesNotWaitForAWhoopBackfillThatIsWaiting()
    {
        await using var whoop = await FakeWhoop.StartAsync();
        await using var oura = await FakeOura.StartAsync();
        var today = DateOnly.FromDateTime(TestCluster.Now.UtcDateTime);
        foreach (var cloud in new FakeCloud[] { whoop, oura })
        {
            cloud.Days.AddRange(Enumerable.Range(0, 20).Select(i => today.AddDays(-i)));
        }

        var settings = whoop.Settings();
        foreach (var (key, value) in oura.Settings())
        {
            settings[key] = value;
        }

        settings["Bio:Sync:BackfillDays"] = "20";
        await using var cluster = new TestCluster(azurite);
        await cluster.StartSiloAsync(settings, null);
        var client = await cluster.ConnectAsync();
        var id = "both-" + Guid.NewGuid().ToString("N")[..12];
        await client.GetGrain<IAccountGrain>(id).CreateAsync(new CreateUser("Both clouds", "UTC"));
        var connections = client.GetGrain<IConnectionsGrain>(id);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        async Task ConnectAsync(string provider)
        {
            var start = await connections.StartAsync(provider, $"http://127.0.0.1/api/connections/{provider}/callback");
            using var consent = await browser.GetAsync(start.AuthorizeUrl);
            var query = System.Web.HttpUtility.ParseQueryString(consent.Headers.Location!.Query);
            await connections.CompleteAsync(provider, query["state"]!, query["code"]!);
        }

        async Task<ConnectionStatus> StatusAsync(string provider) => (await connections.GetAsync()).Single(c => c.Provider == provider);

        // WHOOP's backfill gets one page, then waits on the cloud.
        whoop.HoldAfter(1);
        await ConnectAsync("whoop");
        await Poll.UntilAsync(() => Task.FromResult(whoop.Held > 0), TimeSpan.FromSeconds(60), "WHOOP's backfill to wait");

        // Oura is connected and backfilled while WHOOP's backfill still waits.
        await ConnectAsync("oura");
        await Poll.UntilAsync(async () => (await StatusAsync("oura")).LastSyncAt is not null, TimeSpan.FromSeconds(60), "Oura's backfill");
        Assert.Null((await StatusAsync("oura")).LastError);
        Assert.True(whoop.Held > 0);
        Assert.Null((await StatusAsync("whoop")).LastSyncAt);

        // Then WHOOP's ends, and the person's nights are there once each.
        whoop.Release();
        await Poll.UntilAsync(async () => (await StatusAsync("whoop")).LastSyncAt is not null, TimeSpan.FromSeconds(60), "WHOOP's backfill");
        Assert.Null((await StatusAsync("whoop")).LastError);
        var days = await client.GetGrain<IUserGrain>(id).GetDailyAsync(null, null);
        Assert.Equal(20, days.Count);
        Assert.Equal(20, days.Select(d => d.Date).Distinct().Count());
    }
}

using Bio.Core.Users;
using Bio.Tests.Infrastructure;

namespace Bio.Tests.Grains;

/// <summary>Tests that start and stop their own silos, each on a cluster of its own.</summary>
public sealed class ClusterTests(AzuriteFixture azurite)
{
    private static string NewId() => "c-" + Guid.NewGuid().ToString("N")[..16];

    [Fact]
    public async Task StateSurvivesARestartOfTheWholeCluster()
    {
        var id = NewId();
        UserProfile created;
        await using (var first = new TestCluster(azurite))
        {
            await first.StartSiloAsync();
            var client = await first.ConnectAsync();
            created = (await client.GetGrain<IUserGrain>(id).CreateAsync(new CreateUser("Ada", "Europe/Berlin"))).Profile;
        }

        await using var second = new TestCluster(azurite);
        await second.StartSiloAsync();
        var again = await second.ConnectAsync();
        Assert.Equal(created, await again.GetGrain<IUserGrain>(id).GetProfileAsync());
    }

    [Fact]
    public async Task TwoSilosFormOneClusterAndEitherServesTheSameUser()
    {
        await using var cluster = new TestCluster(azurite);
        var a = await cluster.StartSiloAsync();
        var b = await cluster.StartSiloAsync();

        var viaA = await cluster.ConnectAsync(a.Gateway);
        var viaB = await cluster.ConnectAsync(b.Gateway);

        // Both silos see each other as active members of one cluster (Azure Table membership).
        await Poll.UntilAsync(async () =>
        {
            var fromA = await viaA.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            var fromB = await viaB.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            return fromA.Count == 2 && fromB.Count == 2 && fromA.Keys.ToHashSet().SetEquals(fromB.Keys);
        }, TimeSpan.FromSeconds(60), "two active silos seen from both gateways");

        // A user created through one silo's gateway is the same user through the other's.
        var id = NewId();
        var created = await viaA.GetGrain<IUserGrain>(id).CreateAsync(new CreateUser("Grace", "America/New_York"));
        Assert.Equal(created.Profile, await viaB.GetGrain<IUserGrain>(id).GetProfileAsync());
        await Assert.ThrowsAsync<UserAlreadyExistsException>(
            () => viaB.GetGrain<IUserGrain>(id).CreateAsync(new CreateUser("Grace twice", "UTC")));

        // Stopping silo A leaves silo B serving the user from its persisted state.
        await cluster.StopSiloAsync(a);
        Assert.Equal(created.Profile, await viaB.GetGrain<IUserGrain>(id).GetProfileAsync());
    }
}

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
            created = (await client.GetGrain<IAccountGrain>(id).CreateAsync(new CreateUser("Ada", "Europe/Berlin"))).Profile;
        }

        await using var second = new TestCluster(azurite);
        await second.StartSiloAsync();
        var again = await second.ConnectAsync();
        Assert.Equal(created, await again.GetGrain<IAccountGrain>(id).GetProfileAsync());
    }

    [Fact]
    public async Task AfterAFullRestartEveryonesStateAndGoldAreUnchangedAndTheErasedStayEmpty()
    {
        var ids = Enumerable.Range(0, 12).Select(_ => NewId()).ToList();
        var erased = ids[^1];
        var before = new Dictionary<string, List<string?>>();
        await using (var first = new TestCluster(azurite))
        {
            await first.StartSiloAsync();
            await first.StartSiloAsync();
            var client = await first.ConnectAsync();
            foreach (var (id, i) in ids.Select((id, i) => (id, i)))
            {
                var grain = client.GetGrain<IUserGrain>(id);
                await client.GetGrain<IAccountGrain>(id).CreateAsync(new CreateUser($"Person {i}", i % 2 == 0 ? "Europe/Berlin" : "America/Chicago"));
                await grain.GenerateSyntheticAsync(20 + (i * 7), 300 + i);
            }

            await client.GetGrain<IAccountGrain>(erased).DeleteAsync();
            foreach (var id in ids[..^1])
            {
                before[id] = await SnapshotAsync(client, id);
            }
        }

        // Every silo gone; a new cluster on the same storage.
        await using var second = new TestCluster(azurite);
        await second.StartSiloAsync();
        await second.StartSiloAsync();
        var again = await second.ConnectAsync();
        foreach (var id in ids[..^1])
        {
            Assert.Equal(before[id], await SnapshotAsync(again, id));
        }

        Assert.Null(await again.GetGrain<IAccountGrain>(erased).GetProfileAsync());
        Assert.Empty(await new Bio.Core.Lake.LakeStore(new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString)).ListAsync(erased));
    }

    /// <summary>What a person's grain says about them: profile, imports, lake version, status and every gold view.</summary>
    private static async Task<List<string?>> SnapshotAsync(IClusterClient client, string id)
    {
        var grain = client.GetGrain<IUserGrain>(id);
        var list = new List<string?>
        {
            System.Text.Json.JsonSerializer.Serialize(await client.GetGrain<IAccountGrain>(id).GetProfileAsync()),
            System.Text.Json.JsonSerializer.Serialize((await grain.GetImportsAsync()).Select(i => (i.ImportId, i.RowsAccepted, i.LakeVersion))),
            System.Text.Json.JsonSerializer.Serialize(await grain.GetLakeAsync()),
            System.Text.Json.JsonSerializer.Serialize(await grain.GetStatusAsync(null)),
        };
        foreach (var view in Bio.Core.Lake.LakeTables.GoldViewNames)
        {
            list.Add(await grain.GetGoldAsync(view, null, null));
        }

        return list;
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
        var created = await viaA.GetGrain<IAccountGrain>(id).CreateAsync(new CreateUser("Grace", "America/New_York"));
        Assert.Equal(created.Profile, await viaB.GetGrain<IAccountGrain>(id).GetProfileAsync());
        await Assert.ThrowsAsync<UserAlreadyExistsException>(
            () => viaB.GetGrain<IAccountGrain>(id).CreateAsync(new CreateUser("Grace twice", "UTC")));

        // Stopping silo A leaves silo B serving the user from its persisted state.
        await cluster.StopSiloAsync(a);
        Assert.Equal(created.Profile, await viaB.GetGrain<IAccountGrain>(id).GetProfileAsync());
    }
}

/// <summary>A write that finds the person's state changed under it re-reads and re-applies instead of losing either change.</summary>
public sealed class StateConflictTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AStateBlobChangedUnderTheGrainIsReadAgainAndTheWriteIsRedone()
    {
        await using var cluster = new TestCluster(azurite);
        await cluster.StartSiloAsync();
        var client = await cluster.ConnectAsync();
        var id = "etag-" + Guid.NewGuid().ToString("N")[..12];
        var grain = client.GetGrain<IAccountGrain>(id);
        await grain.CreateAsync(new CreateUser("Etag", "UTC"));

        // Another writer (a second activation during a failover) changes the stored state: here, its ETag.
        var blobs = new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString);
        Azure.Storage.Blobs.BlobClient? stored = null;
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            await foreach (var item in blobs.GetBlobContainerClient(container.Name).GetBlobsAsync())
            {
                if (item.Name.Contains(id, StringComparison.Ordinal))
                {
                    stored = blobs.GetBlobContainerClient(container.Name).GetBlobClient(item.Name);
                }
            }
        }

        Assert.NotNull(stored);
        var before = (await stored.GetPropertiesAsync()).Value.ETag;
        await stored.SetMetadataAsync(new Dictionary<string, string> { ["touched"] = "elsewhere" });
        Assert.NotEqual(before, (await stored.GetPropertiesAsync()).Value.ETag);

        // The grain's next write conflicts; it reads again and does the call again: the key is there and works.
        var issued = await grain.CreateApiKeyAsync("after the conflict");
        Assert.Equal(2, (await grain.GetApiKeysAsync()).Count);
        Assert.True(Bio.Core.Auth.ApiKeys.TryParse(issued.ApiKey, out var parts));
        Assert.True(await grain.VerifyApiKeyAsync(parts));

        // And it was stored: a new cluster reads both keys back.
        await using var again = new TestCluster(azurite);
        await again.StartSiloAsync();
        var fresh = await again.ConnectAsync();
        Assert.Equal(2, (await fresh.GetGrain<IAccountGrain>(id).GetApiKeysAsync()).Count);
    }

    [Fact]
    public async Task WhatAnotherActivationWroteMeanwhileSurvivesTheRedo()
    {
        // Two clusters on the same storage: the same person active in both, as in a split brain during a failover.
        await using var first = new TestCluster(azurite);
        await first.StartSiloAsync();
        var here = (await first.ConnectAsync()).GetGrain<IAccountGrain>("split-" + Guid.NewGuid().ToString("N")[..12]);
        var id = here.GetPrimaryKeyString();
        await here.CreateAsync(new CreateUser("Split", "UTC"));
        Assert.Single(await here.GetApiKeysAsync()); // active here, holding the state as it was

        await using var second = new TestCluster(azurite);
        await second.StartSiloAsync();
        var secondClient = await second.ConnectAsync();
        var there = secondClient.GetGrain<IAccountGrain>(id);
        var coach = "coach-" + id[6..];
        await secondClient.GetGrain<IAccountGrain>(coach).CreateAsync(new CreateUser("Coach", "UTC"));
        var theirs = await there.CreateApiKeyAsync("made by the other activation");
        await there.GrantCoachAsync(coach);

        // This activation's next write conflicts: it reads what the other wrote and does its call again on top.
        var ours = await here.CreateApiKeyAsync("made here after the conflict");
        var names = (await here.GetApiKeysAsync()).Select(k => k.Name).ToList();
        Assert.Equal(["first key", "made by the other activation", "made here after the conflict"], names);
        Assert.Equal([coach], await here.GetCoachesAsync());

        // Stored so: a third cluster reads both changes, and both new keys work.
        await using var third = new TestCluster(azurite);
        await third.StartSiloAsync();
        var fresh = (await third.ConnectAsync()).GetGrain<IAccountGrain>(id);
        Assert.Equal(names, (await fresh.GetApiKeysAsync()).Select(k => k.Name).ToList());
        Assert.True(Bio.Core.Auth.ApiKeys.TryParse(theirs.ApiKey, out var theirParts) && await fresh.VerifyApiKeyAsync(theirParts));
        Assert.True(Bio.Core.Auth.ApiKeys.TryParse(ours.ApiKey, out var ourParts) && await fresh.VerifyApiKeyAsync(ourParts));
    }
}

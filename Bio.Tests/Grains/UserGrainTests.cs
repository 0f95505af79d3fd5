using Azure.Storage.Blobs;
using Bio.Core.Auth;
using Bio.Core.Users;
using Bio.ServiceDefaults;
using Bio.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bio.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class UserGrainTests(ClusterFixture fixture, AzuriteFixture azurite)
{
    private static string NewId() => "g-" + Guid.NewGuid().ToString("N")[..16];

    [Fact]
    public async Task CreatesAProfileAndReturnsAKeyThatVerifies()
    {
        var id = NewId();
        var grain = fixture.Client.GetGrain<IAccountGrain>(id);

        var created = await grain.CreateAsync(new CreateUser("Ada", "Europe/Berlin"));

        Assert.Equal(new UserProfile(id, "Ada", "Europe/Berlin", created.Profile.CreatedAt), await grain.GetProfileAsync());
        Assert.True(ApiKeys.TryParse(created.ApiKey, out var parts));
        Assert.True(await grain.VerifyApiKeyAsync(parts));
    }

    [Fact]
    public async Task AKeyOfOneUserDoesNotVerifyAtAnother()
    {
        var alice = await fixture.Client.GetGrain<IAccountGrain>(NewId()).CreateAsync(new CreateUser("Alice", "UTC"));
        var bob = fixture.Client.GetGrain<IAccountGrain>(NewId());
        await bob.CreateAsync(new CreateUser("Bob", "UTC"));

        ApiKeys.TryParse(alice.ApiKey, out var parts);
        Assert.False(await bob.VerifyApiKeyAsync(parts!));
        Assert.False(await bob.VerifyApiKeyAsync(parts! with { UserId = bob.GetPrimaryKeyString() }));
    }

    [Fact]
    public async Task AnUnknownUserHasNoProfileAndAcceptsNoKey()
    {
        var grain = fixture.Client.GetGrain<IAccountGrain>(NewId());
        Assert.Null(await grain.GetProfileAsync());
        var (key, _) = ApiKeys.Issue(grain.GetPrimaryKeyString(), TimeProvider.System);
        ApiKeys.TryParse(key, out var parts);
        Assert.False(await grain.VerifyApiKeyAsync(parts!));
    }

    [Fact]
    public async Task CreatingTheSameUserTwiceFails()
    {
        var grain = fixture.Client.GetGrain<IAccountGrain>(NewId());
        await grain.CreateAsync(new CreateUser("Ada", "UTC"));
        await Assert.ThrowsAsync<UserAlreadyExistsException>(() => grain.CreateAsync(new CreateUser("Ada again", "UTC")));
    }

    [Theory]
    [InlineData("", "UTC")]
    [InlineData("Ada", "Mars/Olympus_Mons")]
    [InlineData("Ada", "")]
    public async Task RefusesInvalidProfiles(string name, string zone)
    {
        var grain = fixture.Client.GetGrain<IAccountGrain>(NewId());
        await Assert.ThrowsAsync<UserValidationException>(() => grain.CreateAsync(new CreateUser(name, zone)));
        Assert.Null(await grain.GetProfileAsync());
    }

    [Fact]
    public async Task StateSurvivesDeactivationBecauseItIsInBlobStorage()
    {
        var id = NewId();
        var created = await fixture.Client.GetGrain<IAccountGrain>(id).CreateAsync(new CreateUser("Ada", "Asia/Tokyo"));

        // The state is a blob in Azurite, not just memory.
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        var names = new List<string>();
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            await foreach (var blob in blobs.GetBlobContainerClient(container.Name).GetBlobsAsync())
            {
                names.Add(blob.Name);
            }
        }

        Assert.Contains(names, n => n.Contains(id, StringComparison.Ordinal));

        var management = fixture.Client.GetGrain<IManagementGrain>(0);
        var before = await management.GetTotalActivationCount();
        await management.ForceActivationCollection(TimeSpan.Zero);
        await Poll.UntilAsync(async () => await management.GetTotalActivationCount() < before, TimeSpan.FromSeconds(30), "grains to deactivate");

        var profile = await fixture.Client.GetGrain<IAccountGrain>(id).GetProfileAsync();
        Assert.Equal(created.Profile, profile);
    }
}

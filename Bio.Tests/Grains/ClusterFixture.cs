using Bio.Tests.Infrastructure;

namespace Bio.Tests.Grains;

/// <summary>One single-silo cluster shared by the grain tests that need no cluster changes.</summary>
public sealed class ClusterFixture(AzuriteFixture azurite) : IAsyncLifetime
{
    public TestCluster Cluster { get; } = new(azurite);

    public IClusterClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Cluster.StartSiloAsync();
        Client = await Cluster.ConnectAsync();
    }

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

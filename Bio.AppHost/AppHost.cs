using Bio.AppHost;
using Bio.ServiceDefaults;

var builder = DistributedApplication.CreateBuilder(args);
var settings = BioAppHostSettings.From(builder);

var environment = builder.Environment.EnvironmentName;
var storage = builder.AddBioStorage(ResourceNames.Storage, settings);
var adminKey = builder.AddAdminKey(settings);

var orleans = builder.AddOrleans(ResourceNames.Orleans)
    .WithServiceId("bio")
    .WithClusterId(settings.ClusterId)
    .WithClustering(StorageProvider.Tables(storage))
    .WithGrainStorage(ResourceNames.UserStateStore, StorageProvider.Blobs(storage))
    .WithReminders(StorageProvider.Tables(storage));

var silo = builder.AddProject<Projects.Bio_Silo>(ResourceNames.Silo, launchProfileName: null)
    .WithReference(orleans)
    .WithEnvironment("ASPNETCORE_ENVIRONMENT", environment)
    .WithReplicas(settings.Silos)
    .WithHttpEndpoint(name: "http")
    .WithHttpHealthCheck("/health")
    .WaitFor(storage);

var api = builder.AddProject<Projects.Bio_Api>(ResourceNames.Api, launchProfileName: null)
    .WithReference(orleans.AsClient())
    .WithEnvironment("ASPNETCORE_ENVIRONMENT", environment)
    .WithReference(storage)
    .WithEnvironment("Auth__AdminKey", adminKey)
    .WithHttpEndpoint(port: settings.ApiPort, name: "http")
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WaitFor(storage)
    .WaitFor(silo);

// The optional chat model (DESIGN §1 `llm`): only when its connection string is configured, e.g.
// ConnectionStrings__llm="Provider=ollama;Endpoint=<the Ollama URL>;Model=llama3.2" (see the README).
// The silo writes forecast notes with it, the api's agent answers questions with it.
if (builder.Configuration[$"ConnectionStrings:{ResourceNames.Llm}"] is { Length: > 0 })
{
    var llm = builder.AddConnectionString(ResourceNames.Llm);
    silo.WithReference(llm);
    api.WithReference(llm);
}

builder.SeedDemoUserWhenReady(api, adminKey, settings);

var web = builder.AddProject<Projects.Bio_Web>(ResourceNames.Web, launchProfileName: null)
    .WithReference(api)
    .WithEnvironment("ASPNETCORE_ENVIRONMENT", environment)
    .WithHttpEndpoint(port: settings.WebPort, name: "http")
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WaitFor(api);

// Device clouds (issue 21, docs/connections.md): a provider is set up when its client secret is given
// (`dotnet user-secrets set Parameters:whoop-client-secret …` and `Parameters:whoop-client-id`, or azd's
// prompt); without it, it shows as "not configured". The consent comes back to the dashboard's address,
// which passes it to the api, and the browser lands on Settings.
api.WithEnvironment("Bio__Sync__CallbackBaseUrl", web.GetEndpoint("http"))
   .WithEnvironment("Bio__Sync__DashboardUrl", ReferenceExpression.Create($"{web.GetEndpoint("http")}/settings"));
foreach (var (provider, section) in new[] { ("oura", "Oura"), ("whoop", "Whoop") })
{
    if (builder.Configuration[$"Parameters:{provider}-client-secret"] is { Length: > 0 })
    {
        var clientId = builder.AddParameter($"{provider}-client-id");
        var clientSecret = builder.AddParameter($"{provider}-client-secret", secret: true);
        silo.WithEnvironment($"Bio__Sync__{section}__ClientId", clientId)
            .WithEnvironment($"Bio__Sync__{section}__ClientSecret", clientSecret);
    }
}

builder.Build().Run();

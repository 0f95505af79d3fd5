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

builder.AddProject<Projects.Bio_Web>(ResourceNames.Web, launchProfileName: null)
    .WithReference(api)
    .WithEnvironment("ASPNETCORE_ENVIRONMENT", environment)
    .WithHttpEndpoint(port: settings.WebPort, name: "http")
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WaitFor(api);

builder.Build().Run();

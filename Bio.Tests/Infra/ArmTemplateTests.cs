using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Bio.Tests.Infra;

/// <summary>
/// What main.bicep deploys, read from its compiled ARM JSON as a deployment would read it: storage
/// without shared keys, the identity's roles, who can reach which app, probes, and no secret in any output
/// or plain parameter.
/// </summary>
public sealed partial class ArmTemplateTests
{
    // Built-in role definition ids (the same in every tenant).
    private const string AcrPull = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
    private const string BlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string TableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";

    private static async Task<Deployment> DeployAsync(params (string Name, JsonNode? Value)[] parameters)
    {
        BicepCli.SkipUnlessItRunsHere();
        var infra = await CompiledInfra.Instance;
        Assert.Equal(0, infra.Build.ExitCode);
        return new Deployment(infra.Main, Deployment.Parameters(parameters));
    }

    [Fact]
    public async Task StorageHasSharedKeysOffTls12NoPublicBlobsAndBlobSoftDelete()
    {
        var storage = (await DeployAsync()).Module("storage");
        var account = storage.Resource("Microsoft.Storage/storageAccounts")["properties"]!;
        var blobs = storage.Resource("Microsoft.Storage/storageAccounts/blobServices")["properties"]!;

        Assert.False((bool)account["allowSharedKeyAccess"]!);
        Assert.Equal("TLS1_2", (string?)account["minimumTlsVersion"]);
        Assert.False((bool)account["allowBlobPublicAccess"]!);
        Assert.True((bool)account["supportsHttpsTrafficOnly"]!);
        Assert.True((bool)blobs["deleteRetentionPolicy"]!["enabled"]!);
        Assert.InRange((long)blobs["deleteRetentionPolicy"]!["days"]!, 1, 365);
        Assert.Single(storage.Resources("Microsoft.Storage/storageAccounts/tableServices"));
    }

    [Fact]
    public async Task TheAppsIdentityHasExactlyItsDataPlaneRoles()
    {
        var deployment = await DeployAsync();
        var identity = $"⟨reference('identity').outputs.principalId.value⟩";

        var grants = deployment.Modules
            .SelectMany(m => m.Resources("Microsoft.Authorization/roleAssignments").Select(r => (Module: m.Name, Assignment: r)))
            .Select(g => (
                g.Module,
                Role: RoleId().Match((string)g.Assignment["properties"]!["roleDefinitionId"]!).Value,
                Principal: (string)g.Assignment["properties"]!["principalId"]!,
                Type: (string?)g.Assignment["properties"]!["principalType"],
                Scope: (string)g.Assignment["scope"]!))
            .ToList();

        // In order of module, then role id.
        var appGrants = grants.Where(g => g.Principal == identity).Select(g => (g.Module, g.Role)).Order().ToList();
        Assert.Equal([("registry", AcrPull), ("storage", TableDataContributor), ("storage", BlobDataContributor), ("vault", KeyVaultSecretsUser)],
            appGrants);
        Assert.All(grants.Where(g => g.Principal == identity), g => Assert.Equal("ServicePrincipal", g.Type));
        Assert.Contains(grants, g => g is { Module: "registry" } && g.Scope.Contains("Microsoft.ContainerRegistry/registries", StringComparison.Ordinal));
        Assert.All(grants.Where(g => g.Module == "storage"), g => Assert.Contains("Microsoft.Storage/storageAccounts", g.Scope, StringComparison.Ordinal));
        Assert.All(grants.Where(g => g.Module == "vault"), g => Assert.Contains("Microsoft.KeyVault/vaults", g.Scope, StringComparison.Ordinal));

        // The person running azd may set secrets (to rotate the admin key), and has nothing else from here.
        var person = Assert.Single(grants, g => g.Principal != identity);
        Assert.Equal(("vault", KeyVaultSecretsOfficer, "00000000-0000-0000-0000-0000000000aa"), (person.Module, person.Role, person.Principal));
    }

    [Fact]
    public async Task WithoutADeployingPersonOnlyTheIdentityIsGranted()
    {
        var vault = (await DeployAsync(("principalId", ""))).Module("vault");

        var deployed = Arm.Resources(vault.Scope.Template)
            .Where(r => (string?)r["type"] == "Microsoft.Authorization/roleAssignments")
            .Select(r => (
                Role: RoleId().Match(ArmScope.Text(vault.Scope.Evaluate(r["properties"]!["roleDefinitionId"]))).Value,
                Deployed: r["condition"] is null || vault.Scope.Evaluate(r["condition"])!.GetValue<bool>()))
            .ToList();
        Assert.Equal([(KeyVaultSecretsUser, true), (KeyVaultSecretsOfficer, false)], deployed.Order());
    }

    [Fact]
    public async Task TheSiloIsInternalAndOnlyTheApiAndTheDashboardFaceTheInternet()
    {
        var apps = (await DeployAsync()).Apps;
        Assert.Equal(["api", "silo", "web"], apps.Keys.Order());

        var ingress = apps.ToDictionary(a => a.Key, a => Ingress(a.Value));
        Assert.False((bool)ingress["silo"]["external"]!);
        Assert.True((bool)ingress["api"]["external"]!);
        Assert.True((bool)ingress["web"]["external"]!);
        Assert.All(ingress.Values, i => Assert.False((bool)i["allowInsecure"]!));

        // The Orleans silo and gateway ports: inside the environment only, and the ones the silo listens on.
        var ports = ingress["silo"]["additionalPortMappings"]!.AsArray().Select(p => p!.AsObject()).ToList();
        Assert.Equal([11111L, 30000L], ports.Select(p => (long)p["targetPort"]!).Order());
        Assert.All(ports, p => Assert.False((bool)p["external"]!));
        var siloEnv = apps["silo"].Env();
        Assert.Equal("11111", siloEnv["Orleans__Endpoints__SiloPort"]);
        Assert.Equal("30000", siloEnv["Orleans__Endpoints__GatewayPort"]);
        Assert.Empty(ingress["api"]["additionalPortMappings"]!.AsArray());
        Assert.Empty(ingress["web"]["additionalPortMappings"]!.AsArray());
    }

    [Fact]
    public async Task SilosRunOneToManyReplicas()
    {
        var deployment = await DeployAsync(("siloMinReplicas", 2), ("siloMaxReplicas", 5));

        var scale = App(deployment.Apps["silo"])["properties"]!["template"]!["scale"]!;
        Assert.Equal(2L, (long)scale["minReplicas"]!);
        Assert.Equal(5L, (long)scale["maxReplicas"]!);
        var defaults = App((await DeployAsync()).Apps["silo"])["properties"]!["template"]!["scale"]!;
        Assert.Equal((1L, 1L), ((long)defaults["minReplicas"]!, (long)defaults["maxReplicas"]!));
    }

    [Fact]
    public async Task EveryAppRunningBioIsProbedOnAliveAndHealth()
    {
        foreach (var (service, module) in (await DeployAsync()).Apps)
        {
            var app = App(module, image: $"crbio.azurecr.io/bio/{service}:azd-1");
            var container = app["properties"]!["template"]!["containers"]![0]!;
            Assert.Equal($"crbio.azurecr.io/bio/{service}:azd-1", (string?)container["image"]);
            Assert.Equal(8080L, (long)app["properties"]!["configuration"]!["ingress"]!["targetPort"]!);
            var probes = container["probes"]!.AsArray().ToDictionary(p => (string)p!["type"]!, p => p!["httpGet"]!);
            Assert.Equal(["Liveness", "Readiness", "Startup"], probes.Keys.Order());
            Assert.Equal("/alive", (string?)probes["Liveness"]["path"]);
            Assert.Equal("/health", (string?)probes["Readiness"]["path"]);
            Assert.Equal("/alive", (string?)probes["Startup"]["path"]);
            Assert.All(probes.Values, p => Assert.Equal(8080L, (long)p["port"]!));
        }
    }

    [Fact]
    public async Task BeforeTheFirstDeployAnAppRunsThePlaceholderOnItsOwnPort()
    {
        var app = App((await DeployAsync()).Apps["api"], image: "");

        var container = app["properties"]!["template"]!["containers"]![0]!;
        Assert.StartsWith("mcr.microsoft.com/", (string?)container["image"], StringComparison.Ordinal);
        Assert.Empty(container["probes"]!.AsArray());
        Assert.Equal(80L, (long)app["properties"]!["configuration"]!["ingress"]!["targetPort"]!);
    }

    [Fact]
    public async Task TheServicesReachStorageWithTheIdentityNotAKey()
    {
        var apps = (await DeployAsync()).Apps;

        foreach (var service in new[] { "silo", "api" })
        {
            var env = apps[service].Env();
            var storage = env["ConnectionStrings__storage"];
            Assert.Equal(
                "BlobEndpoint=⟨reference('storage').outputs.blobEndpoint.value⟩;TableEndpoint=⟨reference('storage').outputs.tableEndpoint.value⟩",
                storage);
            Assert.IsType<Bio.ServiceDefaults.StorageAccess.Endpoints>(Bio.ServiceDefaults.StorageAccess.Parse(
                storage.Replace("⟨reference('storage').outputs.blobEndpoint.value⟩", "https://stbio.blob.core.windows.net/", StringComparison.Ordinal)
                       .Replace("⟨reference('storage').outputs.tableEndpoint.value⟩", "https://stbio.table.core.windows.net/", StringComparison.Ordinal)));
            Assert.Equal("⟨reference('identity').outputs.clientId.value⟩", env["AZURE_CLIENT_ID"]);
            Assert.Equal("AzureTableStorage", env["Orleans__Clustering__ProviderType"]);
            Assert.Equal("storage", env["Orleans__Clustering__ServiceKey"]);
        }

        var silo = apps["silo"].Env();
        Assert.Equal(("AzureBlobStorage", "storage"), (silo["Orleans__GrainStorage__users__ProviderType"], silo["Orleans__GrainStorage__users__ServiceKey"]));
        Assert.Equal(("AzureTableStorage", "storage"), (silo["Orleans__Reminders__ProviderType"], silo["Orleans__Reminders__ServiceKey"]));
        Assert.DoesNotContain(apps["web"].Env().Keys, k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal));
        Assert.Equal("⟨reference('api').outputs.uri.value⟩", apps["web"].Env()["services__api__https__0"]);
    }

    [Fact]
    public async Task SecretsReachTheAppsOnlyAsKeyVaultReferences()
    {
        var configured = await DeployAsync(
            ("ouraClientId", "oura-id"), ("ouraClientSecret", "oura-secret-value"),
            ("whoopClientId", "whoop-id"), ("whoopClientSecret", "whoop-secret-value"),
            ("llmConnectionString", "Provider=openai;Endpoint=https://example.invalid;Key=llm-key-value;Model=m"));
        var apps = configured.Apps;

        Assert.Equal("secretRef:admin-key", apps["api"].Env()["Auth__AdminKey"]);
        Assert.Equal("secretRef:oura-client-secret", apps["silo"].Env()["Bio__Sync__Oura__ClientSecret"]);
        Assert.Equal("oura-id", apps["silo"].Env()["Bio__Sync__Oura__ClientId"]);
        Assert.Equal("secretRef:whoop-client-secret", apps["silo"].Env()["Bio__Sync__Whoop__ClientSecret"]);
        Assert.Equal("secretRef:llm-connection-string", apps["api"].Env()["ConnectionStrings__llm"]);
        Assert.Equal("secretRef:llm-connection-string", apps["silo"].Env()["ConnectionStrings__llm"]);
        foreach (var (service, module) in apps)
        {
            var secrets = App(module)["properties"]!["configuration"]!["secrets"]!.AsArray();
            Assert.All(secrets, s =>
            {
                Assert.StartsWith($"⟨reference('vault').outputs.uri.value⟩secrets/{(string)s!["name"]!}", (string?)s["keyVaultUrl"], StringComparison.Ordinal);
                Assert.Equal("⟨reference('identity').outputs.id.value⟩", (string?)s["identity"]);
                Assert.Null(s["value"]);
            });
            var secretNames = secrets.Select(s => (string)s!["name"]!).ToHashSet();
            Assert.All(module.Env().Values.Where(v => v.StartsWith("secretRef:", StringComparison.Ordinal)), v => Assert.Contains(v["secretRef:".Length..], secretNames));
            var plain = string.Join("\n", module.Env().Values);
            Assert.DoesNotContain("secret-value", plain, StringComparison.Ordinal);
            Assert.DoesNotContain("llm-key-value", plain, StringComparison.Ordinal);
            Assert.DoesNotContain("bioadmin_", plain, StringComparison.Ordinal);
            Assert.Equal(service, (string?)App(module)["tags"]!["azd-service-name"]);
        }

        // Without them, the providers are "not configured": no secret, no variable.
        var bare = (await DeployAsync()).Apps["silo"];
        Assert.DoesNotContain(bare.Env().Keys, k => k.StartsWith("Bio__Sync__", StringComparison.Ordinal) || k == "ConnectionStrings__llm");
        Assert.Empty(App(bare)["properties"]!["configuration"]!["secrets"]!.AsArray());
    }

    [Fact]
    public async Task TheKeyVaultHoldsTheSecretsGivenAndUsesRbac()
    {
        var vault = (await DeployAsync(("whoopClientSecret", "w"))).Module("vault");

        Assert.True((bool)vault.Resource("Microsoft.KeyVault/vaults")["properties"]!["enableRbacAuthorization"]!);
        var secrets = Arm.Resources(vault.Scope.Template)
            .Where(r => (string?)r["type"] == "Microsoft.KeyVault/vaults/secrets")
            .Where(r => r["condition"] is null || vault.Scope.Evaluate(r["condition"])!.GetValue<bool>())
            .Select(r => ArmScope.Text(vault.Scope.Evaluate(r["name"])).Split('/')[^1])
            .Order();
        Assert.Equal(["admin-key", "whoop-client-secret"], secrets);
    }

    [Fact]
    public async Task NoOutputAndNoPlainParameterCarriesASecret()
    {
        BicepCli.SkipUnlessItRunsHere();
        var infra = await CompiledInfra.Instance;

        foreach (var template in Arm.Templates(infra.Main))
        {
            var parameters = template["parameters"]?.AsObject() ?? [];
            var secure = parameters.Where(p => ((string?)p.Value!["type"])?.StartsWith("secure", StringComparison.OrdinalIgnoreCase) == true)
                .Select(p => p.Key).ToHashSet();
            foreach (var (name, _) in parameters.Where(p => SecretName().IsMatch(p.Key) && !NotSecret.Contains(p.Key)))
            {
                Assert.True(secure.Contains(name), $"The parameter '{name}' looks like a secret but is not @secure().");
            }

            foreach (var (name, output) in template["outputs"]?.AsObject() ?? [])
            {
                var value = output!["value"]!.ToJsonString();
                Assert.DoesNotMatch(SecretName(), name.Replace("KEY_VAULT", "", StringComparison.Ordinal));
                Assert.DoesNotMatch(ListCalls(), value);
                Assert.All(secure, p => Assert.DoesNotContain($"parameters('{p}')", value, StringComparison.Ordinal));
                Assert.NotEqual("securestring", (string?)output["type"]);
            }
        }

        // The secrets main takes are all @secure().
        var main = infra.Main["parameters"]!.AsObject();
        Assert.All(SecretParameters, p => Assert.Equal("securestring", (string?)main[p]!["type"]));
    }

    private static readonly string[] SecretParameters = ["adminKey", "ouraClientSecret", "whoopClientSecret", "llmConnectionString"];

    /// <summary>Parameter names that say "secret" or "key" but hold none: the list of secret names and URLs.</summary>
    private static readonly HashSet<string> NotSecret = ["keyVaultSecrets"];

    private static JsonObject App(DeployedModule module, string image = "") =>
        module.Scope.Knowing(new Dictionary<string, JsonNode?> { ["reference('current').outputs.image.value"] = image })
            .Evaluate(Arm.Resources(module.Scope.Template).Single(r => (string?)r["type"] == "Microsoft.App/containerApps"))!.AsObject();

    private static JsonObject Ingress(DeployedModule module) => App(module)["properties"]!["configuration"]!["ingress"]!.AsObject();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex RoleId();

    [GeneratedRegex("(?i)(secret|password|key|connectionstring|token)")]
    private static partial Regex SecretName();

    [GeneratedRegex(@"\blist[A-Za-z]*\(")]
    private static partial Regex ListCalls();
}

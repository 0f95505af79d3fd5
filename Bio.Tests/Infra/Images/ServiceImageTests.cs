using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bio.Tests.Infrastructure;

namespace Bio.Tests.Infra.Images;

/// <summary>
/// The three service images are built without Docker and without the network, by the SDK's container
/// support on a base from this machine's Debian packages that a loopback registry serves; then they run,
/// each in its own namespaces and root file system, with the settings infra/ gives the container apps,
/// against the tests' Azurite.
/// </summary>
public sealed class ServiceImageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    /// <summary>What a self-contained .NET service reads from its base: the C and C++ runtimes, TLS, ICU, time zones, the CA bundle, its user.</summary>
    private static readonly string[] BaseNeeds =
    [
        "usr/lib/x86_64-linux-gnu/libc.so.6", "usr/lib/x86_64-linux-gnu/libstdc++.so.6", "usr/lib/x86_64-linux-gnu/libssl.so.3",
        "usr/lib/x86_64-linux-gnu/libicuuc.so.72", "usr/share/zoneinfo/Europe/Berlin", "etc/ssl/certs/ca-certificates.crt", "etc/passwd",
    ];

    [Fact]
    public async Task TheBaseComesFromDebianPackagesAndTheSdkPullsItFromTheLoopbackRegistry()
    {
        var images = await ServiceImages.Instance;
        var api = images.Images["api"];
        var baseFiles = api.LayerFiles(api.Layers[0]);

        Assert.Equal(images.Base.LayerDigest, api.Layers[0]);
        Assert.Empty(BaseNeeds.Except(baseFiles));
        Assert.DoesNotContain(baseFiles, f => f.StartsWith("usr/share/doc/", StringComparison.Ordinal));
        Assert.Contains($"GET /v2/bio/base/manifests/debian12", images.RegistryRequests);
        Assert.Contains($"GET /v2/bio/base/blobs/{images.Base.LayerDigest}", images.RegistryRequests);
        Assert.Equal(images.BaseImage, api.Config["config"]!["Labels"]!["org.opencontainers.image.base.name"]!.GetValue<string>());
    }

    [Fact]
    public async Task EachServiceIsAnImageOfItsOwnAppOnTheBaseRunningAsANonRootUserOnPort8080()
    {
        var images = await ServiceImages.Instance;
        foreach (var service in ServiceImages.Services)
        {
            var image = images.Images[service];
            var project = ServiceImages.Project(service);
            Assert.Equal(["application/vnd.oci.image.manifest.v1+json"], image.Index["manifests"]!.AsArray().Select(m => m!["mediaType"]!.GetValue<string>()));
            Assert.Equal(2, image.Layers.Count);
            Assert.Equal(images.Base.LayerDigest, image.Layers[0]);
            Assert.Equal([$"/app/{project}"], image.Entrypoint);
            Assert.Equal(DebianBase.AppUid.ToString(System.Globalization.CultureInfo.InvariantCulture), image.User);
            Assert.Contains("8080/tcp", image.ExposedPorts);
            Assert.Contains("ASPNETCORE_HTTP_PORTS=8080", image.Env);
            Assert.Equal("amd64", image.Config["architecture"]!.GetValue<string>());
            var app = image.LayerFiles(image.Layers[1]);
            Assert.Contains($"app/{project}", app);
            Assert.Contains($"app/{project}.dll", app);
            Assert.Contains("app/Bio.Core.dll", app);
            Assert.Contains("app/libcoreclr.so", app); // self-contained: the runtime is in the app's layer
        }

        Assert.Contains("app/libduckdb.so", images.Images["silo"].LayerFiles(images.Images["silo"].Layers[1]));
    }

    /// <summary>
    /// The images run as the container apps would: the silo and API with infra/'s environment (the cluster's
    /// ids, table clustering, blob grain storage and table reminders), storage pointed at Azurite. A person is
    /// made through the API, filled, and read back with SQL: the API reaches the silo in its own root, the
    /// silo writes the lake with its native Parquet and DuckDB libraries on the base's C libraries.
    /// </summary>
    [Fact]
    public async Task TheImagesRunWithTheSettingsInfraGivesThem()
    {
        var ct = TestContext.Current.CancellationToken;
        var images = await ServiceImages.Instance;
        var deployment = new Deployment((await CompiledInfra.Instance).Main, Deployment.Parameters());
        var adminKey = "bioadmin_" + Guid.NewGuid().ToString("N");
        var cluster = "images-" + Guid.NewGuid().ToString("N")[..8];
        var (siloPort, gatewayPort, apiPort, webPort) = (Ports.Free(), Ports.Free(), Ports.Free(), Ports.Free());
        var api = new Uri($"http://127.0.0.1:{apiPort}");
        var web = new Uri($"http://127.0.0.1:{webPort}");
        Dictionary<string, string> Env(string service, int port)
        {
            var env = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in deployment.Apps[service].Env())
            {
                // What Azure fills in (the identity, telemetry, secrets from Key Vault, other apps' URLs) is given here.
                env[name] = name switch
                {
                    "ConnectionStrings__storage" => azurite.ConnectionString,
                    "Orleans__ClusterId" => cluster,
                    "Orleans__ServiceId" => cluster,
                    "Orleans__Endpoints__SiloPort" => siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "Orleans__Endpoints__GatewayPort" => gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "Auth__AdminKey" => adminKey,
                    "services__api__https__0" => api.ToString().TrimEnd('/'),
                    "Bio__Sync__CallbackBaseUrl" => web.ToString().TrimEnd('/'),
                    "Bio__Sync__DashboardUrl" => new Uri(web, "/settings").ToString(),
                    _ => value,
                };
            }

            foreach (var name in env.Keys.Where(n => n is "AZURE_CLIENT_ID" or "APPLICATIONINSIGHTS_CONNECTION_STRING" || n.StartsWith("OTEL_EXPORTER", StringComparison.Ordinal)).ToList())
            {
                env.Remove(name);
            }

            Assert.DoesNotContain(env.Values, v => v.Contains('⟨', StringComparison.Ordinal) || v.StartsWith("secretRef:", StringComparison.Ordinal));
            env["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            env["Orleans__Endpoints__AdvertisedIPAddress"] = "127.0.0.1";
            env["HOME"] = "/home/app";
            return env;
        }

        await using var silo = Run(images, "silo", Env("silo", Ports.Free()));
        await using var apiRun = Run(images, "api", Env("api", apiPort));
        await using var webRun = Run(images, "web", Env("web", webPort));
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };

        await Poll.UntilAsync(async () => await Ok(http, "/health", apiRun, silo), TimeSpan.FromMinutes(3), "the API image's /health");
        var id = "image-" + Guid.NewGuid().ToString("N")[..10];
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/users") { Content = JsonContent.Create(new { id, displayName = "Ada", timeZone = "Europe/Berlin" }) };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        using var created = await http.SendAsync(create, ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"{created.StatusCode}: {await created.Content.ReadAsStringAsync(ct)}\n{silo.Output}");
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("apiKey").GetString();

        using var fill = new HttpRequestMessage(HttpMethod.Post, $"/api/users/{id}/synthetic?days=60&seed=3");
        fill.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var filled = await http.SendAsync(fill, ct);
        Assert.True(filled.IsSuccessStatusCode, $"{filled.StatusCode}: {await filled.Content.ReadAsStringAsync(ct)}\n{silo.Output}");

        using var query = new HttpRequestMessage(HttpMethod.Post, $"/api/users/{id}/query") { Content = JsonContent.Create(new { sql = "SELECT count(*) AS n FROM daily" }) };
        query.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var answered = await http.SendAsync(query, ct);
        var body = await answered.Content.ReadAsStringAsync(ct);
        Assert.True(answered.IsSuccessStatusCode, $"{answered.StatusCode}: {body}\n{silo.Output}");
        Assert.Contains("60", body, StringComparison.Ordinal);

        using var webHttp = new HttpClient { BaseAddress = web, Timeout = TimeSpan.FromSeconds(30) };
        await Poll.UntilAsync(async () => await Ok(webHttp, "/alive", webRun), TimeSpan.FromMinutes(2), "the web image's /alive");
        using var signIn = await webHttp.GetAsync(new Uri("/signin", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
    }

    private static ContainerRun Run(ServiceImages images, string service, IReadOnlyDictionary<string, string> env)
    {
        var root = Path.Combine(images.Folder, "roots", service + "-" + Guid.NewGuid().ToString("N")[..6]);
        images.Images[service].Unpack(root);
        return ContainerRun.Start(images.Images[service], root, env);
    }

    private static async Task<bool> Ok(HttpClient http, string path, params ContainerRun[] runs)
    {
        foreach (var run in runs)
        {
            Assert.False(run.Exited, "a service image stopped:\n" + run.Output);
        }

        try
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Bio.ServiceDefaults;
using Bio.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bio.Tests.Infra;

/// <summary>
/// A second Azurite in its OAuth mode (<c>--oauth basic</c>), which takes only bearer tokens, and only over
/// HTTPS: a self-signed certificate made here for 127.0.0.1, which the clients trust by its thumbprint and
/// nothing else does. Storage is reached as in Azure: endpoints in the connection string and a token
/// credential (<see cref="EmulatorTokens"/>) in place of the managed identity.
/// </summary>
public sealed class OAuthAzurite : IAsyncLifetime
{
    private Process? process;
    private string folder = "";

    /// <summary>The connection string of the managed-identity shape: the endpoints and no key.</summary>
    public string Endpoints { get; private set; } = "";

    public string Thumbprint { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        folder = Directory.CreateTempSubdirectory("bio-azurite-oauth-").FullName;
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        // Fixed dates: nothing here reads the clock, and the clients pin the thumbprint rather than check dates.
        using var certificate = request.CreateSelfSigned(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2099, 12, 31, 0, 0, 0, TimeSpan.Zero));
        Thumbprint = certificate.GetCertHashString();
        var certFile = Path.Combine(folder, "cert.pem");
        var keyFile = Path.Combine(folder, "key.pem");
        await File.WriteAllTextAsync(certFile, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());

        // The emulator's own account: no key is given or needed, tokens are the only way in.
        (process, var blob, var table) = await AzuriteFixture.StartAsync(null, ["--oauth", "basic", "--cert", certFile, "--key", keyFile]);
        Endpoints = $"BlobEndpoint={blob.ToString().TrimEnd('/')}/devstoreaccount1;TableEndpoint={table.ToString().TrimEnd('/')}/devstoreaccount1";
    }

    /// <summary>What a service adds to reach this emulator: its token credential, and a transport that trusts its certificate.</summary>
    public void Trust(IServiceCollection services, TokenCredential credential)
    {
        var thumbprint = Thumbprint;
        services.AddKeyedSingleton(ResourceNames.Storage, credential);
        services.AddKeyedSingleton<HttpPipelineTransport>(ResourceNames.Storage, new HttpClientTransport(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == thumbprint },
        }));
    }

    public ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process?.Dispose();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Entra ID-shaped access tokens as the managed identity would present them (issuer, audience, lifetime),
/// unsigned: Azurite's basic OAuth checks those claims, not a signature. Records the scopes asked for.
/// </summary>
public sealed class EmulatorTokens(string audience = "https://storage.azure.com") : TokenCredential
{
    // 2020-01-01 and 2100-01-01: valid whatever the machine's date, without reading it.
    private const long NotBefore = 1_577_836_800;
    private const long Expires = 4_102_444_800;

    private readonly List<string> scopes = [];

    public IReadOnlyList<string> Scopes
    {
        get
        {
            lock (scopes)
            {
                return [.. scopes];
            }
        }
    }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        lock (scopes)
        {
            scopes.AddRange(requestContext.Scopes);
        }

        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT" }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new
        {
            aud = audience,
            iss = "https://sts.windows.net/00000000-0000-0000-0000-0000000000b1/",
            iat = NotBefore,
            nbf = NotBefore,
            exp = Expires,
            oid = "00000000-0000-0000-0000-0000000000c2",
        }));
        return new AccessToken($"{header}.{payload}.{Base64Url(Encoding.UTF8.GetBytes("unsigned"))}", DateTimeOffset.FromUnixTimeSeconds(Expires));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

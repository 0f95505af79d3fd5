using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bio.Tests.Infra.Images;

/// <summary>
/// A read-only container registry on 127.0.0.1 (the pull half of the OCI distribution API: <c>/v2/</c>,
/// manifests by tag or digest, blobs by digest) serving one image, so that the SDK's container support
/// can pull a base image with no network. Plain HTTP: the SDK is told with DOTNET_CONTAINER_INSECURE_REGISTRIES.
/// </summary>
internal sealed class LoopbackRegistry : IAsyncDisposable
{
    private readonly WebApplication app;

    private LoopbackRegistry(WebApplication app, string repository, string tag)
    {
        this.app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Host = new Uri(address).Authority;
        Image = $"{Host}/{repository}:{tag}";
    }

    /// <summary>host:port.</summary>
    public string Host { get; }

    /// <summary>The image's reference, host:port/repository:tag.</summary>
    public string Image { get; }

    /// <summary>What was asked of the registry, one "METHOD path" a request.</summary>
    public List<string> Requests { get; } = [];

    public static async Task<LoopbackRegistry> StartAsync(string repository, string tag, DebianBase image)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        LoopbackRegistry? registry = null;
        var blobs = image.Blobs;
        app.Use(async (context, next) =>
        {
            lock (blobs)
            {
                registry?.Requests.Add($"{context.Request.Method} {context.Request.Path}");
            }

            await next(context);
        });
        app.MapMethods("/v2/", ["GET", "HEAD"], () => Results.Json(new { }));
        app.MapMethods("/v2/{**rest}", ["GET", "HEAD"], (string rest, HttpContext context) =>
        {
            var manifests = $"{repository}/manifests/";
            var blobPath = $"{repository}/blobs/";
            if (rest.StartsWith(manifests, StringComparison.Ordinal))
            {
                var reference = rest[manifests.Length..];
                return reference == tag || reference == image.ManifestDigest
                    ? Blob(context, image.Manifest, image.ManifestDigest, OciRegistryMediaTypes.Manifest)
                    : NotFound("MANIFEST_UNKNOWN", reference);
            }

            if (rest.StartsWith(blobPath, StringComparison.Ordinal))
            {
                var digest = rest[blobPath.Length..];
                return blobs.TryGetValue(digest, out var bytes) ? Blob(context, bytes, digest, "application/octet-stream") : NotFound("BLOB_UNKNOWN", digest);
            }

            return NotFound("NAME_UNKNOWN", rest);
        });
        await app.StartAsync();
        registry = new LoopbackRegistry(app, repository, tag);
        return registry;
    }

    private static IResult Blob(HttpContext context, byte[] bytes, string digest, string mediaType)
    {
        context.Response.Headers["Docker-Content-Digest"] = digest;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.ContentType = mediaType;
            context.Response.ContentLength = bytes.Length;
            return Results.Empty;
        }

        return Results.Bytes(bytes, mediaType);
    }

    private static IResult NotFound(string code, string what) =>
        Results.Json(new { errors = new[] { new { code, message = $"{what} is not here" } } }, statusCode: StatusCodes.Status404NotFound);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

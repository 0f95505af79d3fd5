using Bio.Api.Auth;
using Bio.Core.Ingest;
using Bio.Core.Lake;
using Bio.Core.Users;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Bio.Api.Apis;

public static class ImportsApi
{
    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder app)
    {
        var user = app.MapGroup("/api/users/{userId}").WithTags("Imports").RequireUserAccess();
        user.MapPost("/imports", ImportAsync)
            .WithName("Import")
            .WithSummary("Upload a wearable export (multipart 'file' or the raw body) and get the ingest report. Optional: source (auto|oura|whoop|peloton|apple-health|garmin|fitbit|csv), fileName for raw bodies, mapping for a generic CSV ('date=Day,hrv_rmssd_ms=HRV,sleep_minutes=Sleep (hours)*60').")
            .DisableAntiforgery();
        user.MapGet("/imports", async (string userId, IClusterClient cluster) =>
                TypedResults.Ok(await cluster.GetGrain<IImportsGrain>(userId).GetImportsAsync()))
            .WithName("ListImports").WithSummary("Import history, oldest first.");
        user.MapGet("/imports/{importId}", GetImportAsync).WithName("GetImport").WithSummary("One import's report.");
        return app;
    }

    /// <summary>
    /// The raw bytes go to bronze first (streamed, content-addressed), whatever follows: a file Bio cannot
    /// read is still kept, with its import recorded as rejected.
    /// </summary>
    public static async Task<Results<Created<ImportReport>, ProblemHttpResult>> ImportAsync(
        string userId, HttpContext http, IClusterClient cluster, LakeStore lake, IOptions<IngestOptions> options,
        string? source = null, string? fileName = null, string? mapping = null)
    {
        var limit = options.Value.MaxUploadBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        if (http.Request.ContentLength is { } declared && declared > limit)
        {
            return TooLarge(limit);
        }

        if (source is not null && !FormatDetector.KnownSources.Contains(source.ToLowerInvariant()))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown source",
                detail: $"Unknown source '{source}'. Use one of: {string.Join(", ", FormatDetector.KnownSources)}.");
        }

        var grain = cluster.GetGrain<IImportsGrain>(userId);
        if (await cluster.GetGrain<IAccountGrain>(userId).GetProfileAsync() is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no user '{userId}'.");
        }

        // A retried upload with the same Idempotency-Key gets the first attempt's report and imports nothing again.
        var idempotencyKey = http.Request.Headers["Idempotency-Key"].ToString();
        if (idempotencyKey.Length > 200)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid Idempotency-Key",
                detail: "The Idempotency-Key header must be at most 200 characters (a UUID is typical).");
        }

        if (idempotencyKey.Length > 0 && await grain.FindImportAsync(idempotencyKey) is { } earlier)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
            return Answer(userId, earlier);
        }

        BronzeRef bronze;
        try
        {
            if (http.Request.HasFormContentType)
            {
                var form = await http.Request.ReadFormAsync(http.RequestAborted);
                var file = form.Files.GetFile("file");
                if (file is null)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No file",
                        detail: "Send the export as a multipart form field named 'file', or as the raw request body.");
                }

                await using var stream = file.OpenReadStream();
                bronze = await lake.WriteBronzeAsync(userId, stream, file.FileName, http.RequestAborted);
            }
            else
            {
                bronze = await lake.WriteBronzeAsync(userId, http.Request.Body, fileName ?? "upload", http.RequestAborted);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(limit);
        }
        catch (InvalidDataException)
        {
            return TooLarge(limit); // the multipart reader's limit
        }

        if (bronze.Size == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Empty upload", detail: "The uploaded file is empty.");
        }

        var report = idempotencyKey.Length > 0
            ? await grain.IngestOnceAsync(bronze, source, mapping, idempotencyKey)
            : await grain.IngestAsync(bronze, source, mapping);
        return Answer(userId, report);
    }

    private static Results<Created<ImportReport>, ProblemHttpResult> Answer(string userId, ImportReport report)
    {
        if (report.Status == ImportReport.Rejected)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The file could not be imported",
                detail: report.Error,
                extensions: new Dictionary<string, object?> { ["importId"] = report.ImportId, ["bronzePath"] = report.BronzePath });
        }

        return TypedResults.Created($"/api/users/{userId}/imports/{report.ImportId}", report);
    }

    public static async Task<Results<Ok<ImportReport>, ProblemHttpResult>> GetImportAsync(string userId, string importId, IClusterClient cluster)
    {
        var report = (await cluster.GetGrain<IImportsGrain>(userId).GetImportsAsync()).FirstOrDefault(i => i.ImportId == importId);
        return report is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no import '{importId}'.")
            : TypedResults.Ok(report);
    }

    private static ProblemHttpResult TooLarge(long limit) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Upload too large",
            detail: $"Uploads are limited to {limit / (1024 * 1024)} MB. Split the export or raise Ingest:MaxUploadBytes.");
}

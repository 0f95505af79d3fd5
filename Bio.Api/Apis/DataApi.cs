using Bio.Api.Auth;
using Bio.Core.Ingest;
using Bio.Core.Lake;
using Bio.Core.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bio.Api.Apis;

/// <summary>A person's own silver rows and lake manifest.</summary>
public static class DataApi
{
    public static IEndpointRouteBuilder MapDataApi(this IEndpointRouteBuilder app)
    {
        var user = app.MapGroup("/api/users/{userId}").WithTags("Data").RequireUserAccess();
        user.MapGet("/daily", DailyAsync).WithName("Daily").WithSummary("Silver daily rows (local dates), optionally from/to (yyyy-MM-dd, inclusive).")
            .WithAccess(Who.Owner | Who.Coach);
        user.MapGet("/workouts", WorkoutsAsync).WithName("Workouts").WithSummary("Silver workouts, optionally from/to.").WithAccess(Who.Owner | Who.Coach);
        user.MapGet("/quarantine", async (string userId, IClusterClient cluster) =>
                TypedResults.Ok(await cluster.GetGrain<IImportsGrain>(userId).GetQuarantineAsync()))
            .WithName("Quarantine").WithSummary("Rejected rows with their reasons.");
        user.MapGet("/export", ExportAsync).WithName("Export")
            .WithSummary("Everything stored for the user as one zip: the raw uploads (bronze), every lake version's silver and gold Parquet, the forecasting files, the weekly reports, with profile.json, imports.json and a manifest.json listing each file's size and SHA-256.")
            .WithAccess(Who.Owner | Who.Admin);
        user.MapGet("/lake", LakeAsync).WithName("Lake").WithSummary("The current lake version: layers, tables, row counts.");
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<DailyValues>>, ProblemHttpResult>> DailyAsync(
        string userId, IClusterClient cluster, DateOnly? from = null, DateOnly? to = null) =>
        from > to
            ? TypedResults.Problem(statusCode: 400, title: "Invalid range", detail: "'from' must not be after 'to'.")
            : TypedResults.Ok(await cluster.GetGrain<IDayDataGrain>(userId).GetDailyAsync(from, to));

    public static async Task<Results<Ok<IReadOnlyList<WorkoutItem>>, ProblemHttpResult>> WorkoutsAsync(
        string userId, IClusterClient cluster, DateOnly? from = null, DateOnly? to = null) =>
        from > to
            ? TypedResults.Problem(statusCode: 400, title: "Invalid range", detail: "'from' must not be after 'to'.")
            : TypedResults.Ok(await cluster.GetGrain<IDayDataGrain>(userId).GetWorkoutsAsync(from, to));

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ExportAsync(
        string userId, IClusterClient cluster, LakeStore lake, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var grain = cluster.GetGrain<IImportsGrain>(userId);
        if (await cluster.GetGrain<IAccountGrain>(userId).GetProfileAsync() is not { } profile)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no user '{userId}'.");
        }

        // Built in a temporary file (deleted on close), then streamed: the zip can be large.
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var count = await UserExport.WriteAsync(lake, profile, await grain.GetImportsAsync(), time.GetUtcNow(), file, ct);
            http.Audit(new Bio.Core.Audit.AuditDetail(Rows: count, Note: "export"));
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }

        file.Position = 0;
        return TypedResults.File(file, "application/zip", $"bio-export-{userId}-{time.GetUtcNow():yyyyMMdd}.zip");
    }

    public static async Task<Results<Ok<LakeManifest>, ProblemHttpResult>> LakeAsync(string userId, IClusterClient cluster) =>
        await cluster.GetGrain<IImportsGrain>(userId).GetLakeAsync() is { } manifest
            ? TypedResults.Ok(manifest)
            : TypedResults.Problem(statusCode: 404, title: "No data yet", detail: "Nothing has been imported yet: upload an export to POST /api/users/{id}/imports.");
}

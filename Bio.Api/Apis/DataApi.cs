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
        user.MapGet("/daily", DailyAsync).WithName("Daily").WithSummary("Silver daily rows (local dates), optionally from/to (yyyy-MM-dd, inclusive).");
        user.MapGet("/workouts", WorkoutsAsync).WithName("Workouts").WithSummary("Silver workouts, optionally from/to.");
        user.MapGet("/quarantine", async (string userId, IClusterClient cluster) =>
                TypedResults.Ok(await cluster.GetGrain<IUserGrain>(userId).GetQuarantineAsync()))
            .WithName("Quarantine").WithSummary("Rejected rows with their reasons.");
        user.MapGet("/lake", LakeAsync).WithName("Lake").WithSummary("The current lake version: layers, tables, row counts.");
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<DailyValues>>, ProblemHttpResult>> DailyAsync(
        string userId, IClusterClient cluster, DateOnly? from = null, DateOnly? to = null) =>
        from > to
            ? TypedResults.Problem(statusCode: 400, title: "Invalid range", detail: "'from' must not be after 'to'.")
            : TypedResults.Ok(await cluster.GetGrain<IUserGrain>(userId).GetDailyAsync(from, to));

    public static async Task<Results<Ok<IReadOnlyList<WorkoutItem>>, ProblemHttpResult>> WorkoutsAsync(
        string userId, IClusterClient cluster, DateOnly? from = null, DateOnly? to = null) =>
        from > to
            ? TypedResults.Problem(statusCode: 400, title: "Invalid range", detail: "'from' must not be after 'to'.")
            : TypedResults.Ok(await cluster.GetGrain<IUserGrain>(userId).GetWorkoutsAsync(from, to));

    public static async Task<Results<Ok<LakeManifest>, ProblemHttpResult>> LakeAsync(string userId, IClusterClient cluster) =>
        await cluster.GetGrain<IUserGrain>(userId).GetLakeAsync() is { } manifest
            ? TypedResults.Ok(manifest)
            : TypedResults.Problem(statusCode: 404, title: "No data yet", detail: "Nothing has been imported yet: upload an export to POST /api/users/{id}/imports.");
}

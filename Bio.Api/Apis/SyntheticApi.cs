using Bio.Api.Auth;
using Bio.Core.Synthetic;
using Bio.Core.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bio.Api.Apis;

public static class SyntheticApi
{
    public static IEndpointRouteBuilder MapSyntheticApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/users/{userId}").WithTags("Synthetic").RequireUserAccess()
            .MapPost("/synthetic", GenerateAsync)
            .WithName("Synthetic")
            .WithSummary("Fill the user with a realistic synthetic person (days ending yesterday, deterministic for a seed); returns the import report and the ground-truth events.");
        return app;
    }

    public static async Task<Results<Ok<SyntheticResult>, ProblemHttpResult>> GenerateAsync(
        string userId, IClusterClient cluster, int days = 730, int seed = 1)
    {
        if (days is < 1 or > 3660)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid days", detail: "days must be between 1 and 3660.");
        }

        var grain = cluster.GetGrain<IImportsGrain>(userId);
        if (await cluster.GetGrain<IAccountGrain>(userId).GetProfileAsync() is null)
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no user '{userId}'.");
        }

        return TypedResults.Ok(await grain.GenerateSyntheticAsync(days, seed));
    }
}

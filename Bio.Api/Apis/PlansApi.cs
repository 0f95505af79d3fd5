using Bio.Api.Auth;
using Bio.Core.Plans;
using Bio.Core.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bio.Api.Apis;

/// <summary>A person's week of training: the plan with its rules and fuel, and every issued plan against what was done.</summary>
public static class PlansApi
{
    public static IEndpointRouteBuilder MapPlansApi(this IEndpointRouteBuilder app)
    {
        var user = app.MapGroup("/api/users/{userId}").WithTags("Plans").RequireUserAccess();
        user.MapGet("/plan", PlanAsync).WithName("Plan")
            .WithSummary("The next seven days from the person's today: each day's session (rest, easy, moderate, hard), discipline, duration and target load with the rule and inputs that chose it, and three days of fuel targets (energy, carbohydrate and protein) with their rules and what Bio still needs. Made again when new data arrives; every different plan is kept.")
            .WithAccess(Who.Owner | Who.Coach);
        user.MapGet("/plan/history", HistoryAsync).WithName("PlanHistory")
            .WithSummary("Every issued plan (newest first), each past day planned against done, and adherence per ISO week, with the rule that says when a day was kept.")
            .WithAccess(Who.Owner | Who.Coach);
        return app;
    }

    public static async Task<Ok<TrainingPlan>> PlanAsync(string userId, IClusterClient cluster) =>
        TypedResults.Ok(await cluster.GetGrain<IPlansGrain>(userId).GetPlanAsync());

    public static async Task<Ok<PlanHistory>> HistoryAsync(string userId, IClusterClient cluster) =>
        TypedResults.Ok(await cluster.GetGrain<IPlansGrain>(userId).GetPlanHistoryAsync());
}

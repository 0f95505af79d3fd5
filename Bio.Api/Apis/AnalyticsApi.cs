using Bio.Api.Auth;
using Bio.Core.Analytics;
using Bio.Core.Forecasting;
using Bio.Core.Lake;
using Bio.Core.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bio.Api.Apis;

/// <summary>What Bio makes of a person's data: the day's status, the gold views and the five insights.</summary>
public static class AnalyticsApi
{
    public static IEndpointRouteBuilder MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var user = app.MapGroup("/api/users/{userId}").WithTags("Analytics").RequireUserAccess();
        user.MapGet("/status", StatusAsync).WithName("Status")
            .WithSummary("One day's readiness with contributors, energy state, HRV status, load, overtraining risk with reasons, anomalies and recommended intensity; date (yyyy-MM-dd) defaults to the latest day with data.")
            .WithAccess(Who.Owner | Who.Coach);
        user.MapGet("/gold/{view}", GoldAsync).WithName("Gold")
            .WithSummary("The rows of one gold view (snake_case columns), optionally from/to (inclusive) for the per-day views.")
            .WithAccess(Who.Owner | Who.Coach);
        user.MapGet("/insights", InsightsAsync).WithName("Insights")
            .WithSummary("The five signature insights over from/to (default: all data), each with its test, n, p, chart spec and narrative.")
            .WithAccess(Who.Owner | Who.Coach);
        user.MapGet("/forecasts", async (string userId, IClusterClient cluster) =>
                TypedResults.Ok(await cluster.GetGrain<IForecastsGrain>(userId).GetForecastAsync()))
            .WithName("Forecasts").WithTags("Forecasts")
            .WithSummary("HRV for the next seven mornings with 80 % and 95 % intervals, the method served (model or a baseline) and why, the drivers of tomorrow's number, and a narrative.")
            .WithAccess(Who.Owner | Who.Coach);
        user.MapGet("/forecasts/history", async (string userId, IClusterClient cluster) =>
                TypedResults.Ok(await cluster.GetGrain<IForecastsGrain>(userId).GetForecastHistoryAsync()))
            .WithName("ForecastHistory").WithTags("Forecasts")
            .WithSummary("Every next-day forecast against its actual, the rolling 28-day MAE, MASE and 80 % coverage per method served, and the model registry's log.")
            .WithAccess(Who.Owner | Who.Coach);
        user.MapPost("/forecasts/backtest", async (string userId, IClusterClient cluster) =>
                TypedResults.Ok(await cluster.GetGrain<IForecastsGrain>(userId).BacktestAsync()))
            .WithName("ForecastBacktest").WithTags("Forecasts")
            .WithSummary("A walk-forward backtest over the person's history: MAE, RMSE, MASE against persistence and the 7-day mean, and interval coverage, for the next day and days 1-7. Takes seconds.");
        return app;
    }

    public static async Task<Ok<DayStatus>> StatusAsync(string userId, IClusterClient cluster, DateOnly? date = null) =>
        TypedResults.Ok(await cluster.GetGrain<IDayDataGrain>(userId).GetStatusAsync(date));

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GoldAsync(
        string userId, string view, IClusterClient cluster, DateOnly? from = null, DateOnly? to = null)
    {
        if (from > to)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid range", detail: "'from' must not be after 'to'.");
        }

        return await cluster.GetGrain<IDayDataGrain>(userId).GetGoldAsync(view, from, to) is { } json
            ? TypedResults.Content(json, "application/json")
            : TypedResults.Problem(statusCode: 404, title: "No such view",
                detail: $"There is no gold view '{view}'. The views are: {string.Join(", ", LakeTables.GoldViewNames)}.");
    }

    public static async Task<Results<Ok<IReadOnlyList<Insight>>, ProblemHttpResult>> InsightsAsync(
        string userId, IClusterClient cluster, DateOnly? from = null, DateOnly? to = null) =>
        from > to
            ? TypedResults.Problem(statusCode: 400, title: "Invalid range", detail: "'from' must not be after 'to'.")
            : TypedResults.Ok(await cluster.GetGrain<IDayDataGrain>(userId).GetInsightsAsync(from, to));
}

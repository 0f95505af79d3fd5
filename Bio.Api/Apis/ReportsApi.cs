using System.Globalization;
using Bio.Api.Auth;
using Bio.Core.Reports;
using Bio.Core.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bio.Api.Apis;

/// <summary>The weekly reports: generated every Monday 07:00 in the person's time zone, or on demand for any week.</summary>
public static class ReportsApi
{
    // The report is a self-contained page: no scripts, no requests anywhere, only its own inline styles and SVG.
    private const string ReportPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var user = app.MapGroup("/api/users/{userId}/reports").WithTags("Reports").RequireUserAccess();
        user.MapGet("/", async (string userId, IClusterClient cluster) =>
                TypedResults.Ok(await cluster.GetGrain<IReportsGrain>(userId).GetReportsAsync()))
            .WithName("Reports").WithSummary("Every stored weekly report, newest week first.").WithAccess(Who.Owner | Who.Coach);
        user.MapGet("/{weekEnding}", GetAsync).WithName("Report")
            .WithSummary("The weekly report for the ISO week ending on that Sunday (yyyy-MM-dd), as HTML (or JSON with Accept: application/json or format=json); generated on demand when there is none yet. download=true serves it as a file.")
            .WithAccess(Who.Owner | Who.Coach);
        user.MapPost("/{weekEnding}", GenerateAsync).WithName("GenerateReport")
            .WithSummary("Generates the weekly report for that week again from the current data and returns its numbers.");
        return app;
    }

    public static async Task<Results<ContentHttpResult, JsonHttpResult<WeeklyReport>, ProblemHttpResult>> GetAsync(
        string userId, string weekEnding, HttpContext http, IClusterClient cluster, string? format = null, bool download = false)
    {
        if (Parse(weekEnding) is not { } week)
        {
            return BadDate(weekEnding);
        }

        var grain = cluster.GetGrain<IReportsGrain>(userId);
        var stored = await grain.GetReportAsync(week) ?? await grain.GenerateReportAsync(week, WeeklyReports.OnDemand);
        var json = string.Equals(format, "json", StringComparison.OrdinalIgnoreCase) ||
                   (format is null && http.Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true));
        if (download)
        {
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"bio-report-{week:yyyy-MM-dd}.{(json ? "json" : "html")}\"";
        }

        if (json)
        {
            return TypedResults.Json(stored.Report);
        }

        http.Response.Headers.ContentSecurityPolicy = ReportPolicy;
        return TypedResults.Content(stored.Html, "text/html; charset=utf-8");
    }

    public static async Task<Results<Ok<WeeklyReport>, ProblemHttpResult>> GenerateAsync(string userId, string weekEnding, IClusterClient cluster) =>
        Parse(weekEnding) is { } week
            ? TypedResults.Ok((await cluster.GetGrain<IReportsGrain>(userId).GenerateReportAsync(week, WeeklyReports.OnDemand)).Report)
            : BadDate(weekEnding);

    private static DateOnly? Parse(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static ProblemHttpResult BadDate(string text) =>
        TypedResults.Problem(statusCode: 400, title: "Invalid week",
            detail: $"'{text}' is not a date: give the Sunday the week ends on as yyyy-MM-dd, e.g. reports/2026-06-14.");
}

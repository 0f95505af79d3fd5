using Bio.Api.Auth;
using Bio.Core.Journal;
using Bio.Core.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bio.Api.Apis;

/// <summary>A person's typed journal: one entry a day, and the behaviour features Bio reads in it.</summary>
public static class JournalApi
{
    /// <summary>The body of <c>POST /journal</c>.</summary>
    public sealed record JournalRequest(DateOnly? Date, string? Text);

    private const string Example = "{\"date\": \"2026-11-30\", \"text\": \"Two glasses of wine with dinner, stressful day at work\"} (date optional: today)";

    public static IEndpointRouteBuilder MapJournalApi(this IEndpointRouteBuilder app)
    {
        // The owner only: a coach's read access does not reach what a person wrote about their day.
        var user = app.MapGroup("/api/users/{userId}").WithTags("Journal").RequireUserAccess();
        user.MapPost("/journal", WriteAsync).WithName("WriteJournal")
            .WithSummary("Body {\"date\"?, \"text\"}: the day's journal entry (replacing that day's earlier one). Returns the features read in it " +
                         "(alcohol, caffeine_late, stress, illness, travel, late_meal, meditation; each yes or no, with a confidence and the words it went by) and the import that stored it.");
        user.MapGet("/journal", ReadAsync).WithName("Journal").WithSummary("Your journal entries with their features, optionally from/to (yyyy-MM-dd, inclusive).");
        return app;
    }

    public static async Task<IResult> WriteAsync(string userId, HttpRequest http, IClusterClient cluster)
    {
        var (request, problem) = await JsonBody.ReadAsync<JournalRequest>(http, Example);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(request?.Text))
        {
            return TypedResults.Problem(statusCode: 400, title: "Missing text", detail: $"Send {Example}.");
        }

        var written = await cluster.GetGrain<IUserGrain>(userId).WriteJournalAsync(request.Date, request.Text);
        http.HttpContext.Audit(new Bio.Core.Audit.AuditDetail(Rows: written.Entry.Features.Count, Note: $"journal {written.Entry.Date:yyyy-MM-dd}"));
        return TypedResults.Ok(written);
    }

    public static async Task<Results<Ok<IReadOnlyList<JournalEntry>>, ProblemHttpResult>> ReadAsync(
        string userId, IClusterClient cluster, DateOnly? from = null, DateOnly? to = null) =>
        from > to
            ? TypedResults.Problem(statusCode: 400, title: "Invalid range", detail: "'from' must not be after 'to'.")
            : TypedResults.Ok(await cluster.GetGrain<IUserGrain>(userId).GetJournalAsync(from, to));
}

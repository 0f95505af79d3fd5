using Bio.Api.Auth;
using Bio.Core.Journal;
using Bio.Core.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bio.Api.Apis;

/// <summary>A person's typed journal (one entry a day, and the behaviour features Bio reads in it) and daily feedback.</summary>
public static class JournalApi
{
    /// <summary>The body of <c>POST /journal</c>.</summary>
    public sealed record JournalRequest(DateOnly? Date, string? Text);

    /// <summary>The body of <c>POST /feedback</c>.</summary>
    public sealed record FeedbackRequest(DateOnly? Date, int? Energy, int? Mood, int? Exertion, string? Notes);

    private const string FeedbackExample = "{\"date\": \"2026-11-30\", \"energy\": 4, \"mood\": 3, \"exertion\": 6, \"notes\": \"legs heavy\"} (each optional, at least one; date: today)";

    private const string Example = "{\"date\": \"2026-11-30\", \"text\": \"Two glasses of wine with dinner, stressful day at work\"} (date optional: today)";

    public static IEndpointRouteBuilder MapJournalApi(this IEndpointRouteBuilder app)
    {
        // The owner only: a coach's read access does not reach what a person wrote about their day.
        var user = app.MapGroup("/api/users/{userId}").WithTags("Journal").RequireUserAccess();
        user.MapPost("/journal", WriteAsync).WithName("WriteJournal")
            .WithSummary("Body {\"date\"?, \"text\"}: the day's journal entry (replacing that day's earlier one). Returns the features read in it " +
                         "(alcohol, caffeine_late, stress, illness, travel, late_meal, meditation; each yes or no, with a confidence and the words it went by) and the import that stored it.");
        user.MapGet("/journal", ReadAsync).WithName("Journal").WithSummary("Your journal entries with their features, optionally from/to (yyyy-MM-dd, inclusive).");
        user.MapPost("/feedback", WriteFeedbackAsync).WithName("WriteFeedback")
            .WithSummary("Body {\"date\"?, \"energy\"?, \"mood\"?, \"exertion\"?, \"notes\"?}: how the day felt (energy and mood 1-5, perceived exertion 0-10), replacing that day's earlier feedback; stored in silver's feedback table.");
        user.MapGet("/feedback", ReadFeedbackAsync).WithName("Feedback").WithSummary("Your daily feedback, optionally from/to (yyyy-MM-dd, inclusive).");
        // Statistics over the journal, not its words: a coach the person granted reads them like the insights.
        user.MapGet("/journal/effects", EffectsAsync).WithName("JournalEffects")
            .WithSummary("What each journal behaviour and daily rating goes with the next morning (HRV rMSSD, resting HR, the device's recovery or readiness, sleep), " +
                         "over the mornings from/to (yyyy-MM-dd, inclusive; default all): n yes / n no, the difference with its 95 % interval (Welch), the difference adjusted for weekday, " +
                         "the previous day's training load and illness (least squares), and a Benjamini-Hochberg verdict at a 10 % false-discovery rate; " +
                         "\"not enough days yet\" below 10 days of either; each source's timing rule. An association, not a cause.")
            .WithAccess(Who.Owner | Who.Coach);
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

        var written = await cluster.GetGrain<IJournalGrain>(userId).WriteJournalAsync(request.Date, request.Text);
        http.HttpContext.Audit(new Bio.Core.Audit.AuditDetail(Rows: written.Entry.Features.Count, Note: $"journal {written.Entry.Date:yyyy-MM-dd}"));
        return TypedResults.Ok(written);
    }

    public static async Task<IResult> WriteFeedbackAsync(string userId, HttpRequest http, IClusterClient cluster)
    {
        var (request, problem) = await JsonBody.ReadAsync<FeedbackRequest>(http, FeedbackExample);
        if (problem is not null)
        {
            return problem;
        }

        if (request is null)
        {
            return TypedResults.Problem(statusCode: 400, title: "Missing feedback", detail: $"Send {FeedbackExample}.");
        }

        var written = await cluster.GetGrain<IJournalGrain>(userId).WriteFeedbackAsync(request.Date, request.Energy, request.Mood, request.Exertion, request.Notes);
        http.HttpContext.Audit(new Bio.Core.Audit.AuditDetail(Rows: 1, Note: $"feedback {written.Feedback.Date:yyyy-MM-dd}"));
        return TypedResults.Ok(written);
    }

    public static async Task<Results<Ok<IReadOnlyList<DayFeedback>>, ProblemHttpResult>> ReadFeedbackAsync(
        string userId, IClusterClient cluster, DateOnly? from = null, DateOnly? to = null) =>
        from > to
            ? TypedResults.Problem(statusCode: 400, title: "Invalid range", detail: "'from' must not be after 'to'.")
            : TypedResults.Ok(await cluster.GetGrain<IJournalGrain>(userId).GetFeedbackAsync(from, to));

    public static async Task<Results<Ok<JournalEffectsReport>, ProblemHttpResult>> EffectsAsync(
        string userId, IClusterClient cluster, DateOnly? from = null, DateOnly? to = null) =>
        from > to
            ? TypedResults.Problem(statusCode: 400, title: "Invalid range", detail: "'from' must not be after 'to'.")
            : TypedResults.Ok(await cluster.GetGrain<IJournalGrain>(userId).GetJournalEffectsAsync(from, to));

    public static async Task<Results<Ok<IReadOnlyList<JournalEntry>>, ProblemHttpResult>> ReadAsync(
        string userId, IClusterClient cluster, DateOnly? from = null, DateOnly? to = null) =>
        from > to
            ? TypedResults.Problem(statusCode: 400, title: "Invalid range", detail: "'from' must not be after 'to'.")
            : TypedResults.Ok(await cluster.GetGrain<IJournalGrain>(userId).GetJournalAsync(from, to));
}

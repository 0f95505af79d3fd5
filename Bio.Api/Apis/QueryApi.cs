using Bio.Api.Auth;
using Bio.Core.Query;
using Bio.Core.Users;

namespace Bio.Api.Apis;

/// <summary>Read-only SQL over a person's own tables, and the schema it can use.</summary>
public static class QueryApi
{
    /// <summary>The body of <c>POST /query</c>.</summary>
    public sealed record QueryRequest(string? Sql);

    public static IEndpointRouteBuilder MapQueryApi(this IEndpointRouteBuilder app)
    {
        var user = app.MapGroup("/api/users/{userId}").WithTags("Query").RequireUserAccess();
        user.MapPost("/query", QueryAsync).WithName("Query")
            .WithSummary("Body {\"sql\": \"SELECT ...\"}: one read-only SELECT over your own silver and gold tables (DuckDB); {columns, rows, truncated}. At most 10,000 rows and 5 seconds.");
        user.MapGet("/schema", async (string userId, IClusterClient cluster) =>
                TypedResults.Ok(await cluster.GetGrain<IQueryGrain>(userId).GetSchemaAsync()))
            .WithName("Schema").WithSummary("The tables and columns your SQL can use.");
        return app;
    }

    public static async Task<IResult> QueryAsync(string userId, HttpRequest http, IClusterClient cluster)
    {
        var (request, problem) = await JsonBody.ReadAsync<QueryRequest>(http, "{\"sql\": \"SELECT ...\"}");
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(request?.Sql))
        {
            return TypedResults.Problem(statusCode: 400, title: "Missing query", detail: "Send {\"sql\": \"SELECT ...\"}.");
        }

        var result = await cluster.GetGrain<IQueryGrain>(userId).QueryAsync(request.Sql);
        using (var parsed = System.Text.Json.JsonDocument.Parse(result))
        {
            http.HttpContext.Audit(new Bio.Core.Audit.AuditDetail(Bio.Core.Audit.AuditStore.Sha256(request.Sql), parsed.RootElement.GetProperty("rows").GetArrayLength()));
        }

        return TypedResults.Content(result, "application/json");
    }
}

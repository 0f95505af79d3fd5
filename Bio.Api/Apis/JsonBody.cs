namespace Bio.Api.Apis;

/// <summary>
/// Reads a JSON body inside a handler rather than by binding, so that routing does not answer a wrong
/// content type (415) before the access gate has refused another user's key (403).
/// </summary>
public static class JsonBody
{
    /// <summary>The body, or a problem saying what to send (<paramref name="example"/>).</summary>
    public static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpRequest http, string example) where T : class
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!http.HasJsonContentType())
        {
            return (null, TypedResults.Problem(statusCode: 415, title: "JSON expected", detail: $"Send JSON: {example}."));
        }

        try
        {
            return (await http.ReadFromJsonAsync<T>(http.HttpContext.RequestAborted), null);
        }
        catch (System.Text.Json.JsonException)
        {
            return (null, TypedResults.Problem(statusCode: 400, title: "Invalid JSON", detail: $"The body is not valid JSON: send {example}."));
        }
    }
}

using System.Globalization;
using Bio.Web.Api;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Bio.Web;

/// <summary>
/// The dashboard's own endpoints behind the session cookie: they pass uploads, report pages, the
/// export and account changes on to Bio.Api with the signed-in person's key, never another's.
/// </summary>
public static class AppEndpoints
{
    public static IEndpointRouteBuilder MapAppEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/app").RequireAuthorization();
        group.MapPost("/imports", ImportAsync).DisableAntiforgery(); // checked below, from a header: the body streams on unread
        group.MapGet("/reports/{weekEnding}", ReportAsync);
        group.MapPost("/reports", GenerateReportAsync);
        group.MapGet("/export", ExportAsync);
        group.MapPost("/settings/profile", UpdateProfileAsync);
        group.MapPost("/settings/delete", DeleteAsync);
        group.MapGet("/connections/{provider}/connect", ConnectAsync);
        group.MapPost("/connections/{provider}/sync", SyncAsync);
        group.MapPost("/connections/{provider}/disconnect", DisconnectAsync);
        // The consent's return may come to the dashboard's address (Bio:Sync:CallbackBaseUrl set to it): relayed to Bio.Api.
        app.MapGet("/api/connections/{provider}/callback", CallbackAsync).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// The upload goes on to the API as it arrives (multipart, any size the API accepts), and the API's
    /// answer comes back as is: the ingest report, or a problem with its sentence.
    /// </summary>
    private static async Task ImportAsync(HttpContext http, CurrentUser me, IAntiforgery antiforgery)
    {
        // With the token in its header, antiforgery does not read the (possibly huge) form.
        if (!http.Request.Headers.ContainsKey(AntiforgeryHeader) || !await antiforgery.IsRequestValidAsync(http))
        {
            await Results.Problem(statusCode: 400, title: "Expired form", detail: "The page was open too long: reload it and upload again.").ExecuteAsync(http);
            return;
        }

        // The API enforces the upload limit (Ingest:MaxUploadBytes); the web does not cut it shorter.
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null;
        }

        using var response = await me.Api!.ForwardImportAsync(http.Request.Body, http.Request.ContentType, http.Request.ContentLength, http.RequestAborted);
        http.Response.StatusCode = (int)response.StatusCode;
        http.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/json";
        await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted);
    }

    /// <summary>ASP.NET's default antiforgery header, which the upload script sets.</summary>
    public const string AntiforgeryHeader = "RequestVerificationToken";

    private static async Task<IResult> ReportAsync(string weekEnding, CurrentUser me, HttpContext http, bool download = false)
    {
        if (!DateOnly.TryParseExact(weekEnding, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var week))
        {
            return Results.Problem(statusCode: 400, detail: $"'{weekEnding}' is not a date (yyyy-MM-dd).");
        }

        try
        {
            var html = await me.Api!.ReportHtmlAsync(week, http.RequestAborted);
            http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";
            if (download)
            {
                return Results.File(System.Text.Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", $"bio-report-{week:yyyy-MM-dd}.html");
            }

            return Results.Content(html, "text/html; charset=utf-8");
        }
        catch (ApiProblemException e)
        {
            return Results.Problem(statusCode: (int)e.Status, title: "No report", detail: e.Message);
        }
    }

    private static async Task<IResult> GenerateReportAsync([FromForm] string weekEnding, CurrentUser me, HttpContext http)
    {
        if (!DateOnly.TryParseExact(weekEnding, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var week))
        {
            return Results.Redirect("/reports?error=" + Uri.EscapeDataString($"'{weekEnding}' is not a date."));
        }

        try
        {
            await me.Api!.GenerateReportAsync(week, http.RequestAborted);
            return Results.Redirect($"/reports/{week:yyyy-MM-dd}");
        }
        catch (ApiProblemException e)
        {
            return Results.Redirect("/reports?error=" + Uri.EscapeDataString(e.Message));
        }
    }

    private static async Task ExportAsync(CurrentUser me, HttpContext http)
    {
        using var response = await me.Api!.ExportAsync(http.RequestAborted);
        http.Response.ContentType = "application/zip";
        http.Response.Headers.ContentDisposition = response.Content.Headers.ContentDisposition?.ToString() ?? "attachment; filename=\"bio-export.zip\"";
        await using var body = await response.Content.ReadAsStreamAsync(http.RequestAborted);
        await body.CopyToAsync(http.Response.Body, http.RequestAborted);
    }

    private static async Task<IResult> UpdateProfileAsync([FromForm] string? displayName, [FromForm] string? timeZone, CurrentUser me, HttpContext http)
    {
        try
        {
            var profile = await me.Api!.UpdateProfileAsync(string.IsNullOrWhiteSpace(displayName) ? null : displayName, string.IsNullOrWhiteSpace(timeZone) ? null : timeZone.Trim(), http.RequestAborted);
            // The name in the session cookie follows the profile.
            var identity = new System.Security.Claims.ClaimsIdentity(
                http.User.Claims.Where(c => c.Type != System.Security.Claims.ClaimTypes.Name).Append(new(System.Security.Claims.ClaimTypes.Name, profile.DisplayName)),
                CookieAuthenticationDefaults.AuthenticationScheme);
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new System.Security.Claims.ClaimsPrincipal(identity));
            return Results.Redirect("/settings?saved=1");
        }
        catch (ApiProblemException e)
        {
            return Results.Redirect("/settings?error=" + Uri.EscapeDataString(e.Message));
        }
    }

    /// <summary>Sends the browser to the provider's consent page (a link, so the redirect leaves the site under the page's form-action policy); it comes back through Bio.Api to Settings.</summary>
    private static async Task<IResult> ConnectAsync(string provider, CurrentUser me, HttpContext http)
    {
        try
        {
            return Results.Redirect(await me.Api!.ConnectAsync(provider, http.RequestAborted));
        }
        catch (ApiProblemException e)
        {
            return Results.Redirect("/settings?error=" + Uri.EscapeDataString(e.Message) + "#connections");
        }
    }

    private static async Task<IResult> CallbackAsync(string provider, BioApiClient api, HttpContext http)
    {
        using var response = await api.ConnectCallbackAsync(provider, http.Request.QueryString.Value ?? "", http.RequestAborted);
        if (response.Headers.Location is { } location)
        {
            return Results.Redirect(location.ToString());
        }

        return Results.Content(await response.Content.ReadAsStringAsync(http.RequestAborted), response.Content.Headers.ContentType?.ToString() ?? "application/json",
            statusCode: (int)response.StatusCode);
    }

    private static async Task<IResult> SyncAsync(string provider, [FromForm] string? action, CurrentUser me, HttpContext http)
    {
        _ = action;
        try
        {
            var outcome = await me.Api!.SyncAsync(provider, http.RequestAborted);
            return Results.Redirect(outcome.Error is { } error
                ? "/settings?error=" + Uri.EscapeDataString(error) + "#connections"
                : $"/settings?synced={Uri.EscapeDataString(provider)}&imported={outcome.Imports.Count(i => i.Status == Bio.Core.Ingest.ImportReport.Completed)}#connections");
        }
        catch (ApiProblemException e)
        {
            return Results.Redirect("/settings?error=" + Uri.EscapeDataString(e.Message) + "#connections");
        }
    }

    private static async Task<IResult> DisconnectAsync(string provider, [FromForm] string? action, CurrentUser me, HttpContext http)
    {
        _ = action;
        try
        {
            await me.Api!.DisconnectAsync(provider, http.RequestAborted);
            return Results.Redirect($"/settings?disconnected={Uri.EscapeDataString(provider)}#connections");
        }
        catch (ApiProblemException e)
        {
            return Results.Redirect("/settings?error=" + Uri.EscapeDataString(e.Message) + "#connections");
        }
    }

    private static async Task<IResult> DeleteAsync([FromForm] string? confirm, CurrentUser me, HttpContext http)
    {
        if (!string.Equals(confirm?.Trim(), $"delete {me.Id}", StringComparison.Ordinal))
        {
            return Results.Redirect("/settings?error=" + Uri.EscapeDataString($"To delete your data, type exactly: delete {me.Id}"));
        }

        await me.Api!.DeleteAccountAsync(http.RequestAborted);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.Redirect("/signin?deleted=1");
    }
}

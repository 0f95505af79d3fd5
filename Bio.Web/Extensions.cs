using Microsoft.Extensions.Http.Resilience;
using Bio.Web.Api;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bio.Web;

public static class Extensions
{
    public static IHostApplicationBuilder AddBioWeb(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddHttpContextAccessor();

        // The API is reached by its resource name through Aspire service discovery.
        var apiBase = builder.Configuration["Bio:ApiBaseUrl"]
            ?? throw new InvalidOperationException("Bio:ApiBaseUrl is not configured (see Bio.Web/appsettings.json).");
        // Uploads and the first forecast of a day can take a while; the API has its own limits.
        // The standard resilience defaults (10 s an attempt, 30 s in all, retries for any method) would cut
        // a large upload and retry a half-sent one: this client allows 10 minutes and never retries a POST.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it replaces the ServiceDefaults handler for this client only
        builder.Services.AddHttpClient<BioApiClient>(c => { c.BaseAddress = new Uri(apiBase); c.Timeout = TimeSpan.FromMinutes(10); })
            // Redirects are answers to pass on (a consent's return), not to follow.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(o =>
            {
                o.AttemptTimeout.Timeout = TimeSpan.FromMinutes(10);
                o.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(10);
                o.CircuitBreaker.SamplingDuration = TimeSpan.FromMinutes(20);
                o.Retry.DisableForUnsafeHttpMethods();
            });
#pragma warning restore EXTEXP0001
        builder.Services.AddKeyedSingleton(CurrentUser.Clock, TimeProvider.System);
        builder.Services.AddScoped<CurrentUser>();

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/signin";
                o.Cookie.Name = "bio.session";
                o.Cookie.HttpOnly = true;
                // Lax, not Strict: coming back from a device's consent page (a top-level GET from another
                // site) must find the person signed in; every POST carries an antiforgery token besides.
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromDays(7);
            });
        builder.Services.AddAuthorization();

        builder.Services.AddHealthChecks().AddCheck<ApiHealthCheck>("api", HealthStatus.Unhealthy, ["ready"]);
        return builder;
    }

    /// <summary>
    /// Every page loads only its own scripts, styles, images and frames (the chart library is served by this
    /// app), talks only to its own origin (the interactive pages' WebSocket included), and cannot be framed
    /// elsewhere. Inline styles stay allowed: the chart library positions its tooltips with them.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    public static WebApplication UseBioWeb(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            return next(context);
        });
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/not-found");
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        return app;
    }
}

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
        builder.Services.AddHttpClient<BioApiClient>(c => { c.BaseAddress = new Uri(apiBase); c.Timeout = TimeSpan.FromMinutes(10); });
        builder.Services.AddScoped<CurrentUser>();

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/signin";
                o.Cookie.Name = "bio.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromDays(7);
            });
        builder.Services.AddAuthorization();

        builder.Services.AddHealthChecks().AddCheck<ApiHealthCheck>("api", HealthStatus.Unhealthy, ["ready"]);
        return builder;
    }

    public static WebApplication UseBioWeb(this WebApplication app)
    {
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

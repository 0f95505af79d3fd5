using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Bio.Tests.Infrastructure;

/// <summary>Bio.Api in process with the given settings (a test cluster's, an admin key) and any further host configuration.</summary>
public sealed class ApiHost(IReadOnlyDictionary<string, string?> settings, Action<IWebHostBuilder>? configure = null)
    : WebApplicationFactory<Bio.Api.ApiExceptionHandler>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        configure?.Invoke(builder);
    }
}

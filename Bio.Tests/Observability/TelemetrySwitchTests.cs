using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace Bio.Tests.Observability;

/// <summary>The services build spans and measurements only when there is an OTLP endpoint to send them to.</summary>
public sealed class TelemetrySwitchTests
{
    private static IHost Build(string? endpoint)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        if (endpoint is not null)
        {
            builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint;
        }

        builder.ConfigureOpenTelemetry();
        return builder.Build();
    }

    [Fact]
    public void WithoutAnEndpointNothingListens()
    {
        using var host = Build(null);
        Assert.Null(host.Services.GetService<TracerProvider>());
    }

    [Fact]
    public void WithAnEndpointTracesAreMade()
    {
        using var host = Build("http://127.0.0.1:4317");
        Assert.NotNull(host.Services.GetService<TracerProvider>());
    }
}

using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bio.Web.Api;

internal sealed class ApiHealthCheck(BioApiClient api) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await api.IsAliveAsync(cancellationToken)
                ? HealthCheckResult.Healthy("Bio.Api answers.")
                : HealthCheckResult.Unhealthy("Bio.Api answered with an error.");
        }
        catch (HttpRequestException ex)
        {
            return HealthCheckResult.Unhealthy("Bio.Api is not reachable.", ex);
        }
    }
}

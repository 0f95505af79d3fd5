using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Bio.Api;

/// <summary>Declares the bearer API key in the OpenAPI document so the browsable UI can send it.</summary>
internal sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Bio API";
        document.Info.Description = "Personal biometrics: ingest wearable exports, read your HRV status, forecasts and insights.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A user's API key (returned once by POST /api/users) or the admin key.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
        return Task.CompletedTask;
    }
}

using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dashboard.Api;

/// <summary>Declares the <c>Bearer</c> scheme (a JWT, docs/protocol.md §2) in the OpenAPI document.</summary>
internal sealed class BearerSchemeTransformer : IOpenApiDocumentTransformer
{
    /// <summary>The scheme's key in <c>components.securitySchemes</c>.</summary>
    public const string SchemeId = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A token from `dotnet run -- token` or the identity provider, with the scope the endpoint needs (`dashboard:read` for reports).",
        };
        return Task.CompletedTask;
    }
}

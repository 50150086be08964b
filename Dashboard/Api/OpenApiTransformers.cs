using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dashboard.Api;

/// <summary>Declares the <c>Bearer</c> scheme (HS256 JWT, PROTOCOL.md §2) in the OpenAPI document.</summary>
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

/// <summary>
/// Per operation: the bearer requirement and 401/403 for endpoints that need authorization, and the integer type, range
/// and default of each <see cref="QueryRange"/> parameter (bound as a string, see <see cref="QueryRange"/>).
/// </summary>
internal sealed class ReportOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(BearerSchemeTransformer.SchemeId, context.Document)] = [],
            });
            operation.Responses ??= [];
            operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No valid credentials." });
            operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The token lacks the required scope." });
        }

        foreach (var range in metadata.OfType<QueryRange>())
        {
            if (operation.Parameters?.FirstOrDefault(p => p.Name == range.Name) is OpenApiParameter parameter)
            {
                parameter.Description = range.Rule + " Otherwise 400 problem+json naming the parameter.";
                parameter.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer,
                    Format = "int32",
                    Minimum = range.Min.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Maximum = range.Max.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Default = range.Default,
                };
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// Keeps <c>{"type":"string","format":"date-time"}</c> (with <c>null</c> for nullable ones) for timestamps, which the
/// generator would otherwise leave untyped because <see cref="Dashboard.Realtime.UtcTimestampConverters"/> writes them.
/// </summary>
internal sealed class UtcTimestampSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        var underlying = Nullable.GetUnderlyingType(type);
        if ((underlying ?? type) == typeof(DateTime) || (underlying ?? type) == typeof(DateTimeOffset))
        {
            schema.Type = underlying is null ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
            schema.Format = "date-time";
        }

        return Task.CompletedTask;
    }
}

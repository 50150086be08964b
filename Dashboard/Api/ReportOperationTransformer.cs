using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dashboard.Api;

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

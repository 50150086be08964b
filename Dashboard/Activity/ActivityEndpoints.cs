using Dashboard.Api;
using Dashboard.Auth;
using Dashboard.Catalogue;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using static Dashboard.Api.ApiExtensions;

namespace Dashboard.Activity;

/// <summary><c>GET /api/v1/activity</c>: the token's tenant's newest activity lines (docs/api.md, docs/activity.md).</summary>
internal static class ActivityEndpoints
{
    /// <summary><c>limit</c>: 1..200, default 50.</summary>
    internal static readonly QueryRange Limit = new("limit", 1, ActivityMessages.MaxItems, 50);

    /// <summary>What a bad <c>type</c> is told.</summary>
    internal static readonly string TypeRule =
        $"type must be an event type of docs/events.md (e.g. call.answered) or a domain: {string.Join(", ", ActivityDomains.All)}.";

    /// <summary>Maps the endpoint (scope <c>dashboard:read</c>).</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGroup(Prefix + "/activity").RequireAuthorization(Scopes.Policies.Read).WithTags("Reports")
            .MapGet("/", GetAsync)
            .WithName("GetActivity")
            .WithSummary("The newest activity lines: one per accepted event, newest first")
            .WithDescription(
                "At most `limit` lines of the token's tenant, newest first, as {items, count} (count = items listed); `type` keeps " +
                "one event type or one domain. The entries of topic activity; summaries and severities in docs/activity.md.")
            .WithMetadata(Limit)
            .Produces<ActivityList>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                if (operation.Parameters?.FirstOrDefault(p => p.Name == "type") is OpenApiParameter type)
                {
                    type.Description = TypeRule + " Absent: every line. Otherwise 400 problem+json naming the parameter.";
                    type.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Enum = [.. ActivityDomains.All.Concat(EventTypes.All.Order(StringComparer.Ordinal)).Select(s => (System.Text.Json.Nodes.JsonNode)s)],
                    };
                }

                return Task.CompletedTask;
            });
    }

    /// <summary>200 with <see cref="ActivityList"/>; 400 problem+json naming <c>limit</c> or <c>type</c> when either is bad.</summary>
    private static async Task<Results<Ok<ActivityList>, ValidationProblem>> GetAsync(
        [FromQuery] string? limit, [FromQuery] string? type, HttpContext context, ActivityReader reader, CancellationToken ct)
    {
        if (!Limit.TryParse(limit, out var n, out var problem))
        {
            return problem;
        }

        string? eventType = null, domain = null;
        if (type is not null)
        {
            if (ActivityDomains.All.Contains(type, StringComparer.Ordinal))
            {
                domain = type;
            }
            else if (EventTypes.All.Contains(type))
            {
                eventType = type;
            }
            else
            {
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["type"] = [TypeRule] },
                    detail: $"{TypeRule} Got '{(type.Length > 40 ? type[..40] + "…" : type)}'.",
                    title: "Invalid query parameter 'type'");
            }
        }

        return TypedResults.Ok(await reader.ReadAsync(Tenant(context), n, eventType, domain, ct));
    }
}

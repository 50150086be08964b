using Dashboard.Api;
using Dashboard.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using static Dashboard.Api.ApiExtensions;

namespace Dashboard.Chat;

/// <summary>
/// <c>GET /api/v1/chat</c>, <c>/chat/agents</c> and <c>/chat/sessions</c>: the chat and support figures computed on
/// request for the token's tenant, for clients that do not stream (docs/api.md; formulas in docs/metrics.md §6).
/// </summary>
internal static class ChatEndpoints
{
    /// <summary><c>limit</c> of <c>/chat/sessions</c>: 1..500, default 100.</summary>
    internal static readonly QueryRange Limit = new("limit", 1, 500, 100);

    /// <summary>The <c>state</c> of <c>/chat/sessions</c> when absent.</summary>
    internal const string DefaultState = "waiting";

    /// <summary>What a bad <c>state</c> is told.</summary>
    internal static readonly string StateRule =
        $"state must be one of {string.Join(", ", ChatSessionsReader.States)} (default {DefaultState}).";

    /// <summary>Maps the three endpoints (scope <c>dashboard:read</c>; the tenant is the token's).</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var chat = app.MapGroup(Prefix + "/chat").RequireAuthorization(Scopes.Policies.Read).WithTags("Reports");
        chat.MapGet("/", GetAsync)
            .WithName("GetChat")
            .WithSummary("Chat and support metrics since today 00:00 UTC")
            .WithDescription(
                "Sessions waiting and active now, the waiting queue (oldest first), longest and average wait, first response and " +
                "resolution times, per-agent figures, CSAT and message analytics of the token's tenant: the payload of chat_update " +
                "on topic chat. Formulas in docs/metrics.md §6.")
            .Produces<ChatUpdate>(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden);
        chat.MapGet("/agents", GetAgentsAsync)
            .WithName("GetChatAgents")
            .WithSummary("Per-agent chat figures since today 00:00 UTC")
            .WithDescription(
                "Every agent with an open session, or a session assigned, first answered or closed today, or a CSAT response today: " +
                "active sessions, sessions today, first response and resolution times, CSAT percent. The agents of chat_update.")
            .Produces<ChatAgentsReport>(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden);
        chat.MapGet("/sessions", GetSessionsAsync)
            .WithName("GetChatSessions")
            .WithSummary("Chat sessions in one state: waiting, active or closed today")
            .WithDescription(
                "At most `limit` sessions: waiting ones oldest first (with their live wait), active ones by newest assignment first, " +
                "or those closed today newest first; `total` is the true number in that state.")
            .WithMetadata(Limit)
            .Produces<ChatSessionsReport>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // Bound as a string and checked here, so the document states the allowed values itself.
                if (operation.Parameters?.FirstOrDefault(p => p.Name == "state") is OpenApiParameter state)
                {
                    state.Description = StateRule + " Otherwise 400 problem+json naming the parameter.";
                    state.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Enum = [.. ChatSessionsReader.States.Select(s => (System.Text.Json.Nodes.JsonNode)s)],
                        Default = DefaultState,
                    };
                }

                return Task.CompletedTask;
            });
    }

    /// <summary>200 with <see cref="ChatUpdate"/>; 401 without a valid token, 403 without <c>dashboard:read</c>.</summary>
    private static async Task<Ok<ChatUpdate>> GetAsync(HttpContext context, ChatMetricsCalculator calculator, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok((await calculator.ComputeAsync([Tenant(context)], time.GetUtcNow().UtcDateTime, ct))[0].Update);

    /// <summary>200 with <see cref="ChatAgentsReport"/>.</summary>
    private static async Task<Ok<ChatAgentsReport>> GetAgentsAsync(HttpContext context, ChatMetricsCalculator calculator, TimeProvider time, CancellationToken ct)
    {
        var update = (await calculator.ComputeAsync([Tenant(context)], time.GetUtcNow().UtcDateTime, ct))[0].Update;
        return TypedResults.Ok(new ChatAgentsReport(update.Agents, update.TimeZone, update.WindowStart, update.ComputedAt));
    }

    /// <summary>200 with <see cref="ChatSessionsReport"/>; 400 problem+json naming <c>state</c> or <c>limit</c> when either is bad.</summary>
    private static async Task<Results<Ok<ChatSessionsReport>, ValidationProblem>> GetSessionsAsync(
        [FromQuery] string? state, [FromQuery] string? limit, HttpContext context, ChatSessionsReader reader, TimeProvider time, CancellationToken ct)
    {
        state ??= DefaultState;
        if (!ChatSessionsReader.States.Contains(state, StringComparer.Ordinal))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["state"] = [StateRule] },
                detail: $"{StateRule} Got '{(state.Length > 20 ? state[..20] + "…" : state)}'.",
                title: "Invalid query parameter 'state'");
        }

        if (!Limit.TryParse(limit, out var n, out var problem))
        {
            return problem;
        }

        return TypedResults.Ok(await reader.ReadAsync(Tenant(context), state, n, time.GetUtcNow().UtcDateTime, ct));
    }
}

using Dashboard.Alerts.Rules;
using Dashboard.Alerts.State;
using Dashboard.Api;
using Dashboard.Auth;
using Dashboard.Notifications;
using Dashboard.Realtime.Backplane;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using static Dashboard.Api.ApiExtensions;

namespace Dashboard.Alerts.Evaluation;

/// <summary>
/// <c>GET /api/v1/alerts</c>, <c>GET /api/v1/alerts/history</c> and <c>POST /api/v1/alerts/{id}/ack</c> (scope
/// <c>dashboard:read</c>; docs/alert-states.md, "REST").
/// </summary>
internal static partial class AlertEndpoints
{
    /// <summary><c>hours</c>: 1..168, default 24.</summary>
    internal static readonly QueryRange Hours = new("hours", 1, 168, 24);

    /// <summary>What a bad <c>ruleId</c> is told (the rule id's own bound, docs/alerts.md).</summary>
    internal const string RuleIdRule = "ruleId must be " + AlertRuleValidator.IdRule + ".";

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix + "/alerts").RequireAuthorization(Scopes.Policies.Read).WithTags("Alerts");
        group.MapGet("/", ListAsync)
            .WithName("GetAlerts")
            .WithSummary("The tenant's alert rules and the current state of every (rule, label set)")
            .WithDescription("{rules, alerts, computedAt}: alerts are the instances of docs/alert-states.md (state per severity, notified level, acknowledgement).")
            .Produces<AlertsList>(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden);
        group.MapGet("/history", HistoryAsync)
            .WithName("GetAlertHistory")
            .WithSummary("State changes of the tenant's alert instances in the last hours, newest first")
            .WithDescription("At most 1,000 transitions of the last `hours` (1..168, default 24), optionally of one rule (`ruleId`). 400 problem+json naming a bad parameter.")
            .WithMetadata(Hours)
            .Produces<AlertHistory>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden);
        group.MapPost("/{id:long}/ack", AcknowledgeAsync)
            .WithName("AcknowledgeAlert")
            .WithSummary("Acknowledges an alert instance: who (the token's sub) and when, shown to everyone live")
            .WithDescription(
                "200 with the instance (acknowledgedBy, acknowledgedAt); an already acknowledged instance answers as it is (the first " +
                "acknowledgement stands). 409 when its level is none (nothing to acknowledge), 404 when the tenant has no such instance. " +
                "400 problem+json naming `sub` when the token's sub is over 256 UTF-8 bytes (an empty sub acknowledges as \"unknown\"). " +
                "An acknowledgement holds for the level it was made at: an acknowledged instance still changes state but sends no " +
                "notification, except an escalation to critical, which clears the acknowledgement and notifies; resolving clears it too.")
            .Produces<AlertInstanceView>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden);
    }

    private static async Task<Ok<AlertsList>> ListAsync(HttpContext context, AlertQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.ListAsync(Tenant(context), ct));

    /// <summary>200 with <see cref="AlertHistory"/>; 400 problem+json naming <c>hours</c> or <c>ruleId</c>.</summary>
    private static async Task<Results<Ok<AlertHistory>, ValidationProblem>> HistoryAsync(
        [FromQuery] string? hours, [FromQuery] string? ruleId, HttpContext context, AlertQueries queries, CancellationToken ct)
    {
        if (!Hours.TryParse(hours, out var h, out var problem))
        {
            return problem;
        }

        if (ruleId is not null && !AlertRuleValidator.IsValidId(ruleId))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["ruleId"] = [RuleIdRule] },
                detail: $"{RuleIdRule} Got '{(ruleId.Length > 70 ? ruleId[..70] + "…" : ruleId)}'.",
                title: "Invalid query parameter 'ruleId'");
        }

        return TypedResults.Ok(await queries.HistoryAsync(Tenant(context), h, ruleId, ct));
    }

    /// <summary>200 with the instance; 404 / 409 problem+json; 400 naming <c>sub</c> for a token sub over the bound.</summary>
    private static async Task<Results<Ok<AlertInstanceView>, ValidationProblem, ProblemHttpResult>> AcknowledgeAsync(
        long id, HttpContext context, AlertQueries queries, RealtimePublisher publisher, ILogger<AlertQueries> logger, CancellationToken ct)
    {
        var principal = TokenPrincipal.FromClaims(context.User)!;
        // acknowledgedBy is shown to everyone: the same bound as read marks (docs/alert-states.md, "REST"); a token without
        // sub acknowledges as "unknown", as a silence does.
        if (NotificationEndpoints.RecordedSubject(principal) is not { } by)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["sub"] = [AckSubjectRule] },
                detail: AckSubjectRule + " This token's sub is longer.",
                title: "Token sub too long to acknowledge");
        }

        var (outcome, instance) = await queries.AcknowledgeAsync(principal.Tenant, id, by, ct);
        switch (outcome)
        {
            case AckOutcome.NotFound:
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown alert", detail: $"The tenant has no alert instance {id}.");
            case AckOutcome.NothingToAcknowledge:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Nothing to acknowledge",
                    detail: $"Alert instance {id} is not firing or recovering (level none): there is nothing to acknowledge.");
            case AckOutcome.Acknowledged:
                // After the commit, to every subscriber of the tenant's notifications topic on every node.
                try
                {
                    await publisher.PublishAsync(principal.Tenant, AlertEvaluator.Topic, NotificationMessages.AlertStateType, instance!, isSnapshot: false, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The acknowledgement is stored: clients see it at their next read of GET /api/v1/alerts.
                    LogAckNotPublished(logger, ex, principal.Tenant, id);
                }

                break;
        }

        return TypedResults.Ok(instance!);
    }

    private static readonly string AckSubjectRule =
        $"an acknowledgement records the token's sub, which must be at most {NotificationEndpoints.MaxSubjectBytes} UTF-8 bytes.";

    [LoggerMessage(Level = LogLevel.Warning, Message = "The acknowledgement of alert {AlertId} of tenant {Tenant} is stored but its alert_state message was not published")]
    private static partial void LogAckNotPublished(ILogger logger, Exception ex, string tenant, long alertId);
}

using System.Globalization;
using Dashboard.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using static Dashboard.Api.ApiExtensions;

namespace Dashboard.Notifications;

/// <summary>
/// <c>/api/v1/notifications</c>: the token's tenant's notifications with the caller's read marks, and marking them read
/// (docs/api.md, docs/notifications.md). Scope <c>dashboard:read</c>; the user is the token's <c>sub</c>.
/// </summary>
internal static class NotificationEndpoints
{
    /// <summary><c>limit</c>: 1..100, default 100.</summary>
    internal static readonly Api.QueryRange Limit = new("limit", 1, NotificationMessages.MaxItems, NotificationMessages.MaxItems);

    /// <summary>What a bad <c>unread</c> is told.</summary>
    internal const string UnreadRule = "unread must be true or false (absent: false, every notification).";

    /// <summary>What a bad notification id is told.</summary>
    internal const string IdRule = "id must be a notification id: a positive integer.";

    /// <summary>What a bad <c>upToId</c> of read-all is told.</summary>
    internal const string UpToIdRule = "upToId must be a notification id: a positive integer (absent: no bound).";

    /// <summary>The longest token <c>sub</c> read marks are kept for, in UTF-8 bytes (it is part of their key).</summary>
    internal const int MaxSubjectBytes = 256;

    /// <summary>True when <paramref name="subject"/>, a token's <c>sub</c>, is at most <see cref="MaxSubjectBytes"/> UTF-8 bytes.</summary>
    internal static bool SubjectFits(string subject) => System.Text.Encoding.UTF8.GetByteCount(subject) <= MaxSubjectBytes;

    /// <summary>
    /// Who a token's holder is recorded as when an action is shown to everyone (an alert's <c>acknowledgedBy</c>, a rule's
    /// <c>silencedBy</c>): the <c>sub</c>, or <c>"unknown"</c> for a token without one; null when the <c>sub</c> is over
    /// <see cref="MaxSubjectBytes"/> (the caller answers <c>400</c> naming <c>sub</c>).
    /// </summary>
    internal static string? RecordedSubject(TokenPrincipal principal) =>
        !SubjectFits(principal.Subject) ? null : principal.Subject.Length > 0 ? principal.Subject : "unknown";

    /// <summary>What a token with a longer <c>sub</c> is told.</summary>
    internal static readonly string SubjectRule = $"read marks are kept per token sub of at most {MaxSubjectBytes} UTF-8 bytes.";

    /// <summary>Maps the endpoints (scope <c>dashboard:read</c>).</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix + "/notifications").RequireAuthorization(Scopes.Policies.Read).WithTags("Notifications");
        group.MapGet("/", GetAsync)
            .WithName("GetNotifications")
            .WithSummary("The newest notifications, newest first, with the caller's read marks")
            .WithDescription(
                "At most `limit` (1..100, default 100) of the token's tenant's notifications, newest first, as {items, count, " +
                "unreadCount}; `unread=true` keeps those among the newest 100 the caller (token `sub`) has not marked read. " +
                "`unreadCount` counts the unread among the newest 100 whatever the filter. The items of topic notifications " +
                "(docs/notifications.md) with `read` set for the caller. 400 problem+json naming a bad parameter.")
            .WithMetadata(Limit)
            .Produces<NotificationPage>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                if (operation.Parameters?.FirstOrDefault(p => p.Name == "unread") is OpenApiParameter parameter)
                {
                    parameter.Description = UnreadRule + " true: only the unread among the newest 100. Otherwise 400 problem+json naming the parameter.";
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["true", "false"] };
                }

                return Task.CompletedTask;
            });
        group.MapPost("/{id}/read", MarkAsync)
            .WithName("MarkNotificationRead")
            .WithSummary("Marks one notification read for the caller")
            .WithDescription(
                "Marks notification `id` read for the token's `sub` (other users keep their own marks); idempotent: 204 again " +
                "for one already read. 404 problem+json when the tenant has no such notification; 400 when `id` is not a positive integer.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden);
        group.MapPost("/read-all", MarkAllAsync)
            .WithName("MarkAllNotificationsRead")
            .WithSummary("Marks the newest 100 notifications read for the caller")
            .WithDescription(
                "Marks the tenant's newest 100 notifications read for the token's `sub` — with `upToId`, only those among them " +
                "with id ≤ upToId (a client sends the newest id it shows, so one that arrived unseen stays unread); `marked` = " +
                "how many were unread. 400 problem+json naming `upToId` when it is not a positive integer.")
            .Produces<NotificationsMarked>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden);
    }

    /// <summary>200 with <see cref="NotificationPage"/>; 400 problem+json naming <c>limit</c> or <c>unread</c> when either is bad.</summary>
    private static async Task<Results<Ok<NotificationPage>, ValidationProblem>> GetAsync(
        [FromQuery] string? unread, [FromQuery] string? limit, HttpContext context, NotificationReader reader, CancellationToken ct)
    {
        if (!Limit.TryParse(limit, out var n, out var problem))
        {
            return problem;
        }

        bool unreadOnly;
        switch (unread)
        {
            case null or "false":
                unreadOnly = false;
                break;
            case "true":
                unreadOnly = true;
                break;
            default:
                return Invalid("query parameter", "unread", UnreadRule, unread);
        }

        if (Caller(context) is not { } caller)
        {
            return SubjectTooLong();
        }

        return TypedResults.Ok(await reader.ReadAsync(caller.Tenant, caller.Subject, unreadOnly, n, ct));
    }

    /// <summary>204; 404 problem+json for an id the tenant does not have; 400 naming <c>id</c> for one that is not an id.</summary>
    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> MarkAsync(
        string id, HttpContext context, NotificationReadMarks marks, CancellationToken ct)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number <= 0)
        {
            return Invalid("route parameter", "id", IdRule, id);
        }

        if (Caller(context) is not { } caller)
        {
            return SubjectTooLong();
        }

        return await marks.MarkAsync(caller.Tenant, caller.Subject, number, ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Unknown notification",
                detail: $"The tenant has no notification {number} (removed after Retention:Days, or never stored).");
    }

    /// <summary>200 with <see cref="NotificationsMarked"/>; 400 naming <c>upToId</c> when it is not a positive integer.</summary>
    private static async Task<Results<Ok<NotificationsMarked>, ValidationProblem>> MarkAllAsync(
        [FromQuery] string? upToId, HttpContext context, NotificationReadMarks marks, CancellationToken ct)
    {
        long? bound = null;
        if (upToId is not null)
        {
            if (!long.TryParse(upToId, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number <= 0)
            {
                return Invalid("query parameter", "upToId", UpToIdRule, upToId);
            }

            bound = number;
        }

        if (Caller(context) is not { } caller)
        {
            return SubjectTooLong();
        }

        return TypedResults.Ok(new NotificationsMarked(await marks.MarkAllAsync(caller.Tenant, caller.Subject, bound, ct)));
    }

    // Endpoints behind the read policy always have a principal; a token without sub reads as the empty subject (every
    // such token of the tenant shares its marks). Null for a sub too long to key marks by.
    private static (string Tenant, string Subject)? Caller(HttpContext context)
    {
        var principal = TokenPrincipal.FromClaims(context.User)!;
        return SubjectFits(principal.Subject) ? (principal.Tenant, principal.Subject) : null;
    }

    private static ValidationProblem SubjectTooLong() =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { ["sub"] = [SubjectRule] },
            detail: SubjectRule + " This token's sub is longer.",
            title: "Token sub too long for read marks");

    private static ValidationProblem Invalid(string kind, string parameter, string rule, string got) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [parameter] = [rule] },
            detail: $"{rule} Got '{(got.Length > 20 ? got[..20] + "…" : got)}'.",
            title: $"Invalid {kind} '{parameter}'");
}

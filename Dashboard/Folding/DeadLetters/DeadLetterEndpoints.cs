using Dashboard.Api;
using Dashboard.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Folding.DeadLetters;

/// <summary>
/// <c>/api/v1/dead-letters</c> (scope <c>admin</c>, the token's tenant only): list the events the fold set aside, retry
/// one now, or discard it (docs/dead-letters.md, docs/api.md).
/// </summary>
internal static class DeadLetterEndpoints
{
    // limit: entries listed, 1..500, default 100; parsed like every report's parameter (problem+json naming it).
    private static readonly QueryRange Limit = new("limit", 1, 500, 100);

    /// <summary>Maps <c>GET /api/v1/dead-letters</c>, <c>POST /api/v1/dead-letters/{id}/retry</c> and <c>DELETE /api/v1/dead-letters/{id}</c>.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/dead-letters").RequireAuthorization(Scopes.Policies.Admin).WithTags("Dead letters");
        group.MapGet("/", List)
            .WithName("GetDeadLetters")
            .WithSummary("Events the fold set aside (scope admin)")
            .WithDescription("The tenant's dead letters, newest first (`limit` 1–500, default 100), with the counts by state: `retrying` (retried automatically with back-off) and `quarantined` (after `DeadLetters:MaxAttempts` failures; waits for retry or discard).")
            .WithMetadata(Limit)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/{id:long}/retry", Retry)
            .WithName("RetryDeadLetter")
            .WithSummary("Retry a dead letter now (scope admin)")
            .WithDescription("Makes the entry due at once with a fresh set of `DeadLetters:MaxAttempts` attempts; the next tick folds it (the entry disappears) or records the failure again. 404 when the tenant has no such entry.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapDelete("/{id:long}", Discard)
            .WithName("DiscardDeadLetter")
            .WithSummary("Discard a dead letter (scope admin)")
            .WithDescription("Deletes the entry: the event stays stored (and is still a duplicate if resent) but is never folded into the metrics. 404 when the tenant has no such entry.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Results<Ok<DeadLetterList>, ValidationProblem>> List(
        HttpContext context, DeadLetterStore store, string? limit, CancellationToken ct)
    {
        if (!Limit.TryParse(limit, out var n, out var problem))
        {
            return problem;
        }

        var (entries, counts) = await store.ListAsync(Tenant(context), n, ct);
        return TypedResults.Ok(new DeadLetterList(counts, entries));
    }

    private static async Task<Results<Accepted<DeadLetterRetried>, ProblemHttpResult>> Retry(
        long id, HttpContext context, DeadLetterStore store, DeadLetterMonitor monitor, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (!await store.RetryAsync(Tenant(context), id, now, ct))
        {
            return NotFound(id);
        }

        // This node's tick retries it next; another node's sees it with its next count (within 5 s).
        monitor.Invalidate();
        return TypedResults.Accepted("/api/v1/dead-letters", new DeadLetterRetried(id, "retrying", now));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Discard(long id, HttpContext context, DeadLetterStore store, CancellationToken ct) =>
        await store.DiscardAsync(Tenant(context), id, ct) ? TypedResults.NoContent() : NotFound(id);

    private static ProblemHttpResult NotFound(long id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Unknown dead letter", detail: $"This tenant has no dead letter {id}.");

    // The group's policy requires a token principal.
    private static string Tenant(HttpContext context) => TokenPrincipal.FromClaims(context.User)!.Tenant;
}

/// <summary>The body of <c>GET /api/v1/dead-letters</c>.</summary>
/// <param name="Counts">The tenant's entries by state.</param>
/// <param name="Entries">Newest first, at most <c>limit</c>.</param>
public sealed record DeadLetterList(DeadLetterCounts Counts, IReadOnlyList<DeadLetterEntry> Entries);

/// <summary>The body of <c>POST /api/v1/dead-letters/{id}/retry</c>.</summary>
/// <param name="Id">The entry.</param>
/// <param name="State">Now <c>retrying</c>.</param>
/// <param name="NextAttemptAt">Due from (UTC): the next tick retries it.</param>
public sealed record DeadLetterRetried(long Id, string State, DateTime NextAttemptAt);

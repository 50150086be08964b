using Dashboard.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Jobs;

/// <summary>
/// <c>/api/v1/jobs</c>: the recurring jobs with their history (scope <c>dashboard:read</c>) and pause / resume / trigger
/// now (scope <c>admin</c>). Jobs are the cluster's, not a tenant's. Reference: docs/api.md.
/// </summary>
internal static class JobsEndpoints
{
    private const string NameRoute = "/{name}";

    /// <summary>Maps <c>GET /api/v1/jobs</c>, <c>GET /api/v1/jobs/{name}</c> and <c>POST /api/v1/jobs/{name}/pause|resume|trigger</c>.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1/jobs").RequireAuthorization(Scopes.Policies.Read).WithTags("Jobs");
        read.MapGet("/", GetJobs)
            .WithName("GetJobs")
            .WithSummary("Every recurring job")
            .WithDescription("Schedule, state (normal, paused, blocked = running now, error), last run (fire time, duration, outcome, node), next run, run and failure counts, read from Quartz and its cluster-wide execution history.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        read.MapGet(NameRoute, GetJob)
            .WithName("GetJob")
            .WithSummary("One recurring job with its history")
            .WithDescription("The job as in the list, its last runs (at most `Jobs:HistoryRunsPerJob`, newest first) and its failed runs with their error message; 404 when there is no such job.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        var admin = app.MapGroup("/api/v1/jobs").RequireAuthorization(Scopes.Policies.Admin).WithTags("Jobs");
        admin.MapPost(NameRoute + "/pause", Pause)
            .WithName("PauseJob")
            .WithSummary("Pause a job's schedule (scope admin)")
            .WithDescription("No firing starts on any node until it is resumed; a run in progress finishes. 409 when already paused.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost(NameRoute + "/resume", Resume)
            .WithName("ResumeJob")
            .WithSummary("Resume a paused job (scope admin)")
            .WithDescription("The schedule carries on from now: firings missed while paused are skipped, not caught up. 409 when the job is not paused.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost(NameRoute + "/trigger", Trigger)
            .WithName("TriggerJob")
            .WithSummary("Run a job once now (scope admin)")
            .WithDescription("Queues one firing that exactly one node of the cluster runs, beside the schedule (also while paused). 202: the run shows in the job's history once it finished.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<JobsReport>, ProblemHttpResult>> GetJobs(JobsReader reader, CancellationToken ct) =>
        await reader.ReadAllAsync(ct) is { } report ? TypedResults.Ok(report) : NoScheduler();

    private static async Task<Results<Ok<JobDetail>, ProblemHttpResult>> GetJob(string name, JobsReader reader, CancellationToken ct)
    {
        if (await reader.SchedulerAsync(ct) is null)
        {
            return NoScheduler();
        }

        return await reader.ReadAsync(name, ct) is { } detail ? TypedResults.Ok(detail) : UnknownJob(name);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Pause(string name, HttpContext context, JobsControl control, CancellationToken ct) =>
        Answer(await control.PauseAsync(name, User(context), ct), name, "The job is already paused.");

    private static async Task<Results<NoContent, ProblemHttpResult>> Resume(string name, HttpContext context, JobsControl control, CancellationToken ct) =>
        Answer(await control.ResumeAsync(name, User(context), ct), name, "The job is not paused.");

    private static async Task<Results<Accepted<JobTriggered>, ProblemHttpResult>> Trigger(
        string name, HttpContext context, JobsControl control, TimeProvider time, CancellationToken ct)
    {
        var result = await control.TriggerAsync(name, User(context), ct);
        return result == JobActionResult.Done
            ? TypedResults.Accepted($"/api/v1/jobs/{Uri.EscapeDataString(name)}", new JobTriggered(name, time.GetUtcNow()))
            : Problem(result, name, "");
    }

    private static Results<NoContent, ProblemHttpResult> Answer(JobActionResult result, string name, string conflict) =>
        result == JobActionResult.Done ? TypedResults.NoContent() : Problem(result, name, conflict);

    private static ProblemHttpResult Problem(JobActionResult result, string name, string conflict) => result switch
    {
        JobActionResult.UnknownJob => UnknownJob(name),
        JobActionResult.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Job state conflict", detail: conflict),
        _ => NoScheduler(),
    };

    private static ProblemHttpResult UnknownJob(string name) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Unknown job",
        detail: $"There is no recurring job '{(name.Length > 100 ? name[..100] : name)}'.");

    private static ProblemHttpResult NoScheduler() => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Scheduler not running",
        detail: "The job scheduler is not running on this node (starting or stopping); try again shortly.");

    // The group's policy requires a token principal.
    private static string User(HttpContext context) => TokenPrincipal.FromClaims(context.User)?.Subject ?? "unknown";
}

/// <summary>The answer of <c>POST /api/v1/jobs/{name}/trigger</c>.</summary>
/// <param name="Name">The job.</param>
/// <param name="RequestedAt">When the run was asked for (UTC); the run fires at or after it.</param>
public sealed record JobTriggered(string Name, DateTimeOffset RequestedAt);

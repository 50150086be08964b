namespace Dashboard.Jobs;

/// <summary>One recurring job: what it is, when it runs, how it last went.</summary>
/// <param name="Name">The job's name (the <c>{name}</c> of the routes, the <c>job</c> label of the metrics).</param>
/// <param name="Group">Its Quartz job group.</param>
/// <param name="Description">What it does.</param>
/// <param name="Schedule">When it fires.</param>
/// <param name="State"><c>normal</c> (waiting for its next run), <c>running</c> (a firing runs now, on some node), <c>paused</c>, <c>blocked</c> (another firing of the job runs, and it never runs twice at once), <c>error</c> (Quartz could not run it), <c>complete</c> or <c>none</c>.</param>
/// <param name="Pause">Who paused it and when, while it is paused and the pause was recorded.</param>
/// <param name="LastRun">The latest-fired recorded run, or null before the first.</param>
/// <param name="NextRunAt">When it fires next (UTC), or null while paused or finished.</param>
/// <param name="RunCount">Runs recorded since the history started.</param>
/// <param name="FailureCount">Failed runs recorded since the history started.</param>
/// <param name="ConsecutiveFailures">Failed runs in a row up to the latest.</param>
/// <param name="LastFailure">The latest failure with its error, or null when none is recorded.</param>
public sealed record JobSummary(
    string Name,
    string Group,
    string? Description,
    JobSchedule Schedule,
    string State,
    JobPause? Pause,
    JobRun? LastRun,
    DateTimeOffset? NextRunAt,
    long RunCount,
    long FailureCount,
    int ConsecutiveFailures,
    JobFailure? LastFailure);

/// <summary>When a job fires.</summary>
/// <param name="Kind"><c>interval</c> or <c>cron</c>.</param>
/// <param name="IntervalSeconds">The interval, for <c>interval</c>.</param>
/// <param name="Cron">The cron expression, for <c>cron</c>.</param>
/// <param name="Text">The schedule in words, e.g. "every 5 s".</param>
public sealed record JobSchedule(string Kind, double? IntervalSeconds, string? Cron, string Text);

/// <summary>A recorded pause.</summary>
/// <param name="By">Who paused it (the token's subject).</param>
/// <param name="At">When (UTC).</param>
/// <param name="Reason">Why, when given.</param>
public sealed record JobPause(string? By, DateTimeOffset At, string? Reason);

/// <summary>A job's latest failure.</summary>
/// <param name="At">When the failed run fired (UTC).</param>
/// <param name="Message">Its error message.</param>
public sealed record JobFailure(DateTimeOffset At, string? Message);

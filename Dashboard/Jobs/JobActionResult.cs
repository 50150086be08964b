namespace Dashboard.Jobs;

/// <summary>What an admin action on a job came to.</summary>
internal enum JobActionResult
{
    /// <summary>Done.</summary>
    Done,

    /// <summary>No job of that name.</summary>
    UnknownJob,

    /// <summary>The job is not in the state the action starts from (pause of a paused job, resume of a running one).</summary>
    Conflict,

    /// <summary>The scheduler is not running on this node (starting or stopping).</summary>
    NoScheduler,
}

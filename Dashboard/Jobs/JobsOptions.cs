namespace Dashboard.Jobs;

/// <summary>Recurring-job settings (configuration section <c>Jobs</c>).</summary>
public sealed class JobsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Jobs";

    /// <summary>
    /// Quartz scheduler name (<c>Jobs:SchedulerName</c>, default <c>Dashboard</c>). Every node of one cluster uses the same
    /// name; it must be unique within a process, because Quartz's scheduler registry is process-wide (the test host sets
    /// one per app). At most 120 characters (the <c>sched_name</c> column of Quartz's tables).
    /// </summary>
    public string SchedulerName { get; set; } = "Dashboard";

    /// <summary>Interval of the campaign metrics job, in seconds (<c>Jobs:FastIntervalSeconds</c>, 1..3600, default 1).</summary>
    public int FastIntervalSeconds { get; set; } = 1;

    /// <summary>Interval of the system health job, in seconds (<c>Jobs:SystemIntervalSeconds</c>, 1..3600, default 5).</summary>
    public int SystemIntervalSeconds { get; set; } = 5;

    /// <summary>
    /// Interval of the call statistics job (windowed call metrics, calls per hour, agent performance), in seconds
    /// (<c>Jobs:StatsIntervalSeconds</c>, 1..3600, default 10).
    /// </summary>
    public int StatsIntervalSeconds { get; set; } = 10;

    /// <summary>Interval of the roll-up job, in seconds (<c>Jobs:RollupIntervalSeconds</c>, 1..86400, default 300).</summary>
    public int RollupIntervalSeconds { get; set; } = 300;

    /// <summary>Interval of the retention job, in seconds (<c>Jobs:RetentionIntervalSeconds</c>, 1..86400, default 3600).</summary>
    public int RetentionIntervalSeconds { get; set; } = 3600;

    /// <summary>
    /// Runs kept per job in Quartz's execution history, failures not counted (<c>Jobs:HistoryRunsPerJob</c>, 10..10000,
    /// default 100): the duration history the Jobs page and <c>/api/v1/jobs/{name}</c> show.
    /// </summary>
    public int HistoryRunsPerJob { get; set; } = 100;

    /// <summary>
    /// How often each node records in the Quartz store that it is alive, in milliseconds
    /// (<c>Jobs:ClusterCheckinIntervalMilliseconds</c>, 200..60000, default 1000). Shorter finds a dead node sooner at the
    /// cost of one small locked write per node per interval; see docs/jobs.md for the failover bound it enters.
    /// </summary>
    public int ClusterCheckinIntervalMilliseconds { get; set; } = 1000;

    /// <summary>
    /// How long past a missed check-in the other nodes wait before they declare a node dead and take over its triggers,
    /// in milliseconds (<c>Jobs:ClusterCheckinMisfireThresholdMilliseconds</c>, 500..600000, default 3000). Must exceed
    /// the worst pause of a live node (garbage collection, a database blip), or a live node's triggers are taken from it.
    /// </summary>
    public int ClusterCheckinMisfireThresholdMilliseconds { get; set; } = 3000;

    /// <summary>
    /// How late a firing may start before it counts as missed and is skipped (the trigger moves on to its next scheduled
    /// time), in milliseconds (<c>Jobs:MisfireThresholdMilliseconds</c>, 50..60000, default 500, at most half of
    /// <c>Jobs:FastIntervalSeconds</c>). Also how often each node looks for missed firings. Because a firing later than
    /// this is skipped, two firings of the tick are never closer than the tick's interval less this threshold.
    /// </summary>
    public int MisfireThresholdMilliseconds { get; set; } = 500;

    /// <summary>
    /// The longest time after a node dies before a recurring job whose trigger it held fires again on a survivor:
    /// 3 × <see cref="ClusterCheckinIntervalMilliseconds"/> + <see cref="ClusterCheckinMisfireThresholdMilliseconds"/> +
    /// <see cref="MisfireThresholdMilliseconds"/> + the job's interval (7.5 s for the 1 s tick with the defaults; the
    /// derivation is in docs/jobs.md).
    /// </summary>
    /// <param name="jobInterval">The job's interval.</param>
    public TimeSpan FailoverBound(TimeSpan jobInterval) =>
        TimeSpan.FromMilliseconds((3L * ClusterCheckinIntervalMilliseconds) + ClusterCheckinMisfireThresholdMilliseconds + MisfireThresholdMilliseconds)
        + jobInterval;
}

namespace Dashboard.SystemHealth;

/// <summary>One recurring job on this node.</summary>
/// <param name="Job">The job's name (the <c>job</c> label).</param>
/// <param name="LagSeconds">Mean lag (fired − scheduled) of its firings since the previous sample, or of the last sample that had any; null before the first.</param>
/// <param name="MeanLagSeconds">Mean lag over every firing since the process started.</param>
/// <param name="Runs">Runs on this node since the process started.</param>
/// <param name="Failures">Failed runs among them.</param>
/// <param name="MeanDurationSeconds">Mean run time; null before the first run.</param>
public sealed record JobHealth(string Job, double? LagSeconds, double? MeanLagSeconds, long Runs, long Failures, double? MeanDurationSeconds);

namespace Dashboard.Benchmarks.Shared;

/// <summary>Where a command shows in the usage text and whether <c>all</c> runs it.</summary>
internal enum ScenarioKind
{
    /// <summary>A scenario <c>all</c> runs, in the table's order.</summary>
    InAll,

    /// <summary>A scenario run only on its own (long, or comparing builds).</summary>
    OnItsOwn,

    /// <summary>A hidden command a scenario starts as its own child process; not in the usage text.</summary>
    ChildProcess,
}

/// <summary>
/// One row of the dispatcher's table (<see cref="BenchmarkProgram"/>): a command name, its options with their
/// defaults, and the entry point of the scenario folder that runs it. Every entry point has this one signature: the
/// parsed command line in, the process exit code out (0 done, 2 usage).
/// </summary>
internal sealed record Scenario(string Name, string Options, Func<CommandLine, Task<int>> RunAsync, ScenarioKind Kind = ScenarioKind.InAll)
{
    /// <summary>The command's line of the usage text.</summary>
    public string Usage => $"{Name} {Options}";
}

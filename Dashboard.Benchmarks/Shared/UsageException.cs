namespace Dashboard.Benchmarks.Shared;

/// <summary>
/// A command line the benchmark program cannot run: an option's value that does not parse or is out of range. The
/// dispatcher (<see cref="BenchmarkProgram"/>) prints <see cref="Exception.Message"/> and the command's usage, and exits 2.
/// </summary>
internal sealed class UsageException(string message) : Exception(message);

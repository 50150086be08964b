namespace Dashboard.Benchmarks.Soak;

/// <summary>The soak run's samples and what happened to the clients.</summary>
internal sealed record SoakResult(SoakOptions Options, IReadOnlyList<SoakSample> Samples, long Reconnects, IReadOnlyDictionary<string, int> CloseReasons, IReadOnlyDictionary<string, string> Simulation);

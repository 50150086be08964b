namespace Dashboard.Tests.Faults;

/// <summary>
/// The fault tests' collection: they run one after another, not beside each other, since each drives a server (and a
/// cluster or a child process) under load, and the timing bounds they assert (/readyz within 1 s, the 202's bound) are
/// about the server, not about a machine the other fault test is saturating.
/// </summary>
[CollectionDefinition(Collection)]
public sealed class FaultTests
{
    /// <summary>The collection's name.</summary>
    public const string Collection = "Faults";
}

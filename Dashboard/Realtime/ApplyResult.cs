namespace Dashboard.Realtime;

/// <summary>What <see cref="RealtimeHub.Apply"/> did with a message.</summary>
public enum ApplyResult
{
    /// <summary>Applied and queued to this node's subscribers.</summary>
    Applied,

    /// <summary>Applied after a gap that could not be filled; the stream's history was cleared first.</summary>
    AppliedAfterGap,

    /// <summary>Already applied (seq at or below the stream's); ignored.</summary>
    Duplicate,

    /// <summary>Not applied: seqs before it are missing. Fill them first, or apply with <c>acceptGap</c>.</summary>
    Gap,
}

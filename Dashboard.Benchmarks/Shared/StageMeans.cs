using System.Globalization;

namespace Dashboard.Benchmarks.Shared;

/// <summary>
/// Mean time per stage of the POST → client path over a window, from the server's own <c>/metrics</c> histograms
/// (sum / count of the samples recorded between two scrapes): the events' INSERT and commit (which also sequences, logs
/// and NOTIFYs the call events' and small requests' activity messages, docs/architecture.md §3), the publisher's own
/// backplane statements (snapshots, coalesced feeds, notifications) and how many ran, and handing one message to every
/// subscriber.
/// </summary>
internal sealed record StageMeans(double EventCommitMs, double BackplaneCommitMs, double BackplaneStatements, double BroadcastMs)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"events INSERT+commit (with their live messages) {EventCommitMs:F2} ms, other backplane statements {BackplaneCommitMs:F2} ms ({BackplaneStatements:F0} of them), hand-off to subscribers {BroadcastMs:F2} ms per message");
}

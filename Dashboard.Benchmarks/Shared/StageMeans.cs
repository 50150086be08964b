using System.Globalization;

namespace Dashboard.Benchmarks.Shared;

/// <summary>
/// Mean time per stage of the POST → client path over a window, from the server's own <c>/metrics</c> histograms
/// (sum / count of the samples recorded between two scrapes): the events' INSERT and commit, the backplane statement
/// (sequence, log, NOTIFY) per batch of messages, and handing one message to every subscriber.
/// </summary>
internal sealed record StageMeans(double EventCommitMs, double BackplaneCommitMs, double MessagesPerBackplaneBatch, double BroadcastMs)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"events INSERT+commit {EventCommitMs:F2} ms, backplane statement {BackplaneCommitMs:F2} ms per batch of {MessagesPerBackplaneBatch:F1} messages, hand-off to subscribers {BroadcastMs:F2} ms per message");
}

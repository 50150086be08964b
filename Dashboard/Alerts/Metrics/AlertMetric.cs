namespace Dashboard.Alerts.Metrics;

/// <summary>
/// One metric of the catalogue (docs/alerts.md, "Metrics"): where its value sits in a topic's snapshot payload.
/// </summary>
/// <param name="Name">The metric reference, e.g. <c>queue.longestWaitSeconds</c>: the topic's prefix and the payload's own field path.</param>
/// <param name="Topic">The hub topic whose newest snapshot holds it.</param>
/// <param name="MessageType">The snapshot's message type; another type on the topic (an event) is not read.</param>
/// <param name="List">The payload's array the metric has one sample per element of (e.g. <c>queues</c>); null for a single sample.</param>
/// <param name="Label">The label each element's sample carries (e.g. <c>queue</c>); null with no <paramref name="List"/>.</param>
/// <param name="LabelField">The element's field that gives the label's value (e.g. <c>campaignId</c>).</param>
/// <param name="Path">Dotted path of the number in the payload (or in the element).</param>
/// <param name="Unit">The unit, as docs/alerts.md lists it.</param>
/// <param name="NullAsZero">The payload's null means zero here (a longest wait with nobody waiting), not "no data".</param>
internal sealed record AlertMetric(
    string Name, string Topic, string MessageType, string? List, string? Label, string? LabelField, string Path, string Unit, bool NullAsZero = false)
{
    /// <summary>The path split at its dots.</summary>
    public string[] Segments { get; } = Path.Split('.');
}

using System.Text.Json;

namespace Dashboard.Ingestion;

/// <summary>
/// One validated CloudEvent (CloudEvents 1.0 §3.1) ready to store. Build it with <see cref="CloudEventValidator"/>, or
/// directly (the simulator) when the caller guarantees the same rules.
/// </summary>
/// <param name="Id">The producer's <c>id</c>; with <paramref name="Source"/> the de-duplication key within a tenant.</param>
/// <param name="Source">The <c>source</c> URI-reference.</param>
/// <param name="Type">A catalogue type (docs/events.md), e.g. <c>call.started</c>.</param>
/// <param name="Subject">The optional <c>subject</c>.</param>
/// <param name="Time">The event's <c>time</c>, or the request's arrival time when absent.</param>
/// <param name="Data">The <c>data</c> JSON object. It must stay readable (its <see cref="JsonDocument"/> undisposed) until ingestion returns.</param>
internal sealed record CloudEvent(string Id, string Source, string Type, string? Subject, DateTimeOffset Time, JsonElement Data);

/// <summary>Why one event of a request is invalid: its position in the batch (0 for a single event), the attribute, and the rule.</summary>
/// <param name="Index">Zero-based position in the batch.</param>
/// <param name="Field">The attribute, e.g. <c>specversion</c> or <c>data.outcome</c>; empty for the event as a whole.</param>
/// <param name="Reason">What the rule requires.</param>
internal sealed record EventError(int Index, string Field, string Reason);

/// <summary>The <c>202</c> body of docs/protocol.md §7: events newly stored, and events already stored before (or repeated in the batch).</summary>
/// <param name="Accepted">Newly committed events.</param>
/// <param name="Duplicates">Events acknowledged without storing them again.</param>
internal sealed record IngestResult(int Accepted, int Duplicates);

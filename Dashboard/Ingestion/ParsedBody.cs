using System.Text.Json;

namespace Dashboard.Ingestion;

/// <summary>A parsed body: its events as JSON elements, valid while this object is not disposed.</summary>
internal sealed class ParsedBody(JsonDocument document, IReadOnlyList<JsonElement> events) : IDisposable
{
    /// <summary>The raw events, in body order.</summary>
    public IReadOnlyList<JsonElement> Events { get; } = events;

    /// <inheritdoc />
    public void Dispose() => document.Dispose();
}

using Microsoft.Net.Http.Headers;
using System.Text.Json;

namespace Dashboard.Ingestion;

/// <summary>What a request's content type allows its body to be.</summary>
internal enum BodyShape
{
    /// <summary><c>application/cloudevents+json</c>: one event, a JSON object.</summary>
    Single,

    /// <summary><c>application/cloudevents-batch+json</c>: a JSON array of events.</summary>
    Batch,

    /// <summary><c>application/json</c>: an object (one event) or an array (a batch).</summary>
    Either,
}

/// <summary>Why a body was refused before any event was looked at (becomes a problem+json response).</summary>
internal sealed record BodyProblem(int Status, string Title, string Detail);

/// <summary>
/// Reads a CloudEvents request body in structured JSON mode: one event (CloudEvents JSON format §3) or a batch
/// (§4, <c>application/cloudevents-batch+json</c>), into raw JSON elements. Rules per event are
/// <see cref="CloudEventValidator"/>'s.
/// </summary>
internal static class CloudEventReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        // {"id":"a","id":"b"} has no single meaning: refuse it rather than silently keep one of the values.
        AllowDuplicateProperties = false,
        MaxDepth = 64,
    };

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>The body shape allowed by <paramref name="contentType"/>, or null when the media type is not accepted (<c>415</c>).</summary>
    /// <remarks>A <c>charset</c> other than UTF-8 is refused: JSON exchanged between systems is UTF-8 (RFC 8259 §8.1).</remarks>
    public static BodyShape? ShapeFor(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return null;
        }

        if (mediaType.Charset.HasValue
            && !mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !mediaType.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var type = mediaType.MediaType;
        return type.Equals("application/cloudevents+json", StringComparison.OrdinalIgnoreCase) ? BodyShape.Single
            : type.Equals("application/cloudevents-batch+json", StringComparison.OrdinalIgnoreCase) ? BodyShape.Batch
            : type.Equals("application/json", StringComparison.OrdinalIgnoreCase) ? BodyShape.Either
            : null;
    }

    /// <summary>Parses <paramref name="body"/>; exactly one of the results is non-null.</summary>
    /// <param name="body">UTF-8 JSON (a leading byte order mark is skipped, RFC 8259 §8.1). Must outlive the returned <see cref="ParsedBody"/>.</param>
    /// <param name="shape">What the content type allows.</param>
    /// <param name="maxEvents">Most events allowed (<c>Ingestion:MaxBatchEvents</c>); more → <c>413</c>.</param>
    public static (ParsedBody? Body, BodyProblem? Problem) Parse(ReadOnlyMemory<byte> body, BodyShape shape, int maxEvents)
    {
        if (body.Span.StartsWith(Utf8ByteOrderMark))
        {
            body = body[3..];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            // The parser's message gives the position and what was wrong, never more of the body than one token.
            return (null, new BodyProblem(StatusCodes.Status400BadRequest, "Malformed JSON", ex.Message));
        }

        var root = document.RootElement;
        var problem = root.ValueKind switch
        {
            JsonValueKind.Object when shape == BodyShape.Batch => "application/cloudevents-batch+json requires a JSON array of events.",
            JsonValueKind.Array when shape == BodyShape.Single => "application/cloudevents+json carries one event (a JSON object); send a batch as application/cloudevents-batch+json.",
            JsonValueKind.Object or JsonValueKind.Array => null,
            _ => "The body must be a CloudEvent (a JSON object) or a batch (a JSON array of CloudEvents).",
        };
        if (problem is not null)
        {
            document.Dispose();
            return (null, new BodyProblem(StatusCodes.Status400BadRequest, "Invalid request body", problem));
        }

        if (root.ValueKind == JsonValueKind.Object)
        {
            return (new ParsedBody(document, [root]), null);
        }

        var count = root.GetArrayLength();
        if (count > maxEvents)
        {
            document.Dispose();
            return (null, new BodyProblem(StatusCodes.Status413PayloadTooLarge, "Too many events", $"The batch holds {count} events; at most {maxEvents} are accepted (Ingestion:MaxBatchEvents)."));
        }

        var events = new JsonElement[count];
        var i = 0;
        foreach (var element in root.EnumerateArray())
        {
            events[i++] = element;
        }

        return (new ParsedBody(document, events), null);
    }
}

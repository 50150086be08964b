using System.Text.Json.Serialization;

namespace Dashboard.Calls;

/// <summary>
/// Counts per <c>call.ended</c> outcome (docs/events.md §2), serialised with the catalogue's snake_case names:
/// <c>{"completed":n,"busy":n,"no_answer":n,"failed":n,"converted":n,"opted_out":n,"abandoned":n,"voicemail":n,"canceled":n}</c>.
/// </summary>
public sealed record OutcomeCounts(
    [property: JsonPropertyName("completed")] long Completed,
    [property: JsonPropertyName("busy")] long Busy,
    [property: JsonPropertyName("no_answer")] long NoAnswer,
    [property: JsonPropertyName("failed")] long Failed,
    [property: JsonPropertyName("converted")] long Converted,
    [property: JsonPropertyName("opted_out")] long OptedOut,
    [property: JsonPropertyName("abandoned")] long Abandoned,
    [property: JsonPropertyName("voicemail")] long Voicemail,
    [property: JsonPropertyName("canceled")] long Canceled);

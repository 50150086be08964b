using Dashboard.Catalogue;
using Microsoft.Extensions.Primitives;
using System.Globalization;

namespace Dashboard.Webhooks;

/// <summary>
/// Maps one Twilio voice status callback (https://www.twilio.com/docs/voice/api/call-resource#statuscallback, form
/// parameters <c>CallSid</c>, <c>CallStatus</c>, <c>Direction</c>, <c>CallDuration</c>, <c>Timestamp</c>, <c>From</c>,
/// <c>To</c>) to catalogue events (docs/events.md §2).
/// </summary>
/// <remarks>
/// <para>
/// Each callback emits every event its status implies, not only the newest one: <c>queued</c>, <c>initiated</c>,
/// <c>ringing</c> → <c>call.started</c>; <c>in-progress</c> → <c>call.started</c> + <c>call.answered</c>;
/// <c>completed</c> → those two + <c>call.ended</c> (completed); <c>busy</c>, <c>no-answer</c>, <c>failed</c>,
/// <c>canceled</c> → <c>call.started</c> + <c>call.ended</c> (busy, no_answer, failed, canceled). Twilio sends only
/// the terminal callback unless <c>StatusCallbackEvent</c> asks for more, and callbacks may arrive out of
/// <c>SequenceNumber</c> order, so any single callback must be enough to describe the call.
/// </para>
/// <para>
/// Event ids are <c>{CallSid}:started</c>, <c>{CallSid}:answered</c>, <c>{CallSid}:ended</c>: one per catalogue event
/// and call, so a retried callback, and every later callback repeating what an earlier one implied, is a duplicate of
/// the first (docs/protocol.md §7) and each call publishes one <c>call_started</c>, at most one <c>call_answered</c> and
/// one <c>call_ended</c>. The call's final state then does not depend on arrival order: the fold (Calls/CallRow)
/// fills each field from whichever event carries it and never clears one, so <c>completed</c> before
/// <c>in-progress</c> ends in the same row (answered, ended, outcome, duration) as the reverse. What arrival order can
/// change is a timestamp: when the terminal callback comes first, the start and answer times are estimated as its
/// <c>Timestamp</c> minus <c>CallDuration</c> (Twilio's duration runs from answer to hang-up).
/// </para>
/// <para><c>SequenceNumber</c> is therefore not needed for ordering; it is checked to be a number when present.</para>
/// </remarks>
internal static class TwilioCallMapper
{
    /// <summary>The Twilio statuses (CallStatus values) this adapter understands.</summary>
    public static readonly IReadOnlyList<string> Statuses =
        ["queued", "initiated", "ringing", "in-progress", "completed", "busy", "no-answer", "failed", "canceled"];

    /// <summary>The CloudEvents <c>source</c> of an account's events: <c>urn:twilio:account:{AccountSid}</c>.</summary>
    public static string Source(string accountSid) => "urn:twilio:account:" + accountSid;

    /// <summary>
    /// Adds the callback's events to <paramref name="events"/>; returns null, or why the callback is malformed (<c>400</c>).
    /// </summary>
    /// <param name="form">The decoded form parameters.</param>
    /// <param name="accountSid">The verified <c>AccountSid</c>.</param>
    /// <param name="arrival">The request's arrival time, used when <c>Timestamp</c> is absent.</param>
    /// <param name="events">Receives the events.</param>
    public static string? Map(IReadOnlyDictionary<string, StringValues> form, string accountSid, DateTimeOffset arrival, WebhookEventFactory events)
    {
        var callSid = Single(form, "CallSid");
        var status = Single(form, "CallStatus");
        if (string.IsNullOrEmpty(callSid))
        {
            return "CallSid is required.";
        }

        if (status is null || !Statuses.Contains(status))
        {
            return $"CallStatus must be one of {string.Join(", ", Statuses)}.";
        }

        if (Direction(Single(form, "Direction")) is not { } direction)
        {
            return "Direction must be inbound, outbound-api or outbound-dial.";
        }

        double? duration = null;
        if (Single(form, "CallDuration") is { Length: > 0 } durationText)
        {
            if (!int.TryParse(durationText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return "CallDuration must be a whole number of seconds.";
            }

            duration = seconds;
        }

        if (Single(form, "SequenceNumber") is { Length: > 0 } sequence && !long.TryParse(sequence, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return "SequenceNumber must be a non-negative whole number.";
        }

        var time = arrival;
        if (Single(form, "Timestamp") is { Length: > 0 } timestamp && !TryParseTimestamp(timestamp, out time))
        {
            return "Timestamp must be an RFC 1123 date, e.g. 'Tue, 10 Feb 2026 14:30:00 +0000'.";
        }

        var source = Source(accountSid);
        var answered = status is "in-progress" or "completed";
        var ended = Outcome(status);

        // The call began no later than answer; with only the terminal callback, answer ≈ hang-up − duration.
        var startedAt = ended is not null && duration is > 0 ? time.AddSeconds(-duration.Value) : time;
        events.Add($"{callSid}:started", source, EventTypes.CallStarted, callSid, startedAt,
            new StartedData(callSid, direction, NonEmpty(Single(form, "From")), NonEmpty(Single(form, "To"))));
        if (answered)
        {
            events.Add($"{callSid}:answered", source, EventTypes.CallAnswered, callSid, startedAt, new AnsweredData(callSid));
        }

        if (ended is not null)
        {
            events.Add($"{callSid}:ended", source, EventTypes.CallEnded, callSid, time, new EndedData(callSid, ended, duration));
        }

        return null;
    }

    /// <summary>The catalogue outcome of a terminal status, or null while the call goes on.</summary>
    internal static string? Outcome(string status) => status switch
    {
        "completed" => CallOutcomes.Completed,
        "busy" => CallOutcomes.Busy,
        "no-answer" => CallOutcomes.NoAnswer,
        "failed" => CallOutcomes.Failed,
        "canceled" => CallOutcomes.Canceled,
        _ => null,
    };

    /// <summary>Twilio's <c>Direction</c> as the catalogue's: <c>inbound</c>; <c>outbound-api</c> and <c>outbound-dial</c> → <c>outbound</c>.</summary>
    internal static string? Direction(string? direction) => direction switch
    {
        "inbound" => "inbound",
        "outbound-api" or "outbound-dial" => "outbound",
        _ => null,
    };

    /// <summary>Parses Twilio's <c>Timestamp</c> (RFC 1123 / RFC 2822 with a numeric zone, or <c>GMT</c>).</summary>
    internal static bool TryParseTimestamp(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(
            text.Trim(),
            ["ddd, dd MMM yyyy HH:mm:ss zzz", "ddd, d MMM yyyy HH:mm:ss zzz", "r"],
            CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal,
            out time);

    // A repeated parameter is ambiguous: it counts as absent rather than one of its values being picked.
    private static string? Single(IReadOnlyDictionary<string, StringValues> form, string name) =>
        form.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private sealed record StartedData(string CallId, string Direction, string? From, string? To);

    private sealed record AnsweredData(string CallId);

    private sealed record EndedData(string CallId, string Outcome, double? DurationSeconds);
}

using System.Globalization;
using System.Text;

namespace Dashboard.Benchmarks.Shared;

/// <summary>
/// Realistic CloudEvents bodies for <c>POST /api/v1/events</c> (docs/events.md §1 envelope, §2 call events): event
/// number <c>n</c> of a stream is one step of call <c>n / 3</c>'s life, <c>call.started</c> (outbound, a campaign, an
/// agent, numbers), then <c>call.answered</c>, then <c>call.ended</c> (an outcome and a duration), so the active calls
/// stay few however long the run. The call id is <c>{prefix}{n / 3}</c>, which lets a client tell which event a <c>call_event</c> is.
/// </summary>
internal static class CallEventBodies
{
    /// <summary>Single event: <c>application/cloudevents+json</c>.</summary>
    public const string SingleContentType = "application/cloudevents+json";

    /// <summary>Array of events: <c>application/cloudevents-batch+json</c>.</summary>
    public const string BatchContentType = "application/cloudevents-batch+json";

    private static readonly string[] Outcomes = ["completed", "completed", "completed", "no_answer", "busy", "converted", "voicemail", "failed"];

    /// <summary>The <c>call_event</c> kind of event <paramref name="n"/>: 0 started, 1 answered, 2 ended.</summary>
    public static int Step(long n) => (int)(n % 3);

    /// <summary>The event number a client's <c>call_event</c> stands for, from its call number and kind.</summary>
    public static long EventNumber(long call, int step) => (call * 3) + step;

    /// <summary>Events <paramref name="first"/> .. first + count − 1 of stream <paramref name="source"/>, as one body.</summary>
    public static byte[] Build(string source, string prefix, long first, int count, bool batch)
    {
        var s = new StringBuilder(count * 360);
        var time = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        if (batch)
        {
            s.Append('[');
        }

        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                s.Append(',');
            }

            Append(s, source, prefix, first + i, time);
        }

        if (batch)
        {
            s.Append(']');
        }

        return Encoding.UTF8.GetBytes(s.ToString());
    }

    private static void Append(StringBuilder s, string source, string prefix, long n, string time)
    {
        var call = n / 3;
        var type = Step(n) switch { 0 => "call.started", 1 => "call.answered", _ => "call.ended" };
        var c = CultureInfo.InvariantCulture;
        s.Append(c, $$"""{"specversion":"1.0","id":"{{prefix}}{{n}}","source":"{{source}}","type":"{{type}}","time":"{{time}}","datacontenttype":"application/json","data":""");
        switch (Step(n))
        {
            case 0:
                s.Append(c, $$"""{"callId":"{{prefix}}{{call}}","direction":"outbound","campaignId":"camp-{{call % 8}}","agentId":"agent-{{call % 200:D3}}","from":"+15550{{call % 100000:D5}}","to":"+1555{{(call * 7919) % 10000000:D7}}"}""");
                break;
            case 1:
                s.Append(c, $$"""{"callId":"{{prefix}}{{call}}","agentId":"agent-{{call % 200:D3}}"}""");
                break;
            default:
                s.Append(c, $$"""{"callId":"{{prefix}}{{call}}","outcome":"{{Outcomes[call % Outcomes.Length]}}","durationSeconds":{{30 + (call % 270)}}}""");
                break;
        }

        s.Append('}');
    }
}

using Dashboard.Realtime;

namespace Dashboard.Ingestion;

/// <summary>Limits of <c>POST /api/v1/events</c> (configuration section <c>Ingestion</c>; every one in docs/limits.md).</summary>
public sealed class IngestionOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Ingestion";

    /// <summary>Largest accepted <see cref="MaxBatchEvents"/>.</summary>
    public const int MaxBatchEventsLimit = 10_000;

    /// <summary>Smallest accepted <see cref="MaxBodyBytes"/>: 1 KiB.</summary>
    public const long MinBodyBytes = 1024;

    /// <summary>Largest accepted <see cref="MaxBodyBytes"/>: 64 MiB.</summary>
    public const long MaxBodyBytesLimit = 64L * 1024 * 1024;

    /// <summary>
    /// Most events in one request (<c>Ingestion:MaxBatchEvents</c>, 1..10000, default 1000); more → <c>413</c>.
    /// </summary>
    public int MaxBatchEvents { get; set; } = 1000;

    /// <summary>
    /// Largest request body in bytes (<c>Ingestion:MaxBodyBytes</c>, 1 KiB..64 MiB, default 1 MiB); more → <c>413</c>.
    /// Enforced on the bytes actually read, whatever <c>Content-Length</c> claims.
    /// </summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest accepted <see cref="GroupCommitMaxEvents"/>.</summary>
    public const int GroupCommitMaxEventsLimit = 100_000;

    /// <summary>
    /// Most events that concurrent requests put into one shared statement and commit (<c>Ingestion:GroupCommitMaxEvents</c>,
    /// 0..100000, default 5000; a single larger request still commits whole, alone). 0 turns group commit off: every
    /// request then costs its own commit.
    /// </summary>
    public int GroupCommitMaxEvents { get; set; } = 5000;

    /// <summary>
    /// Hard ceiling of <see cref="MaxIdentifierBytes"/>: 191 bytes, so <c>campaign:&lt;id&gt;</c> is a topic clients can
    /// subscribe to (<see cref="Topics.MaxLength"/>), and every key and NOTIFY header built from ids stays far below
    /// PostgreSQL's 2704-byte btree entry and 8000-byte NOTIFY payload limits.
    /// </summary>
    public const int IdentifierBytesCeiling = Topics.MaxLength - 9; // 9: "campaign:".Length, which C# cannot fold into a constant

    /// <summary>
    /// Longest identifier in UTF-8 bytes (<c>Ingestion:MaxIdentifierBytes</c>, 1..191, default 128): <c>callId</c>,
    /// <c>agentId</c>, <c>campaignId</c>, <c>queue</c>, session, message, transaction, user and content ids, KPI names and
    /// label names and values. Longer → <c>400</c> naming the field.
    /// </summary>
    public int MaxIdentifierBytes { get; set; } = 128;

    /// <summary>Largest accepted <see cref="MaxTextBytes"/>.</summary>
    public const int TextBytesCeiling = 16 * 1024;

    /// <summary>
    /// Longest free-text member in UTF-8 bytes (<c>Ingestion:MaxTextBytes</c>, 16..16384, default 1024): <c>name</c>,
    /// <c>from</c>, <c>to</c>, notification <c>title</c>, <c>message</c>, <c>category</c>, <c>actionUrl</c>. Longer → <c>400</c>.
    /// </summary>
    public int MaxTextBytes { get; set; } = 1024;

    /// <summary>Largest accepted <see cref="MaxListEntries"/>.</summary>
    public const int ListEntriesCeiling = 256;

    /// <summary>Most entries of a list member, e.g. an agent's <c>queues</c> (<c>Ingestion:MaxListEntries</c>, 1..256, default 32).</summary>
    public int MaxListEntries { get; set; } = 32;

    /// <summary>Largest accepted <see cref="MaxFutureSkewSeconds"/>: one day.</summary>
    public const int FutureSkewCeilingSeconds = 86_400;

    /// <summary>
    /// How many seconds after the request's arrival an event's <c>time</c> may be (<c>Ingestion:MaxFutureSkewSeconds</c>,
    /// 0..86400, default 300): producers' clocks drift, but an event from the future would stay "active" until then.
    /// </summary>
    public int MaxFutureSkewSeconds { get; set; } = 300;

    /// <summary>
    /// How many days before the request's arrival an event's <c>time</c> may be (<c>Ingestion:MaxEventAgeDays</c>, 1..3650);
    /// unset (the default) means <c>Retention:Days</c>, since older events would be deleted as soon as they are folded.
    /// </summary>
    public int? MaxEventAgeDays { get; set; }

    /// <summary>Largest accepted <see cref="LivePublishWaitMilliseconds"/>: 10 s.</summary>
    public const int MaxLivePublishWaitMilliseconds = 10_000;

    /// <summary>
    /// Most milliseconds the <c>202</c> waits, after the commit, for this node to apply the request's live messages
    /// (queued to its subscribers): the <c>call_event</c> / <c>agent_status_changed</c> messages its statement committed,
    /// and the activity and notification messages queued after it (<c>Ingestion:LivePublishWaitMilliseconds</c>,
    /// 0..10000, default 500; 0 answers right after the commit). Past it the request is answered anyway; the messages
    /// follow in the background, in order (docs/api.md "What a 202 promises", docs/outage.md).
    /// </summary>
    public int LivePublishWaitMilliseconds { get; set; } = 500;
}

using Dashboard.Realtime.Backplane;

namespace Dashboard.Ingestion;

/// <summary>The statement's parameters, built from the requests it carries.</summary>
internal sealed partial class EventStore
{
    /// <summary>
    /// The statement's parameter arrays. A key that an earlier request of the same statement already carries is left
    /// out, so it reads as a duplicate, exactly as if the requests had been committed one after another.
    /// </summary>
    private sealed class InsertRows
    {
        private readonly int[] _sizes;
        private readonly int[] _liveCounts;

        public InsertRows(IReadOnlyList<EventInsert> requests)
        {
            _sizes = [.. requests.Select(r => r.Events.Count)];
            _liveCounts = [.. requests.Select(r => r.Live?.Count ?? 0)];
            var total = _sizes.Sum();
            var tenants = new List<string>(total);
            var sources = new List<string>(total);
            var ids = new List<string>(total);
            var types = new List<string>(total);
            var subjects = new List<string?>(total);
            var times = new List<DateTime>(total);
            var data = new List<string?>(total);
            var domains = new List<string?>(total);
            var lineSubjects = new List<string?>(total);
            var summaries = new List<string?>(total);
            var severities = new List<string?>(total);
            var notes = new NotificationColumns(total);
            Positions = new Dictionary<(string, string, string), (int, int)>(total);
            var row = 0;
            for (var r = 0; r < requests.Count; r++)
            {
                var (tenant, events, activity, notifications, live) = requests[r];
                var messages = live?.Select((m, k) => (m.Index, k, m.Message)).Where(m => m.Message.Refusal is null).ToLookup(m => m.Index);
                for (var i = 0; i < events.Count; i++)
                {
                    var e = events[i];
                    if (!Positions.TryAdd((tenant, e.Source, e.Id), (r, i)))
                    {
                        continue;
                    }

                    // row: the WITH ORDINALITY number; ord: the message's, so each stream is sequenced in row order, then list order.
                    row++;
                    foreach (var (_, k, message) in messages?[i] ?? [])
                    {
                        Live.Add((Live.Count + 1, row, message));
                        LivePositions.Add((r, k));
                    }

                    tenants.Add(tenant);
                    sources.Add(e.Source);
                    ids.Add(e.Id);
                    types.Add(e.Type);
                    subjects.Add(e.Subject);
                    times.Add(e.Time.UtcDateTime);
                    data.Add(e.Data.ValueKind is System.Text.Json.JsonValueKind.Undefined ? null : e.Data.GetRawText());
                    var line = activity?[i];
                    domains.Add(line?.Domain);
                    lineSubjects.Add(line?.Subject);
                    summaries.Add(line?.Summary);
                    severities.Add(line?.Severity);
                    notes.Add(notifications?[i]);
                }
            }

            Count = tenants.Count;
            Columns =
            [
                tenants.ToArray(), sources.ToArray(), ids.ToArray(), types.ToArray(), subjects.ToArray(), times.ToArray(), data.ToArray(),
                domains.ToArray(), lineSubjects.ToArray(), summaries.ToArray(), severities.ToArray(),
                .. notes.ToArrays(),
            ];
        }

        /// <summary>Rows sent (keys repeated across requests counted once).</summary>
        public int Count { get; }

        /// <summary>
        /// tenant, source, event_id, type, subject, time, data, then the activity line's domain, subject, summary and
        /// severity (null when the request has no lines), then the notification's title, message, severity, category and
        /// action URL (null title: none): the statement's arrays after <c>received_at</c>.
        /// </summary>
        public object[] Columns { get; }

        /// <summary>(tenant, source, id) → (request, event) of the row that carries it.</summary>
        public Dictionary<(string, string, string), (int Request, int Index)> Positions { get; }

        /// <summary>The publishable live messages with their ord (1-based, in this order) and their event's row.</summary>
        public List<(long Ord, long Row, PreparedMessage Message)> Live { get; } = [];

        /// <summary>Message (ord − 1) → (request, position in the request's <see cref="EventInsert.Live"/>).</summary>
        public List<(int Request, int Message)> LivePositions { get; } = [];

        public StoredEvents[] NewResult(DateTimeOffset receivedAt) =>
            [.. _sizes.Select((n, r) => new StoredEvents(new bool[n], new long[n], receivedAt) { LiveSeqs = new long[_liveCounts[r]] })];
    }

    private sealed class NotificationColumns(int capacity)
    {
        private readonly List<string?> _titles = new(capacity), _messages = new(capacity), _severities = new(capacity),
            _categories = new(capacity), _actionUrls = new(capacity);

        public void Add(EventNotification? n)
        {
            _titles.Add(n?.Title);
            _messages.Add(n?.Message);
            _severities.Add(n?.Severity);
            _categories.Add(n?.Category);
            _actionUrls.Add(n?.ActionUrl);
        }

        public object[] ToArrays() =>
            [_titles.ToArray(), _messages.ToArray(), _severities.ToArray(), _categories.ToArray(), _actionUrls.ToArray()];
    }
}

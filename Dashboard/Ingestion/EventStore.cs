using Dashboard.Hosting;
using Dashboard.Realtime.Backplane;
using Npgsql;
using System.Net.Sockets;

namespace Dashboard.Ingestion;

/// <summary>
/// One request's events for <see cref="EventStore.InsertAsync"/>: no (source, id) repeated within it; with
/// <paramref name="Activity"/> (one line per event, in order) each newly stored event also gets its activity line, with
/// <paramref name="Notifications"/> (one per event, null for most) its notification (docs/notifications.md), and with
/// <paramref name="Live"/> its live messages (<see cref="LiveMessage"/>: any number per event, each stream's in list
/// order), sequenced, logged and NOTIFYed by the same statement (a refused one is left out; docs/architecture.md §3).
/// </summary>
internal readonly record struct EventInsert(
    string Tenant,
    IReadOnlyList<CloudEvent> Events,
    IReadOnlyList<EventActivityLine>? Activity = null,
    IReadOnlyList<EventNotification?>? Notifications = null,
    IReadOnlyList<LiveMessage>? Live = null);

/// <summary>A live message of the event at <paramref name="Index"/> of its request, published only if that event is newly stored.</summary>
internal readonly record struct LiveMessage(int Index, PreparedMessage Message);

/// <summary>
/// Stores events in the <c>events</c> table: one multi-row statement for one or several requests, committed on its
/// own (a single statement is atomic without an explicit transaction, which would cost a <c>COMMIT</c> round trip), so
/// what is passed is stored completely or not at all, and the primary key (tenant, source, event_id) makes retries idempotent.
/// </summary>
internal sealed partial class EventStore(NpgsqlDataSource dataSource, TimeProvider time, ILogger<EventStore> logger)
{
    // Two statements inserting overlapping keys in different orders can deadlock; PostgreSQL aborts one of them and a
    // retry then succeeds. Events keep their order (seq) because jobs replay a call's events in that order.
    private const int MaxAttempts = 3;

    // unnest zips the arrays into rows: one statement and one round trip for all of it (docs/architecture.md §6). The
    // activity lines are written by the same statement for exactly the rows the insert RETURNs, so a duplicate gets
    // none and a failed statement leaves neither (docs/activity.md); ord keeps the request order for seq and the feed's id.
    // Notifications likewise (docs/notifications.md); their ids come back with the stored keys, for the live messages.
    private const string InsertCtes = """
        WITH u AS (
            SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[],
                                 $9::text[], $10::text[], $11::text[], $12::text[],
                                 $13::text[], $14::text[], $15::text[], $16::text[], $17::text[]) WITH ORDINALITY
                AS u(tenant, source, event_id, type, subject, time, data, domain, line_subject, summary, severity,
                     n_title, n_message, n_severity, n_category, n_action_url, ord)
        ), stored AS (
            INSERT INTO events (tenant, source, event_id, type, subject, time, received_at, data)
            SELECT u.tenant, u.source, u.event_id, u.type, u.subject, u.time, $1, u.data::jsonb
            FROM u ORDER BY u.ord
            ON CONFLICT (tenant, source, event_id) DO NOTHING
            RETURNING tenant, source, event_id
        ), lines AS (
            INSERT INTO activity (tenant, source, event_id, type, domain, subject, summary, severity, time, received_at)
            SELECT u.tenant, u.source, u.event_id, u.type, u.domain, u.line_subject, u.summary, u.severity, u.time, $1
            FROM u JOIN stored USING (tenant, source, event_id)
            WHERE u.domain IS NOT NULL
            ORDER BY u.ord
        ), notes AS (
            INSERT INTO notifications (tenant, source, title, message, severity, category, action_url, created_at, event_source, event_id)
            SELECT u.tenant, 'producer', u.n_title, u.n_message, u.n_severity, u.n_category, u.n_action_url, $1, u.source, u.event_id
            FROM u JOIN stored USING (tenant, source, event_id)
            WHERE u.n_title IS NOT NULL
            ORDER BY u.ord
            RETURNING tenant, event_source, event_id, id
        )
        """;

    // One row per stored event (its key and notification id), then, with live messages, one per message (its ord and
    // seq): reading every row is what sends the NOTIFYs (BackplaneSql).
    private const string StoredRows = """
        SELECT s.tenant, s.source, s.event_id, n.id, NULL::bigint AS ord, NULL::bigint AS seq
        FROM stored s LEFT JOIN notes n ON n.tenant = s.tenant AND n.event_source = s.source AND n.event_id = s.event_id
        """;

    private const int FirstLiveParameter = 18;

    private const string InsertSql = InsertCtes + "\n" + StoredRows;

    // The live messages of call events, agent status changes and small requests' activity lines, sequenced, logged and
    // NOTIFYed by the statement that inserts the events, for exactly the rows the insert RETURNs: a 202 and the broadcast cost one commit, a duplicate gets no
    // message and a failed statement leaves neither (docs/architecture.md §3). Realtime owns that SQL; this statement
    // only says which of its rows are stored. Used only when the statement carries a message, so the rest pay nothing.
    private static readonly string InsertWithLiveSql =
        InsertCtes + ", " + BackplaneSql.Ctes(FirstLiveParameter, "SELECT u.ord FROM u JOIN stored USING (tenant, source, event_id)") + "\n"
        + StoredRows + $"\nUNION ALL SELECT NULL, NULL, NULL, NULL, p.ord, p.seq FROM {BackplaneSql.Published} p";

    /// <summary>
    /// Inserts every request's events in one statement, in order, and commits. Returns, per request and event, whether
    /// it was newly stored (false: stored before, or by an earlier request of <paramref name="requests"/>).
    /// </summary>
    /// <exception cref="DatabaseUnavailableException">Connection failed, timed out, or the server is shutting down/overloaded; nothing was committed.</exception>
    /// <exception cref="EventsRejectedByStorageException">PostgreSQL rejected a value (SQLSTATE class 22 or 54); nothing was committed.</exception>
    public async Task<bool[][]> InsertAsync(IReadOnlyList<EventInsert> requests, CancellationToken ct) =>
        [.. (await InsertStoredAsync(requests, ct)).Select(r => r.IsNew)];

    /// <summary>
    /// As <see cref="InsertAsync"/>, returning per request also the ids of the notifications stored with its events and
    /// the statement's receipt time.
    /// </summary>
    /// <exception cref="DatabaseUnavailableException">Connection failed, timed out, or the server is shutting down/overloaded; nothing was committed.</exception>
    /// <exception cref="EventsRejectedByStorageException">PostgreSQL rejected a value (SQLSTATE class 22 or 54); nothing was committed.</exception>
    public async Task<StoredEvents[]> InsertStoredAsync(IReadOnlyList<EventInsert> requests, CancellationToken ct)
    {
        var rows = new InsertRows(requests);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await InsertOnceAsync(rows, ct);
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure && attempt < MaxAttempts)
            {
                LogRetry(ex.SqlState, attempt);
            }
            catch (PostgresException ex) when (ex.SqlState.StartsWith("22", StringComparison.Ordinal) || ex.SqlState.StartsWith("54", StringComparison.Ordinal))
            {
                throw new EventsRejectedByStorageException(ex.MessageText, ex);
            }
            catch (Exception ex) when (IsUnavailable(ex) && !ct.IsCancellationRequested)
            {
                throw new DatabaseUnavailableException("The event store is unavailable.", ex);
            }
        }
    }

    private async Task<StoredEvents[]> InsertOnceAsync(InsertRows rows, CancellationToken ct)
    {
        NpgsqlConnection connection;
        try
        {
            connection = await dataSource.OpenConnectionAsync(ct);
        }
        catch (NpgsqlException ex) when (!ct.IsCancellationRequested)
        {
            // Whatever stops a connection from opening (refused, timeout, pool exhausted, database closed) is unavailability.
            throw new DatabaseUnavailableException("Could not open a connection to the event store.", ex);
        }

        await using (connection)
        {
            // PostgreSQL keeps microseconds: the notifications' createdAt in live messages is then exactly what REST reads back.
            var now = time.GetUtcNow();
            now = now.AddTicks(-(now.Ticks % 10));
            var stored = rows.NewResult(now);
            if (rows.Count == 0)
            {
                return stored;
            }

            await using var command = new NpgsqlCommand(rows.Live.Count == 0 ? InsertSql : InsertWithLiveSql, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = now.UtcDateTime });
            foreach (var column in rows.Columns)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = column });
            }

            if (rows.Live.Count > 0)
            {
                BackplaneSql.AddParameters(command.Parameters, FirstLiveParameter, rows.Live);
            }

            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                if (reader.IsDBNull(0))
                {
                    // A live message: its ord (1-based) and its seq.
                    var (r, k) = rows.LivePositions[(int)reader.GetInt64(4) - 1];
                    stored[r].LiveSeqs[k] = reader.GetInt64(5);
                    continue;
                }

                var (request, index) = rows.Positions[(reader.GetString(0), reader.GetString(1), reader.GetString(2))];
                stored[request].IsNew[index] = true;
                if (!reader.IsDBNull(3))
                {
                    stored[request].NotificationIds[index] = reader.GetInt64(3);
                }
            }

            return stored;
        }
    }

    /// <summary>True for failures that say "try again later" rather than "this request is wrong".</summary>
    private static bool IsUnavailable(Exception ex) => ex switch
    {
        // 08: connection exception; 53: insufficient resources; 57P01-57P03: shutdown / cannot connect now; 40: retries exhausted.
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("57P", StringComparison.Ordinal)
            || pg.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure,
        NpgsqlException => true,
        TimeoutException or SocketException or IOException => true,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Event insert hit {SqlState} on attempt {Attempt}; retrying")]
    private partial void LogRetry(string sqlState, int attempt);
}

using System.Net.Sockets;
using Npgsql;

namespace Dashboard.Ingestion;

/// <summary>The database could not be reached or is refusing work right now; the client should retry (<c>503</c>).</summary>
internal sealed class DatabaseUnavailableException(string message, Exception inner) : Exception(message, inner);

/// <summary>PostgreSQL refused the events' content (e.g. a number <c>jsonb</c> cannot hold); nothing was stored (<c>400</c>).</summary>
internal sealed class EventsRejectedByStorageException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// Stores a request's events in the <c>events</c> table: one transaction, one multi-row statement, so a request is
/// stored completely or not at all, and the primary key (tenant, source, event_id) makes retries idempotent.
/// </summary>
internal sealed partial class EventStore(NpgsqlDataSource dataSource, TimeProvider time, ILogger<EventStore> logger)
{
    // Two requests inserting overlapping keys in different orders can deadlock; PostgreSQL aborts one of them and a
    // retry then succeeds. Events keep their request order (seq) because jobs replay a call's events in that order.
    private const int MaxAttempts = 3;

    // unnest zips the arrays into rows: one statement and one round trip for the whole batch (DESIGN.md §6, fast path).
    private const string InsertSql = """
        INSERT INTO events (tenant, source, event_id, type, subject, time, received_at, data)
        SELECT $1, u.source, u.event_id, u.type, u.subject, u.time, $2, u.data::jsonb
        FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[])
             AS u(source, event_id, type, subject, time, data)
        ON CONFLICT (tenant, source, event_id) DO NOTHING
        RETURNING source, event_id
        """;

    /// <summary>
    /// Inserts <paramref name="events"/> for <paramref name="tenant"/> and commits. <paramref name="events"/> must not
    /// repeat a (source, id) pair. Returns, per event, whether it was newly stored (false: already stored before).
    /// </summary>
    /// <exception cref="DatabaseUnavailableException">Connection failed, timed out, or the server is shutting down/overloaded; nothing was committed.</exception>
    /// <exception cref="EventsRejectedByStorageException">PostgreSQL rejected a value (SQLSTATE class 22 or 54); nothing was committed.</exception>
    public async Task<bool[]> InsertAsync(string tenant, IReadOnlyList<CloudEvent> events, CancellationToken ct)
    {
        var count = events.Count;
        var sources = new string[count];
        var ids = new string[count];
        var types = new string[count];
        var subjects = new string?[count];
        var times = new DateTime[count];
        var data = new string?[count];
        var positions = new Dictionary<(string Source, string Id), int>(count);
        for (var i = 0; i < count; i++)
        {
            var e = events[i];
            (sources[i], ids[i], types[i], subjects[i]) = (e.Source, e.Id, e.Type, e.Subject);
            times[i] = e.Time.UtcDateTime;
            data[i] = e.Data.ValueKind is System.Text.Json.JsonValueKind.Undefined ? null : e.Data.GetRawText();
            positions.Add((e.Source, e.Id), i);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await InsertOnceAsync(tenant, [sources, ids, types, subjects, times, data], positions, count, ct);
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

    private async Task<bool[]> InsertOnceAsync(string tenant, object[] columns, Dictionary<(string, string), int> positions, int count, CancellationToken ct)
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
            await using var tx = await connection.BeginTransactionAsync(ct);
            await using var command = new NpgsqlCommand(InsertSql, connection, tx);
            command.Parameters.Add(new NpgsqlParameter { Value = tenant });
            command.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow().UtcDateTime });
            foreach (var column in columns)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = column });
            }

            var stored = new bool[count];
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    stored[positions[(reader.GetString(0), reader.GetString(1))]] = true;
                }
            }

            await tx.CommitAsync(ct);
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

using Dashboard.Realtime.Backplane;
using Npgsql;
using System.Net.Sockets;
using System.Text.Json;

namespace Dashboard.Publishing;

/// <summary>
/// Tells a failure caused by the data being folded or published (a poison event: PostgreSQL refused a value, the fold's
/// code threw on it) from one of the infrastructure or the deployment (connection lost, read-only or shutting-down
/// server, permissions, schema), which retrying the whole tick later fixes and which must never dead-letter events.
/// </summary>
internal static class FoldFailures
{
    /// <summary>
    /// True only for failures that follow the data (docs/dead-letters.md): PostgreSQL errors of SQLSTATE classes 22 (data
    /// exception), 23 (integrity constraint violation) and 54 (program limit exceeded, e.g. a btree entry over 2,704
    /// bytes), per the PostgreSQL error code appendix; a message <see cref="RealtimePublisher"/> refused before the
    /// database (<see cref="RealtimeMessageRejectedException"/>); and exceptions the fold's own code throws on a value
    /// (format, overflow, cast, JSON, argument, key, arithmetic). Everything else — cancellation, Npgsql I/O and timeouts,
    /// every other SQLSTATE (a read-only server, missing permissions or tables, shutdown), invalid operations — is not.
    /// </summary>
    public static bool IsPoison(Exception ex, CancellationToken ct)
    {
        if (ex is OperationCanceledException || ct.IsCancellationRequested)
        {
            return false;
        }

        return ex switch
        {
            PostgresException pg => pg.SqlState.Length >= 2 && pg.SqlState[..2] is "22" or "23" or "54",
            NpgsqlException or TimeoutException or IOException or SocketException or ObjectDisposedException => false,
            RealtimeMessageRejectedException => true,
            FormatException or OverflowException or InvalidCastException or JsonException or ArgumentException
                or KeyNotFoundException or ArithmeticException or IndexOutOfRangeException or NullReferenceException => true,
            _ => false,
        };
    }

    /// <summary>The error as the dead-letter table and the logs keep it: SQLSTATE and message, at most 1,000 characters.</summary>
    public static (string Message, string? SqlState) Describe(Exception ex)
    {
        var message = ex is PostgresException pg ? $"{pg.SqlState}: {pg.MessageText}" : $"{ex.GetType().Name}: {ex.Message}";
        return (message.Length > 1000 ? message[..1000] : message, (ex as PostgresException)?.SqlState);
    }
}

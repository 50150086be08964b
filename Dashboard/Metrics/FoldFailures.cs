using Npgsql;

namespace Dashboard.Metrics;

/// <summary>
/// Tells a failure caused by the data being folded or published (a poison event: PostgreSQL refused a value, the fold's
/// code threw on it) from one of the infrastructure (connection lost, server shutting down, out of resources, a
/// serialisation conflict), which retrying the whole tick later fixes.
/// </summary>
internal static class FoldFailures
{
    /// <summary>
    /// True when retrying the same work cannot succeed by itself: every exception but cancellation, transient Npgsql
    /// failures (<see cref="NpgsqlException.IsTransient"/>, I/O and timeouts) and PostgreSQL errors of the classes 08
    /// (connection), 40 (transaction rollback), 53 (insufficient resources), 57 (operator intervention) and 58 (system
    /// error), per the PostgreSQL error code appendix.
    /// </summary>
    public static bool IsPoison(Exception ex, CancellationToken ct)
    {
        if (ex is OperationCanceledException || ct.IsCancellationRequested)
        {
            return false;
        }

        if (ex is PostgresException pg)
        {
            return !pg.IsTransient && pg.SqlState[..2] is not ("08" or "40" or "53" or "57" or "58");
        }

        return ex is not NpgsqlException and not TimeoutException and not IOException;
    }

    /// <summary>The error as the dead-letter table and the logs keep it: SQLSTATE and message, at most 1,000 characters.</summary>
    public static (string Message, string? SqlState) Describe(Exception ex)
    {
        var message = ex is PostgresException pg ? $"{pg.SqlState}: {pg.MessageText}" : $"{ex.GetType().Name}: {ex.Message}";
        return (message.Length > 1000 ? message[..1000] : message, (ex as PostgresException)?.SqlState);
    }
}

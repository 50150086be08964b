using Npgsql;
using System.Net.Sockets;

namespace Dashboard.Hosting;

/// <summary>
/// Which exceptions mean "the database is unreachable or refusing work right now" (answered <c>503</c> with
/// <c>Retry-After</c>, docs/outage.md) rather than "this request is wrong" or a bug (<c>500</c>).
/// </summary>
internal static class DatabaseOutage
{
    /// <summary>Seconds a client is told to wait (<c>Retry-After</c>) before retrying while the database is unavailable.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>
    /// True when <paramref name="exception"/> or one of its inner exceptions (Quartz and the ingestion path wrap
    /// Npgsql's) is: a <see cref="PostgresException"/> of SQLSTATE class <c>08</c> (connection exception), <c>53</c>
    /// (insufficient resources), <c>57P</c> (shutdown, cannot connect now) or <c>57014</c> (statement timeout); an
    /// <see cref="NpgsqlException"/> that Npgsql calls transient (its cause a <see cref="SocketException"/>,
    /// <see cref="IOException"/> or <see cref="TimeoutException"/>: connection refused or broken, connect or command
    /// timeout, pool exhausted); or the ingestion path's own <c>DatabaseUnavailableException</c>. An
    /// <see cref="AggregateException"/> counts when all of its inner exceptions do.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        // Bounded: a cycle in a hand-made chain must not hang the error path.
        var depth = 0;
        for (var e = exception; e is not null && depth < 16; e = e.InnerException, depth++)
        {
            switch (e)
            {
                case PostgresException pg:
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
                        || pg.SqlState.StartsWith("57P", StringComparison.Ordinal)
                        || pg.SqlState == PostgresErrorCodes.QueryCanceled;
                case NpgsqlException npgsql when npgsql.IsTransient:
                    return true;
                case DatabaseUnavailableException:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Count > 0:
                    return aggregate.InnerExceptions.All(IsUnavailable);
            }
        }

        return false;
    }
}

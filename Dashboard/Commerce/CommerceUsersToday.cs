using Dashboard.Calendar;
using Npgsql;

namespace Dashboard.Commerce;

/// <summary>
/// Keeps <c>commerce_users_today</c> (migration 0010): per tenant, the exact number of distinct users active since the
/// start of its business day, without counting them again on every tick (docs/metrics.md §7).
/// </summary>
/// <remarks>
/// Runs in the fold's transaction, under its lock, after the chunk's users are written. For each tenant whose users moved:
/// when the stored <c>day_start</c> is today's (in the tenant's zone, at the fold's <c>now</c>), the users who moved from
/// before today to today are added; otherwise (a new day, a new zone, no row yet) the count is taken again from
/// <c>commerce_users_by_activity</c> — <c>count(*) WHERE last_active &gt;= dayStart</c>, which already includes this
/// chunk — a range that is small right after midnight. A user's <c>last_active</c> only grows, so nobody leaves the count
/// during a day.
/// </remarks>
internal static class CommerceUsersToday
{
    /// <summary>Brings the rows of the tenants in <paramref name="changes"/>' users up to date.</summary>
    /// <exception cref="NpgsqlException">A statement failed; the caller's transaction must be rolled back.</exception>
    public static async Task UpdateAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, CommerceChanges changes, DateTime now, TenantTimeZones zones, CancellationToken ct)
    {
        var tenants = changes.Users.Select(u => u.Tenant).Distinct(StringComparer.Ordinal).ToList();
        if (tenants.Count == 0)
        {
            return;
        }

        var dayStarts = tenants.ToDictionary(t => t, t => zones.For(t).DayStart(now), StringComparer.Ordinal);
        var stored = await StoredDayStartsAsync(connection, tx, tenants, ct);
        var current = tenants.Where(t => stored.TryGetValue(t, out var day) && day == dayStarts[t]).ToList();
        var recount = tenants.Except(current, StringComparer.Ordinal).ToList();

        if (current.Count > 0)
        {
            await using var add = new NpgsqlCommand(
                """
                UPDATE commerce_users_today t SET users = t.users + k.entered
                FROM unnest($1::text[], $2::bigint[]) AS k(tenant, entered)
                WHERE t.tenant = k.tenant AND k.entered <> 0
                """,
                connection, tx);
            add.Parameters.AddWithValue(current.ToArray());
            add.Parameters.AddWithValue(current.Select(t => changes.UsersEnteringDay(t, dayStarts[t])).ToArray());
            await add.ExecuteNonQueryAsync(ct);
        }

        if (recount.Count > 0)
        {
            await using var count = new NpgsqlCommand(
                """
                INSERT INTO commerce_users_today (tenant, day_start, users)
                SELECT k.tenant, k.day_start,
                       (SELECT count(*) FROM commerce_users u WHERE u.tenant = k.tenant AND u.last_active >= k.day_start)
                FROM unnest($1::text[], $2::timestamptz[]) AS k(tenant, day_start)
                ON CONFLICT (tenant) DO UPDATE SET day_start = EXCLUDED.day_start, users = EXCLUDED.users
                """,
                connection, tx);
            count.Parameters.AddWithValue(recount.ToArray());
            count.Parameters.Add(Storage.SqlArrays.Timestamps(recount.Select(t => (DateTime?)dayStarts[t])));
            await count.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task<Dictionary<string, DateTime>> StoredDayStartsAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, List<string> tenants, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT tenant, day_start FROM commerce_users_today WHERE tenant = ANY($1)", connection, tx);
        cmd.Parameters.AddWithValue(tenants.ToArray());
        var result = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetString(0)] = reader.GetDateTime(1);
        }

        return result;
    }
}

using Dashboard.Rollups;
using Npgsql;
using System.Globalization;

namespace Dashboard.Tests.Rollups;

/// <summary>Hand-made rows in the hourly and daily roll-up tables, and what they add up to per UTC day.</summary>
internal static class RollupRows
{
    /// <summary>Inserts one hourly row of <paramref name="table"/> at <paramref name="hour"/> (UTC); unnamed counters are 0.</summary>
    public static Task HourAsync(NpgsqlDataSource db, RollupTable table, string tenant, DateTime hour, string key, params (string Column, double Value)[] counters) =>
        InsertAsync(db, table.Hourly, "hour", DateTime.SpecifyKind(hour, DateTimeKind.Utc), table.Key, tenant, key, counters);

    /// <summary>Inserts one daily row of <paramref name="table"/>; unnamed counters are 0.</summary>
    public static Task DayAsync(NpgsqlDataSource db, RollupTable table, string tenant, DateOnly day, string key, params (string Column, double Value)[] counters) =>
        InsertAsync(db, table.Daily, "day", day, table.Key, tenant, key, counters);

    /// <summary>
    /// Every counter of <paramref name="table"/> summed per (UTC day, key) over the hourly and the daily table, one line
    /// each in day and key order: the same whichever side a row is on.
    /// </summary>
    public static async Task<List<string>> PerDayAsync(NpgsqlDataSource db, RollupTable table, string tenant)
    {
        var sums = string.Join(", ", table.Counters.Select(c => $"sum({c})::float8"));
        var columns = string.Join(", ", table.Counters);
        await using var cmd = db.CreateCommand($"""
            SELECT day, {table.Key}, {sums} FROM (
                SELECT day, {table.Key}, {columns} FROM {table.Daily} WHERE tenant = $1
                UNION ALL
                SELECT (hour AT TIME ZONE 'UTC')::date, {table.Key}, {columns} FROM {table.Hourly} WHERE tenant = $1
            ) r GROUP BY 1, 2 ORDER BY 1, 2
            """);
        cmd.Parameters.AddWithValue(tenant);
        return await LinesAsync(cmd);
    }

    /// <summary>Rows of <paramref name="tableName"/> for the tenant, one line each, in key order.</summary>
    public static async Task<List<string>> DumpAsync(NpgsqlDataSource db, string tableName, string tenant)
    {
        await using var cmd = db.CreateCommand($"SELECT * FROM {tableName} WHERE tenant = $1 ORDER BY 2, 3");
        cmd.Parameters.AddWithValue(tenant);
        return await LinesAsync(cmd);
    }

    /// <summary>Rows of <paramref name="tableName"/> for the tenant.</summary>
    public static async Task<long> CountAsync(NpgsqlDataSource db, string tableName, string tenant)
    {
        await using var cmd = db.CreateCommand($"SELECT count(*) FROM {tableName} WHERE tenant = $1");
        cmd.Parameters.AddWithValue(tenant);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>One counter of one daily row (0 when the row is absent).</summary>
    public static async Task<double> DailyAsync(NpgsqlDataSource db, RollupTable table, string tenant, DateOnly day, string key, string column)
    {
        await using var cmd = db.CreateCommand($"SELECT {column}::float8 FROM {table.Daily} WHERE tenant = $1 AND day = $2 AND {table.Key} = $3");
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(day);
        cmd.Parameters.AddWithValue(key);
        return await cmd.ExecuteScalarAsync() is double d ? d : 0;
    }

    private static async Task InsertAsync(NpgsqlDataSource db, string tableName, string timeColumn, object at, string keyColumn, string tenant, string key, (string Column, double Value)[] counters)
    {
        var columns = string.Concat(counters.Select(c => ", " + c.Column));
        var values = string.Concat(counters.Select(c => ", " + c.Value.ToString("R", CultureInfo.InvariantCulture)));
        await using var cmd = db.CreateCommand($"INSERT INTO {tableName} (tenant, {timeColumn}, {keyColumn}{columns}) VALUES ($1, $2, $3{values})");
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(at);
        cmd.Parameters.AddWithValue(key);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> LinesAsync(NpgsqlCommand cmd)
    {
        var lines = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return lines;
    }
}

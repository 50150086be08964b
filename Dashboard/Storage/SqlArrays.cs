using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Storage;

/// <summary>Array parameters for the set-based statements that write many rows at once (<c>unnest($1, $2…)</c>).</summary>
internal static class SqlArrays
{
    /// <summary>A <c>timestamptz[]</c> parameter of <paramref name="values"/> (nulls kept).</summary>
    /// <remarks>Typed explicitly: from an array that may hold only nulls, Npgsql cannot infer timestamptz.</remarks>
    public static NpgsqlParameter Timestamps(IEnumerable<DateTime?> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz };
}

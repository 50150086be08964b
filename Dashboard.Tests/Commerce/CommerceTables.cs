namespace Dashboard.Tests.Commerce;

/// <summary>One query per commerce table (migrations 0010 and 0012), each row as text, for comparing two tenants' state.</summary>
internal static class CommerceTables
{
    public const string Transactions = """
        SELECT concat_ws('|', transaction_id, status, to_char(status_at AT TIME ZONE 'UTC', 'HH24:MI:SS'), amount, currency, event_id,
                         to_char(first_seen AT TIME ZONE 'UTC', 'HH24:MI:SS'))
        FROM commerce_transactions WHERE tenant = $1 ORDER BY transaction_id
        """;

    // Rows a −1 brought back to zero are not state: an order that never counted there has none.
    public const string Buckets = """
        SELECT concat_ws('|', to_char(bucket AT TIME ZONE 'UTC', 'HH24:MI'), status, currency, transactions, amount)
        FROM commerce_transaction_buckets WHERE tenant = $1 AND (transactions <> 0 OR amount <> 0) ORDER BY 1
        """;

    public const string Totals = """
        SELECT concat_ws('|', status, currency, transactions, amount)
        FROM commerce_transaction_totals WHERE tenant = $1 AND (transactions <> 0 OR amount <> 0) ORDER BY 1
        """;

    public const string Users = """
        SELECT concat_ws('|', user_id, to_char(last_active AT TIME ZONE 'UTC', 'HH24:MI:SS')) FROM commerce_users WHERE tenant = $1 ORDER BY 1
        """;

    public const string Content = "SELECT concat_ws('|', content_id, views, purchases) FROM commerce_content WHERE tenant = $1 ORDER BY 1";

    public const string ContentBuckets = """
        SELECT concat_ws('|', to_char(bucket AT TIME ZONE 'UTC', 'HH24:MI'), views, purchases) FROM commerce_content_buckets WHERE tenant = $1 ORDER BY 1
        """;

    // Migration 0012: the tenant's all-time content views and purchases, kept by the fold beside commerce_content.
    public const string ContentTotals = "SELECT concat_ws('|', views, purchases) FROM commerce_content_totals WHERE tenant = $1";

    public const string UsersToday = "SELECT concat_ws('|', to_char(day_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), users) FROM commerce_users_today WHERE tenant = $1";

    /// <summary>Every table but <see cref="UsersToday"/>.</summary>
    public static readonly string[] All = [Transactions, Buckets, Totals, Users, Content, ContentBuckets, ContentTotals];
}

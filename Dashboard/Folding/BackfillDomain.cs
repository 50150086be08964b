using Dashboard.Calendar;
using Dashboard.Chat;
using Dashboard.Commerce;
using Dashboard.Kpis;
using Npgsql;

namespace Dashboard.Folding;

/// <summary>
/// A domain whose fold was added after its events were already being stored, so <see cref="FoldBackfill"/> applies that
/// history once: the <c>fold_watermarks</c> rows of its range (written by the domain's migration) and how to apply its
/// events.
/// </summary>
/// <param name="Name">For logs: <c>chat</c>, <c>commerce</c>, <c>kpi</c>.</param>
/// <param name="ProgressName">The row holding how far the backfill got (starts at (0, 0)).</param>
/// <param name="EndName">The row holding the fold's watermark when the domain's migration ran: the end of the range.</param>
/// <param name="IsType">True for the CloudEvents types of the domain.</param>
/// <param name="Parsed">True for a row that holds a parsed event of the domain (to apply).</param>
/// <param name="ApplyAsync">Applies rows of the domain in the caller's transaction; returns the tenants touched.</param>
internal sealed record BackfillDomain(
    string Name,
    string ProgressName,
    string EndName,
    Func<string, bool> IsType,
    Func<FoldRow, bool> Parsed,
    Func<NpgsqlConnection, NpgsqlTransaction, IReadOnlyList<FoldRow>, DateTime, TenantTimeZones, CancellationToken, Task<IReadOnlyCollection<string>>> ApplyAsync)
{
    /// <summary>Chat and CSAT events stored before the chat fold (migration 0008, docs/events.md §3).</summary>
    public static BackfillDomain Chat { get; } = new(
        "chat", "chat_backfill", "chat_backfill_end", ChatEvent.IsChat, r => r.Chat is not null,
        (connection, tx, rows, now, _, ct) => ChatStore.ApplyAsync(connection, tx, [.. rows.Select(r => r.Chat!)], now, ct));

    /// <summary>Commerce events stored before the commerce fold (migration 0011, docs/events.md §4).</summary>
    public static BackfillDomain Commerce { get; } = new(
        "commerce", "commerce_backfill", "commerce_backfill_end", CommerceEvent.IsCommerce, r => r.Commerce is not null,
        (connection, tx, rows, now, zones, ct) => CommerceStore.ApplyAsync(connection, tx, [.. rows.Select(r => r.Commerce!)], now, zones, ct));

    /// <summary>KPI reports stored before the KPI fold (migration 0013, docs/events.md §5).</summary>
    public static BackfillDomain Kpi { get; } = new(
        "kpi", "kpi_backfill", "kpi_backfill_end", type => type == KpiEvent.Type, r => r.Kpi is not null,
        (connection, tx, rows, _, _, ct) => KpiStore.ApplyAsync(connection, tx, [.. rows.Select(r => r.Kpi!)], ct));
}

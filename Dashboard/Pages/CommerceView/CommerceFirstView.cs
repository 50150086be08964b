using Dashboard.Commerce;
using Dashboard.Pages.Shell;
using Dashboard.Realtime;

namespace Dashboard.Pages.CommerceView;

/// <summary>
/// What the Commerce page, the Wallboard's commerce view and the Overview's commerce cards show before their scripts
/// connect: the hub's newest <c>commerce_update</c> snapshot of the tenant (docs/pages.md, "Commerce"). The scripts then
/// read <c>GET /api/v1/commerce</c> and follow topic <c>commerce</c>; without a snapshot on this node the first view is
/// placeholders.
/// </summary>
internal sealed class CommerceFirstView
{
    /// <summary>Nothing published for the tenant on this node.</summary>
    public static CommerceFirstView None { get; } = new();

    /// <summary>The newest payload, or null.</summary>
    public CommerceUpdate? Update { get; private init; }

    /// <summary>True when <see cref="Update"/> has anything to show (see <see cref="HasData"/>).</summary>
    public bool HasCommerceData => Update is { } u && HasData(u);

    /// <summary>The payload's <c>computedAt</c> (ISO 8601 UTC), or null.</summary>
    public string? UpdatedAt => Update is null ? null : Display.Iso(Update.ComputedAt);

    /// <summary>The tenant's business-day time zone as the payload names it; "UTC" before the first payload.</summary>
    public string TimeZone => Update?.TimeZone ?? "UTC";

    /// <summary>The snapshot's envelope as JSON (or <c>null</c>), safe inside <c>&lt;script type="application/json"&gt;</c>.</summary>
    public string EnvelopeJson { get; private init; } = SnapshotEnvelope.NoEnvelope;

    /// <summary>
    /// The empty domain of docs/pages.md: no revenue in any currency, no transaction, no content view or purchase, and
    /// nobody active today or in the last 24 hours. Twin of <c>hasCommerceData</c> in <c>wwwroot/js/commerce-view.js</c>.
    /// </summary>
    public static bool HasData(CommerceUpdate u) =>
        u.Revenue.Count > 0 || u.Transactions.Total > 0
        || u.Content.TotalViews + u.Content.TotalPurchases > 0
        || u.ActiveUsers.Current + u.ActiveUsers.Today + u.ActiveUsers.Peak24h > 0;

    /// <summary>The newest <c>commerce</c> snapshot of <paramref name="tenant"/> on this node.</summary>
    public static CommerceFirstView Load(RealtimeHub hub, string tenant)
    {
        var (update, envelopeJson) = SnapshotEnvelope.Load<CommerceUpdate>(hub, tenant, Topics.Commerce);
        return envelopeJson == SnapshotEnvelope.NoEnvelope ? None : new CommerceFirstView { Update = update, EnvelopeJson = envelopeJson };
    }

    /// <summary>Today's completed revenue of the completed transactions, per currency, as the counters show it.</summary>
    public IReadOnlyList<CurrencyRevenue> Revenue => Update?.Revenue ?? [];
}

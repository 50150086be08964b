using Dashboard.Calendar;
using Dashboard.Publishing;
using Npgsql;

namespace Dashboard.Folding.DeadLetters;

/// <summary>
/// Folds a chunk that failed as a whole, tenant by tenant and then by halves, each part under a savepoint, so the events
/// that fail alone are set aside as dead letters and everything else, of every tenant, is applied in the same
/// transaction (docs/dead-letters.md).
/// </summary>
/// <remarks>
/// Bisection keeps the cost of one poison event among n at about 2·log2(n) attempts instead of n, and a part that
/// succeeds is never redone. Rows keep their relative order inside each part, so the result equals the normal fold
/// without the poison rows.
/// </remarks>
internal sealed class PoisonIsolator(NpgsqlConnection connection, NpgsqlTransaction tx, DateTime now, TenantTimeZones zones, CancellationToken ct)
{
    private readonly HashSet<string> _tenants = new(StringComparer.Ordinal);
    private readonly List<DeadLetter> _deadLetters = [];
    private int _savepoints;

    /// <summary>Tenants whose state the applied rows touched.</summary>
    public IReadOnlyCollection<string> Tenants => _tenants;

    /// <summary>The rows that failed alone, with their error.</summary>
    public IReadOnlyList<DeadLetter> DeadLetters => _deadLetters;

    /// <summary>Applies <paramref name="rows"/>, one tenant at a time, in order of first appearance.</summary>
    /// <exception cref="NpgsqlException">An infrastructure failure (<see cref="FoldFailures.IsPoison"/> false): the transaction must be rolled back.</exception>
    /// <exception cref="PoisonIsolationAbortedException">
    /// Every one of at least <see cref="BreakerRows"/> events failed alone: that is the deployment (a constraint or
    /// trigger added by hand, a broken upgrade), not the data, so nothing is set aside and the firing fails.
    /// </exception>
    public async Task ApplyAsync(IReadOnlyList<FoldRow> rows)
    {
        foreach (var tenant in rows.GroupBy(r => r.Tenant, StringComparer.Ordinal))
        {
            await ApplyPartAsync(tenant.ToList());
        }

        if (rows.Count >= BreakerRows && _deadLetters.Count == rows.Count)
        {
            throw new PoisonIsolationAbortedException(rows.Count, _deadLetters[0].Error);
        }
    }

    /// <summary>The smallest chunk whose every event failing trips the breaker instead of dead-lettering them all.</summary>
    public const int BreakerRows = 10;

    /// <summary>Applies one part under a savepoint; on a poison failure rolls it back and tries its halves.</summary>
    public async Task ApplyPartAsync(IReadOnlyList<FoldRow> rows)
    {
        var parseFailed = rows.Where(r => r.ParseError is not null).ToList();
        foreach (var row in parseFailed)
        {
            _deadLetters.Add(DeadLetter.From(row, row.ParseError!, sqlState: null));
        }

        var part = parseFailed.Count == 0 ? rows : rows.Where(r => r.ParseError is null).ToList();
        if (part.Count == 0)
        {
            return;
        }

        var savepoint = $"fold_{++_savepoints}";
        await tx.SaveAsync(savepoint, ct);
        try
        {
            _tenants.UnionWith(await FoldApplier.ApplyAsync(connection, tx, part, now, zones, ct));
            await tx.ReleaseAsync(savepoint, ct);
            return;
        }
        catch (Exception ex) when (FoldFailures.IsPoison(ex, ct))
        {
            await tx.RollbackAsync(savepoint, ct);
            if (part.Count == 1)
            {
                var (message, sqlState) = FoldFailures.Describe(ex);
                _deadLetters.Add(DeadLetter.From(part[0], message, sqlState));
                return;
            }
        }

        var half = part.Count / 2;
        await ApplyPartAsync(part.Take(half).ToList());
        await ApplyPartAsync(part.Skip(half).ToList());
    }
}

/// <summary>
/// Every event of a chunk failed alone during poison isolation: the cause is not the data, so the transaction is rolled
/// back, nothing is dead-lettered and the firing fails (the next one retries the chunk).
/// </summary>
internal sealed class PoisonIsolationAbortedException(int rows, string firstError)
    : InvalidOperationException($"All {rows} events of a chunk failed one by one (first: {firstError}); not dead-lettering them.");

namespace Dashboard.Observability;

/// <summary>
/// Prometheus names from OpenTelemetry instruments, following the OpenTelemetry "Prometheus and OpenMetrics
/// compatibility" specification where it matters for us: invalid characters become <c>_</c>, the unit becomes a
/// suffix (<c>s</c> → <c>_seconds</c>, <c>ms</c> → <c>_milliseconds</c>, <c>By</c> → <c>_bytes</c>), and neither the
/// unit suffix nor a counter's <c>_total</c> is ever doubled.
/// </summary>
internal static class PrometheusNaming
{
    /// <summary>Replaces every character outside <c>[a-zA-Z0-9_:]</c> by <c>_</c> and prefixes <c>_</c> to a leading digit.</summary>
    public static string SanitizeMetricName(string name) => Sanitize(name, allowColon: true);

    /// <summary>Like <see cref="SanitizeMetricName"/> but for label names, where <c>:</c> is not allowed either.</summary>
    public static string SanitizeLabelName(string name) => Sanitize(name, allowColon: false);

    /// <summary>The Prometheus unit word for a UCUM-style instrument unit, or null when none applies (empty, <c>{…}</c>, unknown).</summary>
    public static string? UnitWord(string? unit) => unit switch
    {
        "s" => "seconds",
        "ms" => "milliseconds",
        "By" => "bytes",
        _ => null,
    };

    /// <summary>
    /// The family name for an instrument: sanitised, a counter's trailing <c>_total</c> removed (the writer adds it back
    /// exactly once), then the unit suffix appended unless the name already ends with it.
    /// </summary>
    /// <remarks>
    /// A gauge named <c>…_count</c> (an OpenTelemetry convention: <c>dotnet.thread_pool.thread.count</c>,
    /// <c>db.client.connection.count</c>) is renamed to the plural Prometheus uses for a gauge of things
    /// (<c>go_threads</c>, <c>process_open_fds</c>): <c>dotnet_thread_pool_threads</c>, <c>db_client_connections</c>.
    /// <c>_count</c> is a histogram's or summary's sample suffix, and <c>promtool check metrics</c> reports it anywhere else.
    /// </remarks>
    public static string FamilyName(string instrumentName, string? unit, bool isCounter, bool isGauge = false)
    {
        var name = SanitizeMetricName(instrumentName);
        if (isCounter && name.EndsWith("_total", StringComparison.Ordinal) && name.Length > "_total".Length)
        {
            name = name[..^"_total".Length];
        }

        var word = UnitWord(unit);
        if (word is not null && name != word && !name.EndsWith("_" + word, StringComparison.Ordinal))
        {
            name = name + "_" + word;
        }

        if (isGauge && name.EndsWith("_count", StringComparison.Ordinal) && name.Length > "_count".Length)
        {
            name = Plural(name[..^"_count".Length]);
        }

        return name;
    }

    private static string Plural(string name) =>
        name.EndsWith('y') && !name.EndsWith("ay", StringComparison.Ordinal) && !name.EndsWith("ey", StringComparison.Ordinal) ? name[..^1] + "ies"
        : name.EndsWith('s') || name.EndsWith('x') ? name + "es"
        : name + "s";

    private static string Sanitize(string name, bool allowColon)
    {
        if (name.Length == 0)
        {
            return "_";
        }

        return string.Create(name.Length + (char.IsAsciiDigit(name[0]) ? 1 : 0), (name, allowColon), static (span, state) =>
        {
            var offset = 0;
            if (char.IsAsciiDigit(state.name[0]))
            {
                span[0] = '_';
                offset = 1;
            }

            for (var i = 0; i < state.name.Length; i++)
            {
                var c = state.name[i];
                span[i + offset] = char.IsAsciiLetterOrDigit(c) || c == '_' || (c == ':' && state.allowColon) ? c : '_';
            }
        });
    }
}

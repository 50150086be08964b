namespace Dashboard.Observability;

/// <summary>The fixed values of the <c>reason</c> label of <c>dashboard_ingest_rejections_total</c>.</summary>
public static class RejectReasons
{
    /// <summary>Invalid events or a malformed body (400).</summary>
    public const string Validation = "validation";

    /// <summary>Body larger than <c>Ingestion:MaxBodyBytes</c> or more than <c>Ingestion:MaxBatchEvents</c> events (413).</summary>
    public const string TooLarge = "too_large";

    /// <summary>Content type not a CloudEvents/JSON one (415).</summary>
    public const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>A token without a tenant reached the endpoint (401). Requests the authentication middleware refuses are in <c>http_requests_received_total{code="401"}</c>.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>PostgreSQL refused a value (400).</summary>
    public const string Storage = "storage";

    /// <summary>The database was unavailable (503).</summary>
    public const string Unavailable = "unavailable";
}

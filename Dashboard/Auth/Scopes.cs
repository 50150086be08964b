namespace Dashboard.Auth;

/// <summary>Token scopes (the space-separated <c>scope</c> claim, docs/protocol.md §2) and the policies built on them.</summary>
public static class Scopes
{
    /// <summary>Subscribe, read snapshots, see the pages.</summary>
    public const string Read = "dashboard:read";

    /// <summary>Ingest events.</summary>
    public const string Write = "events:write";

    /// <summary>The <c>system</c> topic and the jobs page.</summary>
    public const string Admin = "admin";

    /// <summary>Authorization policy names, one per scope.</summary>
    public static class Policies
    {
        /// <summary>Requires <see cref="Scopes.Read"/>.</summary>
        public const string Read = "scope:dashboard:read";

        /// <summary>Requires <see cref="Scopes.Write"/>.</summary>
        public const string Write = "scope:events:write";

        /// <summary>Requires <see cref="Scopes.Admin"/>.</summary>
        public const string Admin = "scope:admin";
    }
}

namespace Dashboard.Realtime.Backplane;

/// <summary>A node's position in one stream: the last seq it has applied.</summary>
internal readonly record struct StreamPosition(string Tenant, string Topic, long Seq);

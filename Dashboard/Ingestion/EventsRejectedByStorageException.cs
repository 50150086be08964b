namespace Dashboard.Ingestion;

/// <summary>PostgreSQL refused the events' content (e.g. a number <c>jsonb</c> cannot hold); nothing was stored (<c>400</c>).</summary>
internal sealed class EventsRejectedByStorageException(string message, Exception inner) : Exception(message, inner);

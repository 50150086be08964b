namespace Dashboard.Hosting;

/// <summary>The database could not be reached or is refusing work right now; the client should retry (<c>503</c>).</summary>
internal sealed class DatabaseUnavailableException(string message, Exception inner) : Exception(message, inner);

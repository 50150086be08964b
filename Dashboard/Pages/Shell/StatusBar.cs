namespace Dashboard.Pages.Shell;

/// <summary>The model of <c>Pages/Shared/_StatusBar.cshtml</c>.</summary>
/// <param name="UpdatedAt">When the server-rendered data was computed (ISO 8601), or null when there is none yet.</param>
public sealed record StatusBar(string? UpdatedAt = null);

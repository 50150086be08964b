namespace Dashboard.Folding;

/// <summary>Registers the incremental event fold (docs/architecture.md): the row reader, the folder and the tenant change log.</summary>
public static class FoldingExtensions
{
    /// <summary>Adds the fold's services; the tick runs the fold (<c>AddTick</c>).</summary>
    public static WebApplicationBuilder AddFolding(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FoldRowReader>();
        builder.Services.AddSingleton<EventFolder>();
        builder.Services.AddSingleton<TenantChanges>();
        builder.Services.AddSingleton<FoldBackfills>();
        return builder;
    }
}

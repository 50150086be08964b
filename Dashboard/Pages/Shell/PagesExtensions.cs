using Microsoft.Extensions.Options;

namespace Dashboard.Pages.Shell;

/// <summary>Registers what the page shell needs.</summary>
internal static class PagesExtensions
{
    /// <summary>Adds Razor Pages, <see cref="PagesOptions"/> and the favicon's cache header (<see cref="FaviconCaching"/>).</summary>
    public static IServiceCollection AddDashboardPages(this IServiceCollection services)
    {
        services.AddRazorPages();
        services.AddFaviconCaching();
        return services.AddPagesOptions();
    }

    /// <summary>Adds <see cref="PagesOptions"/> bound from <c>Pages</c>, defaults filled in, validated at start-up.</summary>
    public static IServiceCollection AddPagesOptions(this IServiceCollection services)
    {
        services.AddOptions<PagesOptions>().BindConfiguration(PagesOptions.SectionName)
            .PostConfigure(ThresholdDefaults.Apply)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PagesOptions>, PagesOptionsValidator>();
        return services;
    }
}

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Dashboard.Benchmarks;

/// <summary>
/// The real app in-process on its own database, simulator off and every recurring job paused, so a scenario drives a
/// job's work itself and times exactly that.
/// </summary>
internal sealed class BenchmarkHost(string connectionString) : WebApplicationFactory<Program>
{
    /// <summary>Starts the app (migrations run) and puts its scheduler in standby.</summary>
    public async Task StartAsync()
    {
        StartServer();
        // Standby: no trigger fires any more. A firing already under way when it lands finishes during the warm-up ticks.
        var scheduler = await Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.Standby();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Benchmark");
        builder.UseSetting("ConnectionStrings:Dashboard", connectionString);
        builder.UseSetting("Simulation:Enabled", "false");
        builder.UseSetting("Jobs:SchedulerName", "bench-" + Guid.NewGuid().ToString("N")[..8]);
        builder.UseSetting("Auth:SigningKey", Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}

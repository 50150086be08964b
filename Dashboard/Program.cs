using Dashboard.Auth;
using Dashboard.Hosting;
using Dashboard.Ingestion;
using Dashboard.Jobs;
using Dashboard.Metrics;
using Dashboard.Metrics.DeadLetters;
using Dashboard.Metrics.Queues;
using Dashboard.Metrics.Rollups;
using Dashboard.Observability;
using Dashboard.Pages.Shell;
using Dashboard.Realtime;
using Dashboard.Reports;
using Dashboard.Simulation;
using Dashboard.Storage;
using Dashboard.Webhooks;

if (TokenCommand.IsInvocation(args))
{
    return TokenCommand.Run(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddProblemResponses();
builder.AddStorage();
builder.AddDashboardAuth();
builder.AddObservability();
builder.AddRealtime();
builder.AddIngestion();
builder.AddWebhooks();
builder.AddMetricJobs();
builder.AddJobs();
builder.AddReports();
builder.AddSimulation();
builder.Services.AddDashboardPages();

var app = builder.Build();
app.UseHttpMetrics();
app.UseProblemResponses();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
app.MapObservability();
app.MapAuthEndpoints();
app.MapRealtime();
app.MapIngestion();
app.MapWebhooks();
app.MapQueueEndpoints();
app.MapReports();
app.MapCallsPerDay();
app.MapJobs();
app.MapDeadLetters();
app.MapRazorPages();
app.LogReadyUrl();

await app.RunAsync();
return 0;

/// <summary>The web application's entry point (public for the test host).</summary>
public partial class Program;

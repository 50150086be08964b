using Dashboard.Activity;
using Dashboard.Alerts;
using Dashboard.Alerts.Evaluation;
using Dashboard.Api;
using Dashboard.Auth;
using Dashboard.BusinessSeries;
using Dashboard.Calls;
using Dashboard.Calendar;
using Dashboard.Campaigns;
using Dashboard.Chat;
using Dashboard.Commerce;
using Dashboard.Folding;
using Dashboard.Folding.DeadLetters;
using Dashboard.Hosting;
using Dashboard.Ingestion;
using Dashboard.Jobs;
using Dashboard.Kpis;
using Dashboard.Notifications;
using Dashboard.Observability;
using Dashboard.Pages.Shell;
using Dashboard.Publishing;
using Dashboard.Queues;
using Dashboard.Realtime;
using Dashboard.Retention;
using Dashboard.Rollups;
using Dashboard.Simulation;
using Dashboard.Storage;
using Dashboard.SystemHealth;
using Dashboard.Tick;
using Dashboard.Webhooks;

// The composition root: one Add and one Map per feature folder (docs/architecture.md §1 maps what each owns).
if (TokenCommand.IsInvocation(args))
{
    return TokenCommand.Run(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddProblemResponses();
builder.AddStorage();
builder.AddCalendar();
builder.AddDashboardAuth();
builder.AddObservability();
builder.AddBusinessSeries();
builder.AddRealtime();
builder.AddIngestion();
builder.AddWebhooks();
builder.AddApi();
builder.AddPublishing();
builder.AddFolding();
builder.AddDeadLetters();
builder.AddCampaigns();
builder.AddCalls();
builder.AddQueues();
builder.AddChat();
builder.AddCommerce();
builder.AddKpis();
builder.AddActivity();
builder.AddNotifications();
builder.AddAlertRules();
builder.AddAlertEvaluation();
builder.AddSystemHealth();
builder.AddRollups();
builder.AddRetention();
builder.AddTick();
// After every feature that declares a recurring job.
builder.AddJobs();
builder.AddSimulation();
builder.Services.AddDashboardPages();

var app = builder.Build();
// First: an idle WebSocket keeps what every middleware before its handler holds (docs/limits.md).
app.UseRealtimeWebSockets();
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
app.MapApi();
app.MapCampaigns();
app.MapCalls();
app.MapQueues();
app.MapChat();
app.MapCommerce();
app.MapKpis();
app.MapActivity();
app.MapNotifications();
app.MapAlertRules();
app.MapAlerts();
app.MapDeadLetters();
app.MapJobs();
app.MapRazorPages();
app.LogReadyUrl();

await app.RunAsync();
return 0;

/// <summary>The web application's entry point (public for the test host).</summary>
public partial class Program;

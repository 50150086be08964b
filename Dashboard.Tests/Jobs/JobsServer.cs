using System.Text.Json;
using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;

namespace Dashboard.Tests.Jobs;

/// <summary>
/// The real app with the system health job every second, so what it drives (a pause test watching it stop and restart,
/// the System page, the job metrics) changes within a test's wait.
/// </summary>
public class JobsServer() : ConfiguredServer(new()
{
    ["Jobs:SystemIntervalSeconds"] = "1",
})
{
    /// <summary>The subject of <see cref="AdminToken"/>, which a pause records.</summary>
    public const string Admin = "ops-admin";

    /// <summary>A token with <c>dashboard:read admin</c>.</summary>
    public string AdminToken() => Token(Tenants.New(), $"{Scopes.Read} {Scopes.Admin}", subject: Admin);

    /// <summary><c>GET /api/v1/jobs/{name}</c>, asserted 200.</summary>
    public static async Task<JsonElement> JobAsync(HttpClient http, string name)
    {
        var response = await http.GetAsync($"/api/v1/jobs/{name}");
        response.EnsureSuccessStatusCode();
        return await response.JsonAsync();
    }

    /// <summary>Polls <c>GET /api/v1/jobs/{name}</c> until <paramref name="done"/> holds; fails after <paramref name="timeout"/>.</summary>
    public static async Task<JsonElement> WaitForJobAsync(HttpClient http, string name, Func<JsonElement, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement detail;
        do
        {
            detail = await JobAsync(http, name);
            if (done(detail))
            {
                return detail;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"Job {name} did not reach the expected state within {timeout}; last answer: {detail}");
        return detail;
    }
}

/// <summary>A server of its own for the failure test, which makes the retention job fail through its database.</summary>
public sealed class FailingJobsServer : JobsServer;

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Pages;

/// <summary>Ingests CloudEvents for a tenant through <c>/api/v1/events</c> and waits, bounded, for the reports to show them.</summary>
internal sealed class PageEvents(DashboardServer server, string tenant) : IDisposable
{
    private readonly HttpClient _producer = server.Http(server.Token(tenant, Scopes.Write));
    private readonly HttpClient _reader = server.Http(server.Token(tenant));

    /// <summary>A CloudEvent with a fresh id, as a producer would send it.</summary>
    public static object CloudEvent(string type, DateTimeOffset time, object data) => new
    {
        specversion = "1.0", id = Guid.NewGuid().ToString("N"), source = "urn:dashboard:pages-test", type, time, data,
    };

    /// <summary>Posts <paramref name="events"/> as one batch through <paramref name="producer"/> and asserts a 202.</summary>
    public static async Task PostBatchAsync(HttpClient producer, params object[] events)
    {
        using var content = new StringContent(JsonSerializer.Serialize(events), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents-batch+json");
        using var response = await producer.PostAsync("/api/v1/events", content);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public Task PostAsync(params object[] events) => PostBatchAsync(_producer, events);

    /// <summary>
    /// Reads <paramref name="path"/> until <paramref name="ready"/> holds (the fold and the jobs commit after ingestion
    /// returns); fails after <see cref="BrowserFixture.TimeoutMs"/>.
    /// </summary>
    public async Task<JsonElement> WaitForAsync(string path, Func<JsonElement, bool> ready)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(BrowserFixture.TimeoutMs);
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await _reader.GetAsync(path);
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            if (response.IsSuccessStatusCode)
            {
                var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                if (ready(json))
                {
                    return json;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{path} did not reach the expected state; last answer: {last}");
    }

    public void Dispose()
    {
        _producer.Dispose();
        _reader.Dispose();
    }
}

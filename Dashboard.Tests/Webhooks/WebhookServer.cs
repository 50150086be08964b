using System.Security.Cryptography;
using System.Text;
using Dashboard.Tests.Infrastructure;
using Npgsql;

namespace Dashboard.Tests.Webhooks;

/// <summary>
/// The real app with one Twilio account and one LiveKit key configured, each for a tenant of its own, behind a
/// (pretend) proxy: <c>Webhooks:PublicBaseUrl</c> is the public URL Twilio signs, not Kestrel's loopback address.
/// </summary>
public sealed class WebhookServer : DashboardServer
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string ApiKey = "APIwebhooktest";
    public const string PublicBaseUrl = "https://dashboard.example.com/ops";
    public const string TwilioPath = "/api/v1/webhooks/twilio/voice";

    public string AuthToken { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    public string ApiSecret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(33));

    public string TwilioTenant { get; } = Tenants.New();

    public string LiveKitTenant { get; } = Tenants.New();

    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Webhooks:PublicBaseUrl"] = PublicBaseUrl;
        settings[$"Webhooks:Twilio:Accounts:{AccountSid}:AuthToken"] = AuthToken;
        settings[$"Webhooks:Twilio:Accounts:{AccountSid}:Tenant"] = TwilioTenant;
        settings[$"Webhooks:LiveKit:Keys:{ApiKey}:Secret"] = ApiSecret;
        settings[$"Webhooks:LiveKit:Keys:{ApiKey}:Tenant"] = LiveKitTenant;
        return settings;
    }

    /// <summary>Stored events of <paramref name="tenant"/> about one call (the <c>subject</c>), in storage order.</summary>
    public async Task<List<(string Id, string Type, string Source)>> EventsAboutAsync(string tenant, string subject)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT event_id, type, source FROM events WHERE tenant = $1 AND subject = $2 ORDER BY seq", connection);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(subject);
        var rows = new List<(string, string, string)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return rows;
    }

    /// <summary>
    /// The folded <c>calls</c> row once <paramref name="done"/> holds for it, polling until a deadline: the 1 s Quartz
    /// job folds on its own schedule. Fails the test with the last row seen when the deadline passes.
    /// </summary>
    public async Task<CallState> WaitForCallAsync(string tenant, string callId, Func<CallState, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        CallState? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await ReadCallAsync(tenant, callId);
            if (last is not null && done(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"call {callId} did not reach the expected state in time; last seen: {last?.ToString() ?? "no row"}");
        return null!;
    }

    private async Task<CallState?> ReadCallAsync(string tenant, string callId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT direction, agent_id, started_at, answered_at, ended_at, outcome, duration_seconds FROM calls WHERE tenant = $1 AND call_id = $2", connection);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(callId);
        await using var reader = await cmd.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        DateTime? At(int i) => reader.IsDBNull(i) ? null : reader.GetDateTime(i);
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return new CallState(Text(0), Text(1), At(2), At(3), At(4), Text(5), reader.IsDBNull(6) ? null : reader.GetDouble(6));
    }

    /// <summary>HMAC-SHA1 of URL + sorted name/value pairs, Base64: written here independently of the code under test.</summary>
    public static string TwilioSign(string token, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(data.ToString())));
    }
}

public sealed record CallState(
    string? Direction, string? AgentId, DateTime? StartedAt, DateTime? AnsweredAt, DateTime? EndedAt, string? Outcome, double? DurationSeconds);

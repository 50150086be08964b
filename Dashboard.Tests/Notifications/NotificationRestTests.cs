using System.Net;
using System.Text.Json;
using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;

namespace Dashboard.Tests.Notifications;

/// <summary>
/// <c>/api/v1/notifications</c> (docs/api.md, docs/notifications.md): the newest first with limit and the unread filter,
/// read marks per user (the token's sub), read-all, the tenant's ids only, and 400/401/403/404 answers.
/// </summary>
public sealed class NotificationRestTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task Lists_newest_first_with_each_users_own_read_marks_and_unread_filter_and_limit()
    {
        var tenant = Events.NewTenant();
        var ids = await PostAsync(tenant, 3);
        var (n1, n2, n3) = (ids[0], ids[1], ids[2]);
        using var alice = server.Http(server.Token(tenant, subject: "alice"));
        using var bob = server.Http(server.Token(tenant, subject: "bob"));

        var page = await PageAsync(alice, "");
        Assert.Equal([(n3, false), (n2, false), (n1, false)], page.Items);
        Assert.Equal((3, 3), (page.Count, page.Unread));

        using (var read = await alice.PostAsync($"/api/v1/notifications/{n2}/read", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        }

        // Idempotent.
        using (var again = await alice.PostAsync($"/api/v1/notifications/{n2}/read", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        }

        Assert.Equal([(n3, false), (n2, true), (n1, false)], (await PageAsync(alice, "?unread=false")).Items);
        page = await PageAsync(alice, "?unread=true");
        Assert.Equal([(n3, false), (n1, false)], page.Items);
        Assert.Equal((2, 2), (page.Count, page.Unread));
        page = await PageAsync(alice, "?unread=true&limit=1");
        Assert.Equal([(n3, false)], page.Items);
        Assert.Equal((1, 2), (page.Count, page.Unread));
        page = await PageAsync(alice, "?limit=2");
        Assert.Equal([(n3, false), (n2, true)], page.Items);
        Assert.Equal((2, 2), (page.Count, page.Unread));

        // Bob's marks are his own.
        page = await PageAsync(bob, "");
        Assert.Equal(3, page.Unread);
        Assert.All(page.Items, i => Assert.False(i.Read));
        Assert.Equal(3, await ReadAllAsync(bob));
        Assert.Equal(0, await ReadAllAsync(bob));
        page = await PageAsync(bob, "?unread=true");
        Assert.Empty(page.Items);
        Assert.Equal((0, 0), (page.Count, page.Unread));
        Assert.Equal(2, (await PageAsync(alice, "")).Unread);
        Assert.Equal(2, await ReadAllAsync(alice));
        Assert.Equal(0, (await PageAsync(alice, "")).Unread);

        // A new notification is unread for both.
        var n4 = (await PostAsync(tenant, 1))[0];
        Assert.Equal([(n4, false)], (await PageAsync(bob, "?unread=true")).Items);
        Assert.Equal(1, (await PageAsync(alice, "")).Unread);
    }

    [Fact]
    public async Task Unread_counts_and_read_all_cover_the_newest_100()
    {
        var tenant = Events.NewTenant();
        var ids = await PostAsync(tenant, 105);
        using var client = server.Http(server.Token(tenant, subject: "carol"));
        var page = await PageAsync(client, "");
        Assert.Equal((100, 100), (page.Count, page.Unread));
        Assert.Equal(ids.Skip(5).Reverse(), page.Items.Select(i => i.Id));
        Assert.Equal(100, await ReadAllAsync(client));
        // The five older ones are beyond the centre: not counted, not listed, still markable by id.
        Assert.Equal(0, (await PageAsync(client, "?unread=true")).Unread);
        using var old = await client.PostAsync($"/api/v1/notifications/{ids[0]}/read", null);
        Assert.Equal(HttpStatusCode.NoContent, old.StatusCode);
    }

    [Fact]
    public async Task Read_all_up_to_an_id_marks_only_ids_up_to_it_among_the_newest_100_and_refuses_a_bad_bound_by_name()
    {
        var tenant = Events.NewTenant();
        var ids = await PostAsync(tenant, 104);
        using var client = server.Http(server.Token(tenant, subject: "dora"));

        // The newest 100 are ids[4..103]; a bound at ids[53] marks ids[4..53] (50), not the older four beyond the 100.
        Assert.Equal(50, await ReadAllAsync(client, $"?upToId={ids[53]}"));
        var page = await PageAsync(client, "");
        Assert.Equal(ids.Skip(4).Reverse().Select(id => (id, id <= ids[53])), page.Items);
        Assert.Equal(50, page.Unread);
        using (var db = new Npgsql.NpgsqlConnection(server.ConnectionString))
        {
            await db.OpenAsync();
            await using var marked = new Npgsql.NpgsqlCommand("SELECT count(*) FROM notification_reads WHERE tenant = $1 AND notification_id < $2", db);
            marked.Parameters.AddWithValue(tenant);
            marked.Parameters.AddWithValue(ids[4]);
            Assert.Equal(0L, (long)(await marked.ExecuteScalarAsync())!);
        }

        // A bound above every id is the newest 100 (idempotent for those already marked); none marks the rest.
        Assert.Equal(50, await ReadAllAsync(client, $"?upToId={long.MaxValue}"));
        Assert.Equal(0, (await PageAsync(client, "")).Unread);

        foreach (var bad in new[] { "0", "-3", "abc", "1.5", "", "99999999999999999999" })
        {
            using var response = await client.PostAsync($"/api/v1/notifications/read-all?upToId={bad}", null);
            var problem = await response.AssertProblemAsync(400);
            Assert.True(problem.GetProperty("errors").TryGetProperty("upToId", out _), $"{bad}: {problem}");
        }
    }

    [Fact]
    public async Task Bad_parameters_are_400_naming_them_unknown_and_foreign_ids_404_and_scopes_apply()
    {
        var tenant = Events.NewTenant();
        var foreign = (await PostAsync(Events.NewTenant(), 1))[0];
        using var client = server.Http(server.Token(tenant));
        foreach (var (query, parameter) in new[]
        {
            ("limit=0", "limit"), ("limit=101", "limit"), ("limit=ten", "limit"), ("limit=", "limit"),
            ("unread=yes", "unread"), ("unread=TRUE", "unread"), ("unread=", "unread"),
        })
        {
            using var bad = await client.GetAsync("/api/v1/notifications?" + query);
            var problem = await bad.AssertProblemAsync(400);
            Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), $"{query}: {problem}");
        }

        foreach (var id in new[] { "abc", "0", "-1", "1.5", "99999999999999999999" })
        {
            using var bad = await client.PostAsync($"/api/v1/notifications/{id}/read", null);
            var problem = await bad.AssertProblemAsync(400);
            Assert.True(problem.GetProperty("errors").TryGetProperty("id", out _), $"{id}: {problem}");
        }

        foreach (var id in new[] { foreign, long.MaxValue })
        {
            using var missing = await client.PostAsync($"/api/v1/notifications/{id}/read", null);
            await missing.AssertProblemAsync(404);
        }

        // The other tenant's notification was not marked for anyone here, nor listed.
        Assert.Empty((await PageAsync(client, "")).Items);

        // Read marks are keyed by the token's sub: one beyond 256 UTF-8 bytes is refused by name, one at the bound is served.
        using (var longSub = server.Http(server.Token(tenant, subject: new string('é', 129))))
        {
            foreach (var request in new Func<Task<HttpResponseMessage>>[]
            {
                () => longSub.GetAsync("/api/v1/notifications"),
                () => longSub.PostAsync("/api/v1/notifications/read-all", null),
                () => longSub.PostAsync($"/api/v1/notifications/{foreign}/read", null),
            })
            {
                using var response = await request();
                Assert.True((await response.AssertProblemAsync(400)).GetProperty("errors").TryGetProperty("sub", out _));
            }
        }

        using (var atBound = server.Http(server.Token(tenant, subject: new string('é', 128))))
        {
            Assert.Equal(0, await ReadAllAsync(atBound));
        }

        using (var anonymous = await server.Http().GetAsync("/api/v1/notifications"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using var writeOnly = server.Http(server.Token(tenant, Scopes.Write));
        foreach (var request in new Func<Task<HttpResponseMessage>>[]
        {
            () => writeOnly.GetAsync("/api/v1/notifications"),
            () => writeOnly.PostAsync("/api/v1/notifications/read-all", null),
            () => writeOnly.PostAsync($"/api/v1/notifications/{foreign}/read", null),
        })
        {
            using var response = await request();
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        using var openApi = await server.Http().GetAsync("/openapi/v1.json");
        var paths = (await openApi.JsonAsync()).GetProperty("paths");
        var get = paths.GetProperty("/api/v1/notifications").GetProperty("get");
        var parameters = get.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal(["limit", "unread"], parameters.Keys.Order());
        Assert.Equal(["true", "false"], parameters["unread"].GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        Assert.True(paths.GetProperty("/api/v1/notifications/{id}/read").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/v1/notifications/read-all").TryGetProperty("post", out _));
    }

    // Posts n notifications and returns their ids in order (read back as the REST list does, newest first, reversed).
    private async Task<List<long>> PostAsync(string tenant, int n)
    {
        using (var response = await server.Http(server.Token(tenant, Scopes.Write)).PostAsync(Events.Array(NotificationFeedTests.Notes(n, "r")), Events.Batch))
        {
            await response.AssertAcceptedAsync(n, 0);
        }

        using var db = new Npgsql.NpgsqlConnection(server.ConnectionString);
        await db.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT id FROM notifications WHERE tenant = $1 ORDER BY id DESC LIMIT $2", db);
        command.Parameters.AddWithValue(tenant);
        command.Parameters.AddWithValue(n);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        ids.Reverse();
        return ids;
    }

    private static async Task<(List<(long Id, bool Read)> Items, int Count, int Unread)> PageAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync("/api/v1/notifications" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.JsonAsync();
        var items = json.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("id").GetInt64(), i.GetProperty("read").GetBoolean())).ToList();
        Assert.Equal(items.Count, json.GetProperty("count").GetInt32());
        return (items, json.GetProperty("count").GetInt32(), json.GetProperty("unreadCount").GetInt32());
    }

    private static async Task<int> ReadAllAsync(HttpClient client, string query = "")
    {
        using var response = await client.PostAsync("/api/v1/notifications/read-all" + query, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("marked").GetInt32();
    }
}

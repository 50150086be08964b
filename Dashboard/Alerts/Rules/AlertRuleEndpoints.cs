using System.Text.Json;
using Dashboard.Alerts.Metrics;
using Dashboard.Api;
using Dashboard.Auth;
using Dashboard.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Dashboard.Alerts.Rules;

/// <summary>
/// <c>/api/v1/alerts/rules</c> (docs/alerts.md, "REST"; docs/api.md): list, read, create, replace, delete and silence the
/// token's tenant's alert rules. Every verb needs the <c>admin</c> scope (401 without a token, 403 without the scope).
/// </summary>
internal static partial class AlertRuleEndpoints
{
    /// <summary>Largest accepted request body, in bytes.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Longest silence (<c>until</c> at most this far ahead).</summary>
    public static readonly TimeSpan MaxSilence = TimeSpan.FromDays(30);

    // An ISO 8601 time that names its offset: Z or ±hh:mm at the end.
    [System.Text.RegularExpressions.GeneratedRegex(@"(?:[Zz]|[+-][0-9]{2}:[0-9]{2})$")]
    private static partial System.Text.RegularExpressions.Regex ExplicitOffset();

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup(ApiExtensions.Prefix + "/alerts/rules").RequireAuthorization(Scopes.Policies.Admin).WithTags("Alerts");
        rules.MapGet("/", ListAsync).WithName("ListAlertRules").WithSummary("The tenant's alert rules, by id");
        rules.MapGet("/{id}", GetAsync).WithName("GetAlertRule").WithSummary("One alert rule").ProducesProblem(StatusCodes.Status404NotFound);
        rules.MapPost("/", CreateAsync).WithName("CreateAlertRule")
            .WithSummary("Creates an alert rule (201 + Location; id generated from the name when absent)")
            .WithDescription("Body: an alert rule (docs/alerts.md, \"Rule reference\"). 400 ValidationProblem keyed by the JSON field; an unknown metric lists the valid ones (errors.metric and the knownMetrics extension); 409 when the id is taken; 400 naming Alerts:MaxRulesPerTenant when the tenant has that many rules.")
            .Accepts<AlertRuleBody>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        rules.MapPut("/{id}", ReplaceAsync).WithName("ReplaceAlertRule")
            .WithSummary("Replaces an API rule's definition (version + 1); 409 for a rule from configuration")
            .Accepts<AlertRuleBody>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        rules.MapDelete("/{id}", DeleteAsync).WithName("DeleteAlertRule")
            .WithSummary("Deletes an API rule and its alert states (its transitions stay in the history); 409 for a rule from configuration")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        rules.MapPost("/{id}/silence", SilenceAsync).WithName("SilenceAlertRule")
            .WithSummary("Silences a rule until a time (at most 30 days ahead), or lifts the silence with until null")
            .Accepts<SilenceBody>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<AlertRuleList>> ListAsync(HttpContext context, AlertRuleStore store, CancellationToken ct) =>
        TypedResults.Ok(new AlertRuleList(await store.ReadAsync(ApiExtensions.Tenant(context), ct)));

    private static async Task<Results<Ok<AlertRule>, ProblemHttpResult>> GetAsync(string id, HttpContext context, AlertRuleStore store, CancellationToken ct) =>
        await store.GetAsync(ApiExtensions.Tenant(context), id, ct) is { } rule ? TypedResults.Ok(rule) : NotFound(id);

    private static async Task<Results<Created<AlertRule>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpContext context, AlertRuleStore store, IOptionsMonitor<AlertsOptions> options, CancellationToken ct)
    {
        var (definition, problem) = await ReadDefinitionAsync(context);
        if (definition is null)
        {
            return problem!;
        }

        var tenant = ApiExtensions.Tenant(context);
        var max = options.CurrentValue.MaxRulesPerTenant;
        var generated = definition.Id.Length == 0;
        var slug = generated ? AlertRuleSlug.From(definition.Name) : definition.Id;
        for (var attempt = 1; ; attempt++)
        {
            var candidate = definition with { Id = attempt == 1 ? slug : AlertRuleSlug.Numbered(slug, attempt) };
            var (result, rule) = await store.CreateAsync(tenant, candidate, max, ct);
            switch (result)
            {
                case RuleWrite.Done:
                    return TypedResults.Created($"{ApiExtensions.Prefix}/alerts/rules/{Uri.EscapeDataString(rule!.Id)}", rule);
                case RuleWrite.TooMany:
                    return TypedResults.Problem(statusCode: 400, title: "Too many alert rules",
                        detail: $"The tenant already has {max} alert rules, the most Alerts:MaxRulesPerTenant allows (configured and API rules together); delete one first.");
                case RuleWrite.IdTaken when generated && attempt < AlertRuleSlug.MaxAttempts:
                    continue;
                default:
                    return TypedResults.Problem(statusCode: 409, title: "Alert rule id taken",
                        detail: $"The tenant already has an alert rule with id {candidate.Id}; choose another id or PUT to replace it.");
            }
        }
    }

    private static async Task<Results<Ok<AlertRule>, ValidationProblem, ProblemHttpResult>> ReplaceAsync(
        string id, HttpContext context, AlertRuleStore store, CancellationToken ct)
    {
        var (definition, problem) = await ReadDefinitionAsync(context);
        if (definition is null)
        {
            return problem!;
        }

        if (definition.Id.Length > 0 && definition.Id != id)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [$"id must be absent or equal to the path's id ({id}); a rule is not renamed."] });
        }

        var (result, rule) = await store.UpdateAsync(ApiExtensions.Tenant(context), definition with { Id = id }, ct);
        return result switch
        {
            RuleWrite.Done => TypedResults.Ok(rule!),
            RuleWrite.Config => ConfigRule(id),
            _ => NotFound(id),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, HttpContext context, AlertRuleStore store, CancellationToken ct) =>
        await store.DeleteAsync(ApiExtensions.Tenant(context), id, ct) switch
        {
            RuleWrite.Done => TypedResults.NoContent(),
            RuleWrite.Config => ConfigRule(id),
            _ => NotFound(id),
        };

    private static async Task<Results<Ok<AlertRule>, ValidationProblem, ProblemHttpResult>> SilenceAsync(
        string id, HttpContext context, AlertRuleStore store, TimeProvider time, CancellationToken ct)
    {
        DateTimeOffset? until = null;
        using (var body = await ReadJsonAsync(context))
        {
            if (body is null || body.RootElement.ValueKind != JsonValueKind.Object)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [""] = ["The body must be a JSON object {\"until\": ISO-8601 time or null}."] });
            }

            if (body.RootElement.TryGetProperty("until", out var value) && value.ValueKind != JsonValueKind.Null)
            {
                var now = time.GetUtcNow();
                // A time without an offset would be read in the server's time zone: refused, not guessed.
                if (value.ValueKind != JsonValueKind.String || !ExplicitOffset().IsMatch(value.GetString()!) || !value.TryGetDateTimeOffset(out var at))
                {
                    return Invalid("until", "until must be an ISO-8601 time with its offset (e.g. 2026-12-06T18:00:00Z) or null.");
                }

                if (at <= now || at > now + MaxSilence)
                {
                    return Invalid("until", $"until must be in the future and at most {MaxSilence.TotalDays:0} days ahead.");
                }

                until = at.ToUniversalTime();
            }
        }

        if (NotificationEndpoints.RecordedSubject(TokenPrincipal.FromClaims(context.User)!) is not { } by)
        {
            // silencedBy is shown to everyone: the same bound as acknowledgedBy (docs/alerts.md, "Silence").
            return Invalid("sub", $"a silence records the token's sub, which must be at most {NotificationEndpoints.MaxSubjectBytes} UTF-8 bytes.");
        }

        var rule = await store.SilenceAsync(ApiExtensions.Tenant(context), id, until, by, ct);
        return rule is null ? NotFound(id) : TypedResults.Ok(rule);
    }

    // The validated definition of the body, or the 400 to answer.
    private static async Task<(AlertRuleDefinition?, ValidationProblem?)> ReadDefinitionAsync(HttpContext context)
    {
        using var body = await ReadJsonAsync(context);
        if (body is null)
        {
            return (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { [""] = [$"The body must be a JSON object of at most {MaxBodyBytes} bytes (an alert rule, docs/alerts.md)."] }));
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var input = AlertRuleRequest.Read(body.RootElement, errors);
        var definition = AlertRuleValidator.Validate(input, idRequired: false, out var ruleErrors);
        foreach (var (field, messages) in ruleErrors)
        {
            errors.TryAdd(field, messages);
        }

        if (errors.Count == 0)
        {
            return (definition, null);
        }

        var unknown = errors.TryGetValue("metric", out var m) && m.Any(s => s.StartsWith("unknown metric", StringComparison.Ordinal));
        return (null, TypedResults.ValidationProblem(errors, title: "The alert rule is not valid",
            extensions: unknown ? new Dictionary<string, object?> { ["knownMetrics"] = AlertMetricCatalogue.Known } : null));
    }

    // The body as JSON; null when it is not JSON or larger than MaxBodyBytes (both answered 400, docs/alerts.md).
    private static async Task<JsonDocument?> ReadJsonAsync(HttpContext context)
    {
        using var body = await RequestBodyBuffer.ReadAsync(context, MaxBodyBytes);
        if (body is null)
        {
            return null;
        }

        try
        {
            // A document parsed from memory keeps using that memory: give it its own copy, as the pooled buffer goes back here.
            return JsonDocument.Parse(body.Memory.ToArray());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: 404, title: "Unknown alert rule", detail: $"The tenant has no alert rule with id {(id.Length > 64 ? id[..64] + "…" : id)}.");

    private static ProblemHttpResult ConfigRule(string id) =>
        TypedResults.Problem(statusCode: 409, title: "Alert rule from configuration",
            detail: $"Alert rule {id} comes from configuration: edit Alerts:Rules in configuration (it may only be silenced over REST).");
}

/// <summary>The body of <c>GET /api/v1/alerts/rules</c>.</summary>
/// <param name="Items">The rules, by id.</param>
internal sealed record AlertRuleList(IReadOnlyList<AlertRule> Items);

/// <summary>The body of <c>POST /api/v1/alerts/rules/{id}/silence</c> (documentation shape).</summary>
/// <param name="Until">Until when (ISO-8601, future, at most 30 days ahead); null lifts the silence.</param>
internal sealed record SilenceBody(DateTimeOffset? Until);

/// <summary>The body of <c>POST</c> and <c>PUT /api/v1/alerts/rules</c> (documentation shape; read field by field).</summary>
internal sealed record AlertRuleBody(
    string? Id, string Name, string Metric, IReadOnlyDictionary<string, string>? Labels, string? Direction,
    double? Warning, double? Critical, double? WarningRecovery, double? CriticalRecovery,
    int? ForSeconds, int? KeepFiringForSeconds, string? NoData);

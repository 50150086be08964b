using System.Globalization;
using Microsoft.Extensions.Options;

namespace Dashboard.Auth;

/// <summary>
/// <c>dotnet run --project Dashboard -- token --tenant T [--sub U] [--scope "..."] [--ttl 1h]</c>: prints a token signed with
/// the configured key (like <c>centrifugo gentoken</c>). Defaults: <c>--sub cli</c>, <c>--scope "dashboard:read"</c>, <c>--ttl 1h</c>.
/// <c>--ttl</c> takes a number with <c>s</c>, <c>m</c>, <c>h</c> or <c>d</c>; <c>--tenant</c> follows <see cref="TenantName.Rule"/>.
/// </summary>
internal static class TokenCommand
{
    public static bool IsInvocation(string[] args) => args.Length > 0 && args[0] == "token";

    /// <summary>Runs the command; returns the process exit code (0 printed a token, 2 bad usage or configuration).</summary>
    public static int Run(string[] args)
    {
        string? tenant = null, sub = "cli", scope = Scopes.Read, ttlText = "1h";
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--tenant": tenant = Next(); break;
                case "--sub": sub = Next(); break;
                case "--scope": scope = Next(); break;
                case "--ttl": ttlText = Next(); break;
                default: rest.Add(args[i]); break;
            }
        }

        if (string.IsNullOrWhiteSpace(tenant) || sub is null || scope is null || !TryParseTtl(ttlText, out var ttl))
        {
            Console.Error.WriteLine("usage: token --tenant T [--sub U] [--scope \"dashboard:read events:write admin\"] [--ttl 1h]");
            return 2;
        }

        if (!TenantName.IsValid(tenant))
        {
            Console.Error.WriteLine($"--tenant must be {TenantName.Rule}; the server refuses any other tenant.");
            return 2;
        }

        // Same configuration sources as the server (appsettings, environment, user secrets, command line).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. rest] });
        DevelopmentSigningKey.ApplyIfNeeded(builder.Configuration, builder.Environment);
        var options = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        var validation = new AuthOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            Console.Error.WriteLine(validation.FailureMessage);
            return 2;
        }

        Console.WriteLine(new TokenService(Options.Create(options), TimeProvider.System).Issue(tenant, sub, scope, ttl));
        return 0;
    }

    internal static bool TryParseTtl(string? text, out TimeSpan ttl)
    {
        ttl = default;
        if (string.IsNullOrEmpty(text) || text.Length < 2 || !double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return false;
        }

        ttl = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => TimeSpan.Zero,
        };
        return ttl > TimeSpan.Zero;
    }
}

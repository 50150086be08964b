using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.IdentityModel.Tokens;

namespace Dashboard.Tests.Infrastructure;

/// <summary>The issuer's HTTP endpoints (paths as Keycloak's, under <c>/realms/test</c>).</summary>
internal sealed partial class TestOidcIssuer
{
    private static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromMinutes(10);

    private void Map(WebApplication app)
    {
        var realm = app.MapGroup(RealmPath);
        realm.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Authority,
            ["authorization_endpoint"] = AuthorizeEndpoint,
            ["token_endpoint"] = TokenEndpoint,
            ["userinfo_endpoint"] = UserInfoEndpoint,
            ["end_session_endpoint"] = EndSessionEndpoint,
            ["jwks_uri"] = JwksUri,
            ["response_types_supported"] = new[] { "code" },
            ["response_modes_supported"] = new[] { "query", "form_post" },
            ["grant_types_supported"] = new[] { "authorization_code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256 },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post" },
            ["scopes_supported"] = new[] { "openid", "profile", "dashboard:read", "events:write", "admin" },
        }));
        realm.MapGet("/protocol/openid-connect/certs", Jwks);
        realm.MapGet("/protocol/openid-connect/auth", (HttpRequest request) => Authorize(request.Query.ToDictionary(p => p.Key, p => p.Value.ToString()), approved: false));
        realm.MapPost("/protocol/openid-connect/auth", async (HttpRequest request) =>
            Authorize((await request.ReadFormAsync()).ToDictionary(p => p.Key, p => p.Value.ToString()), approved: true)).DisableAntiforgery();
        realm.MapPost("/protocol/openid-connect/token", Token).DisableAntiforgery();
        realm.MapGet("/protocol/openid-connect/userinfo", UserInfo);
        realm.MapGet("/protocol/openid-connect/logout", (HttpRequest request) =>
        {
            _endSessionRequests.Enqueue(request.QueryString.Value ?? "");
            var target = request.Query["post_logout_redirect_uri"].ToString();
            if (target.Length == 0)
            {
                return Results.Text("Signed out.");
            }

            var state = request.Query["state"].ToString();
            return Results.Redirect(state.Length == 0 ? target : AppendQuery(target, ("state", state)));
        });
    }

    private IResult Jwks()
    {
        Interlocked.Increment(ref _jwksRequests);
        var (rsa, ec) = CurrentKeys();
        // Public halves only: a converted key with a private part would publish it.
        using var rsaPublic = RSA.Create(rsa.Rsa.ExportParameters(false));
        using var ecPublic = ECDsa.Create(ec.ECDsa.ExportParameters(false));
        var rsaJwk = Jwk(JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsaPublic) { KeyId = rsa.KeyId }), SecurityAlgorithms.RsaSha256);
        // As Keycloak and Entra ID publish RSA keys: with a self-signed certificate of the key (x5c) beside n and e.
        using (var certificate = new CertificateRequest("CN=" + rsa.KeyId, rsa.Rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1)))
        {
            rsaJwk["x5c"] = new[] { Convert.ToBase64String(certificate.RawData) };
        }

        List<object> keys = [rsaJwk, Jwk(JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ecPublic) { KeyId = ec.KeyId }), SecurityAlgorithms.EcdsaSha256)];
        lock (_keysGate)
        {
            foreach (var (key, alg) in _extraKeys)
            {
                using var extraPublic = RSA.Create(key.Rsa.ExportParameters(false));
                var jwk = Jwk(JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(extraPublic) { KeyId = key.KeyId }), alg ?? "");
                if (alg is null)
                {
                    jwk.Remove("alg");
                }

                keys.Add(jwk);
            }
        }

        return Results.Json(new { keys });
    }

    private static Dictionary<string, object> Jwk(JsonWebKey key, string alg)
    {
        var jwk = new Dictionary<string, object> { ["kty"] = key.Kty, ["kid"] = key.Kid, ["use"] = "sig", ["alg"] = alg };
        foreach (var (name, value) in new[] { ("n", key.N), ("e", key.E), ("crv", key.Crv), ("x", key.X), ("y", key.Y) })
        {
            if (value is not null)
            {
                jwk[name] = value;
            }
        }

        return jwk;
    }

    private IResult Authorize(Dictionary<string, string> p, bool approved)
    {
        string Get(string name) => p.TryGetValue(name, out var v) ? v : "";
        var redirectUri = Get("redirect_uri");
        if (Get("client_id") != ClientId || !Uri.TryCreate(redirectUri, UriKind.Absolute, out _))
        {
            // Never redirect to an unchecked address: the error is shown here (RFC 6749 §4.1.2.1).
            return Results.BadRequest("unknown client_id or bad redirect_uri");
        }

        var formPost = Get("response_mode") == "form_post";
        var state = Get("state");
        if (Get("response_type") != "code" || Get("code_challenge").Length == 0 || Get("code_challenge_method") != "S256")
        {
            return Respond(redirectUri, formPost, ("error", "invalid_request"), ("error_description", "code flow with PKCE S256 required"), ("state", state));
        }

        if (!approved && !AutoApprove)
        {
            if (Get("prompt") == "none")
            {
                return Respond(redirectUri, formPost, ("error", "login_required"), ("state", state));
            }

            return Results.Content(ApprovalPage(p), "text/html; charset=utf-8");
        }

        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        _codes[code] = new PendingCode(redirectUri, Get("code_challenge"), p.TryGetValue("nonce", out var nonce) ? nonce : null, User);
        return Respond(redirectUri, formPost, ("code", code), ("state", state));
    }

    private string ApprovalPage(Dictionary<string, string> p)
    {
        var html = HtmlEncoder.Default;
        var page = new StringBuilder("<!doctype html><html><head><title>Test issuer: sign in</title></head><body>");
        page.Append("<h1>Test issuer</h1><p>Sign in to <b>").Append(html.Encode(ClientId)).Append("</b> as <b id=\"user\">")
            .Append(html.Encode(User.Name)).Append("</b> (tenant ").Append(html.Encode(User.Tenant)).Append(")?</p>");
        page.Append("<form method=\"post\" action=\"").Append(html.Encode(AuthorizeEndpoint)).Append("\">");
        foreach (var (name, value) in p)
        {
            page.Append("<input type=\"hidden\" name=\"").Append(html.Encode(name)).Append("\" value=\"").Append(html.Encode(value)).Append("\">");
        }

        page.Append("<button type=\"submit\" id=\"approve\">Approve</button></form></body></html>");
        return page.ToString();
    }

    // RFC 6749 §4.1.2 (query) or OAuth 2.0 Form Post Response Mode (an auto-submitted form).
    private static IResult Respond(string redirectUri, bool formPost, params (string Name, string Value)[] parameters)
    {
        var present = parameters.Where(x => x.Value.Length > 0).ToArray();
        if (!formPost)
        {
            return Results.Redirect(AppendQuery(redirectUri, present));
        }

        var html = HtmlEncoder.Default;
        var page = new StringBuilder("<!doctype html><html><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"")
            .Append(html.Encode(redirectUri)).Append("\">");
        foreach (var (name, value) in present)
        {
            page.Append("<input type=\"hidden\" name=\"").Append(name).Append("\" value=\"").Append(html.Encode(value)).Append("\">");
        }

        page.Append("<noscript><button type=\"submit\">Continue</button></noscript></form></body></html>");
        return Results.Content(page.ToString(), "text/html; charset=utf-8");
    }

    private static string AppendQuery(string uri, params (string Name, string Value)[] parameters) =>
        uri + (uri.Contains('?', StringComparison.Ordinal) ? "&" : "?")
        + string.Join('&', parameters.Select(x => Uri.EscapeDataString(x.Name) + "=" + Uri.EscapeDataString(x.Value)));

    private async Task<IResult> Token(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (!ClientAuthenticated(request, form))
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        if (form["grant_type"] != "authorization_code")
        {
            return Results.Json(new { error = "unsupported_grant_type" }, statusCode: StatusCodes.Status400BadRequest);
        }

        // Single use (RFC 6749 §4.1.2): removed whether or not the rest checks out.
        if (!_codes.TryRemove(form["code"].ToString(), out var pending)
            || pending.RedirectUri != form["redirect_uri"]
            || !PkceMatches(form["code_verifier"].ToString(), pending.CodeChallenge))
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var user = pending.User;
        var (rsa, _) = CurrentKeys();
        var accessToken = Sign(AccessTokenClaims(user.Subject, user.Tenant, user.Scopes), Audience, rsa, SecurityAlgorithms.RsaSha256, AccessTokenLifetime);
        var idClaims = AccessTokenClaims(user.Subject, user.Tenant, user.Scopes);
        idClaims["typ"] = "ID";
        idClaims["name"] = user.Name;
        if (pending.Nonce is not null)
        {
            idClaims["nonce"] = pending.Nonce;
        }

        var idToken = Sign(idClaims, ClientId, rsa, SecurityAlgorithms.RsaSha256, AccessTokenLifetime);
        _accessTokens[accessToken] = user;
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = accessToken,
            ["id_token"] = idToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)AccessTokenLifetime.TotalSeconds,
            ["scope"] = "openid " + user.Scopes,
        });
    }

    // client_secret_basic (RFC 6749 §2.3.1: id and secret form-urlencoded, then Basic) or client_secret_post.
    private bool ClientAuthenticated(HttpRequest request, IFormCollection form)
    {
        string? id = form["client_id"], secret = form["client_secret"];
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            }
            catch (FormatException)
            {
                return false;
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return false;
            }

            id = Uri.UnescapeDataString(decoded[..colon].Replace('+', ' '));
            secret = Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' '));
        }

        return id == ClientId && secret == ClientSecret;
    }

    private static bool PkceMatches(string verifier, string challenge) =>
        verifier.Length is >= 43 and <= 128
        && Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) == challenge;

    private IResult UserInfo(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || !_accessTokens.TryGetValue(header["Bearer ".Length..].Trim(), out var user))
        {
            return Results.Unauthorized();
        }

        return Results.Json(new Dictionary<string, string> { ["sub"] = user.Subject, ["name"] = user.Name, [TenantClaim] = user.Tenant });
    }
}

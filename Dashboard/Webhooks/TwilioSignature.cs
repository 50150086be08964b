using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace Dashboard.Webhooks;

/// <summary>
/// The <c>X-Twilio-Signature</c> of a form-encoded POST, as Twilio's webhook security documentation specifies
/// (https://www.twilio.com/docs/usage/webhooks/webhooks-security, "Validating signatures from Twilio"): take the full
/// URL Twilio requested, query string included; sort the POST parameters by name (case-sensitive, Unix-style, i.e.
/// ordinal); append each name and then its value with no delimiter; HMAC-SHA1 the UTF-8 bytes with the account's auth
/// token as key; Base64-encode the 20-byte digest.
/// </summary>
internal static class TwilioSignature
{
    /// <summary>The request header carrying the signature.</summary>
    public const string HeaderName = "X-Twilio-Signature";

    /// <summary>
    /// Computes the signature of <paramref name="url"/> and <paramref name="parameters"/> (decoded form values).
    /// A name sent more than once contributes each value, in ordinal order, as Twilio's helper libraries do
    /// (twilio-python <c>RequestValidator.compute_signature</c>).
    /// </summary>
    /// <returns>The 20-byte HMAC-SHA1 digest (Base64-encode it to compare with the header text).</returns>
    public static byte[] Compute(string authToken, string url, IEnumerable<KeyValuePair<string, StringValues>> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var (name, values) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var sorted = values.ToArray();
            Array.Sort(sorted, StringComparer.Ordinal);
            foreach (var value in sorted)
            {
                data.Append(name).Append(value);
            }
        }

        return HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
    }

    /// <summary>
    /// True when <paramref name="signature"/> (the header's Base64 text) is the signature of <paramref name="parameters"/>
    /// for <paramref name="url"/> or for the same URL with its scheme's default port written out or left out: Twilio's
    /// own validators accept both, since whether the port appears depends on how the URL was configured.
    /// The comparison is in constant time (<see cref="CryptographicOperations.FixedTimeEquals"/>).
    /// </summary>
    public static bool IsValid(string authToken, string url, IReadOnlyList<KeyValuePair<string, StringValues>> parameters, string signature)
    {
        Span<byte> given = stackalloc byte[32];
        if (!Convert.TryFromBase64String(signature.Trim(), given, out var length) || length != HMACSHA1.HashSizeInBytes)
        {
            return false;
        }

        var valid = false;
        foreach (var candidate in UrlVariants(url))
        {
            // Every variant is checked, so the time taken does not depend on which one matched.
            valid |= CryptographicOperations.FixedTimeEquals(Compute(authToken, candidate, parameters), given[..length]);
        }

        return valid;
    }

    /// <summary><paramref name="url"/> itself, then with the default port added or removed (when it is http or https).</summary>
    internal static IEnumerable<string> UrlVariants(string url)
    {
        yield return url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield break;
        }

        // Rebuilt from the original text rather than with UriBuilder, which would re-escape the path and query.
        var authorityStart = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = url.Length;
        }

        var authority = url[authorityStart..authorityEnd];
        var defaultPort = uri.Scheme == "https" ? 443 : 80;
        var withoutPort = uri.IsDefaultPort && authority.EndsWith($":{defaultPort}", StringComparison.Ordinal)
            ? authority[..^$":{defaultPort}".Length]
            : null;
        var withPort = uri.IsDefaultPort && withoutPort is null ? $"{authority}:{defaultPort}" : null;
        if ((withoutPort ?? withPort) is { } other)
        {
            yield return url[..authorityStart] + other + url[authorityEnd..];
        }
    }
}

using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Dashboard.Hosting;

/// <summary>One TCP address Kestrel listens on, with a wildcard host replaced by a concrete one.</summary>
/// <param name="Scheme"><c>http</c> or <c>https</c>.</param>
/// <param name="Host">A host name or IP literal a client can connect to.</param>
/// <param name="Port">TCP port.</param>
/// <param name="PathBase">Path base of the binding (empty or starting with <c>/</c>, no trailing slash).</param>
internal readonly record struct ListeningAddress(string Scheme, string Host, int Port, string PathBase);

/// <summary>
/// Turns the server's listening addresses (<see cref="IServerAddressesFeature"/>, known once the host has started) into
/// one address a client on this machine can use: for the Development login URL and for the simulator posting to itself.
/// </summary>
internal static class ServerAddresses
{
    /// <summary>The addresses the server listens on (empty before it has started).</summary>
    public static ICollection<string> Of(IServiceProvider services) =>
        services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];

    /// <summary>
    /// The first TCP address (Unix sockets and named pipes skipped), wildcard hosts (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>,
    /// <c>*</c>) replaced by <paramref name="wildcardHost"/>; null when there is none.
    /// </summary>
    /// <param name="addresses">Kestrel binding addresses, e.g. <c>http://[::]:8080</c>.</param>
    /// <param name="wildcardHost">Host to use for a wildcard binding.</param>
    /// <param name="preferHttp">Prefer an <c>http</c> binding over <c>https</c> (in-process calls need no TLS).</param>
    /// <param name="pinLocalhost">Also replace <c>localhost</c>, so a client does not try IPv6 and IPv4 in turn.</param>
    public static ListeningAddress? First(IEnumerable<string> addresses, string wildcardHost, bool preferHttp = false, bool pinLocalhost = false)
    {
        var ordered = preferHttp
            ? addresses.OrderBy(a => a.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? 1 : 0)
            : addresses;
        foreach (var address in ordered)
        {
            BindingAddress binding;
            try
            {
                binding = BindingAddress.Parse(address);
            }
            catch (FormatException)
            {
                continue;
            }

            if (binding.IsUnixPipe || binding.IsNamedPipe)
            {
                continue;
            }

            var wildcard = binding.Host is "0.0.0.0" or "[::]" or "::" or "+" or "*" || (pinLocalhost && binding.Host == "localhost");
            return new ListeningAddress(binding.Scheme, wildcard ? wildcardHost : binding.Host, binding.Port, binding.PathBase.TrimEnd('/'));
        }

        return null;
    }
}

using System.Security.Cryptography;

namespace Dashboard.Auth;

/// <summary>
/// Reads one <c>Auth:PublicKeys:N</c> value (docs/identity.md, "Your own signer"): PEM text, or the path of a file
/// holding it. Accepts a SubjectPublicKeyInfo (<c>-----BEGIN PUBLIC KEY-----</c>, as <c>openssl pkey -pubout</c> writes)
/// of an RSA key of at least 2048 bits (RS256) or an EC P-256 key (ES256), or a PKCS#1 <c>-----BEGIN RSA PUBLIC KEY-----</c>.
/// </summary>
internal static class PublicKeyPem
{
    /// <summary>Longest accepted PEM text or file, in characters (a 16384-bit RSA key's PEM is under 3 KiB).</summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>The smallest RSA modulus accepted, in bits (RFC 7518 §3.3).</summary>
    public const int MinRsaBits = 2048;

    /// <summary>Loads the key; the caller disposes it.</summary>
    /// <param name="value">PEM text or a file path.</param>
    /// <param name="key">The configuration key, e.g. <c>Auth:PublicKeys:0</c>, named in every error.</param>
    /// <returns>An <see cref="RSA"/> or an <see cref="ECDsa"/> on the P-256 curve, public part only.</returns>
    /// <exception cref="FormatException">The value is no such key; the message names <paramref name="key"/> and says why.</exception>
    public static AsymmetricAlgorithm Load(string? value, string key)
    {
        var text = ReadText(value, key);
        if (!PemEncoding.TryFind(text, out var fields))
        {
            throw new FormatException($"{key} holds no PEM block: give '-----BEGIN PUBLIC KEY-----' text or the path of a file holding it.");
        }

        var label = text[fields.Label];
        if (label.Contains("PRIVATE", StringComparison.Ordinal))
        {
            throw new FormatException($"{key} holds a private key ({label}); configure only the public key (openssl pkey -in key.pem -pubout).");
        }

        var der = Convert.FromBase64String(text[fields.Base64Data].ToString());
        return label switch
        {
            "PUBLIC KEY" => FromSubjectPublicKeyInfo(der, key),
            "RSA PUBLIC KEY" => CheckedRsa(FromPkcs1(der, key), key),
            _ => throw new FormatException($"{key} holds a '{label}' PEM block; expected 'PUBLIC KEY' or 'RSA PUBLIC KEY'."),
        };
    }

    private static string ReadText(string? value, string key)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new FormatException($"{key} is empty: give PEM text or the path of a PEM file.");
        }

        if (value.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            return value.Length <= MaxLength ? value : throw new FormatException($"{key} is longer than {MaxLength} characters.");
        }

        var path = Path.GetFullPath(value);
        if (!File.Exists(path))
        {
            throw new FormatException($"{key} is neither PEM text nor an existing file (looked for '{path}').");
        }

        if (new FileInfo(path).Length > MaxLength)
        {
            throw new FormatException($"{key}: the file '{path}' is larger than {MaxLength} bytes.");
        }

        return File.ReadAllText(path);
    }

    private static AsymmetricAlgorithm FromSubjectPublicKeyInfo(byte[] der, string key)
    {
        // The algorithm OID inside the structure decides; each import refuses the other kind.
        try
        {
            var rsa = RSA.Create();
            try
            {
                rsa.ImportSubjectPublicKeyInfo(der, out _);
                return CheckedRsa(rsa, key);
            }
            catch (CryptographicException)
            {
                rsa.Dispose();
            }

            var ec = ECDsa.Create();
            try
            {
                ec.ImportSubjectPublicKeyInfo(der, out _);
            }
            catch (CryptographicException)
            {
                ec.Dispose();
                throw;
            }

            var curve = ec.ExportParameters(false).Curve;
            if (curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                ec.Dispose();
                throw new FormatException($"{key} is an EC key on curve {curve.Oid.FriendlyName ?? curve.Oid.Value}; ES256 needs P-256.");
            }

            return ec;
        }
        catch (CryptographicException e)
        {
            throw new FormatException($"{key} is not an RSA or EC public key ({e.Message}).", e);
        }
    }

    private static RSA FromPkcs1(byte[] der, string key)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportRSAPublicKey(der, out _);
            return rsa;
        }
        catch (CryptographicException e)
        {
            rsa.Dispose();
            throw new FormatException($"{key} is not an RSA public key ({e.Message}).", e);
        }
    }

    private static RSA CheckedRsa(RSA rsa, string key)
    {
        if (rsa.KeySize < MinRsaBits)
        {
            var bits = rsa.KeySize;
            rsa.Dispose();
            throw new FormatException($"{key} is a {bits}-bit RSA key; RS256 needs at least {MinRsaBits} bits.");
        }

        return rsa;
    }
}

using System.Security.Cryptography;

namespace Dashboard.Auth;

/// <summary>
/// In Development, when <c>Auth:SigningKey</c> is unset, a random key is created once in the data folder
/// (<c>.data/dev-signing-key</c>, git-ignored) so that the server and the <c>token</c> command agree without a committed secret.
/// </summary>
internal static class DevelopmentSigningKey
{
    public static void ApplyIfNeeded(IConfigurationManager configuration, IHostEnvironment environment)
    {
        if (!environment.IsDevelopment() || !string.IsNullOrEmpty(configuration["Auth:SigningKey"]))
        {
            return;
        }

        var path = Path.Combine(environment.ContentRootPath, ".data", "dev-signing-key");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        configuration["Auth:SigningKey"] = File.ReadAllText(path).Trim();
    }
}

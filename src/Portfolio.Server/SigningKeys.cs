using System.Security.Cryptography;

namespace Portfolio.Server;

/// <summary>
/// The token signing key: Auth:SigningKey from configuration or the environment (Auth__SigningKey) when set. A local
/// install without one gets a random key generated on first start and kept in the data folder (readable by its owner
/// only), so `token` and the server agree without any secret in the repository. A configured key is used as it is, and
/// validated like any other (TokenOptions.Problem).
/// </summary>
public static class SigningKeys
{
    public const string KeyFile = "signing.key";

    public static string Ensure(string? configured, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        var path = Path.Combine(dataDirectory, KeyFile);
        if (!File.Exists(path))
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            try
            {
                using var writer = new StreamWriter(new FileStream(path, options));
                writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process (the server, or a token command) created it first: use theirs.
            }
        }
        return File.ReadAllText(path).Trim();
    }
}

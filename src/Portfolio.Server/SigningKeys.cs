using System.Security.Cryptography;
using Portfolio.Api.Auth;

namespace Portfolio.Server;

/// <summary>
/// The token signing key: Auth:SigningKey from configuration or the environment (Auth__SigningKey) when set. A local
/// install without one gets a random key generated on first start and kept in the data folder (readable by its owner
/// only), so `token` and the server agree without any secret in the repository.
/// </summary>
public sealed record SigningKeys(TokenOptions Options)
{
    public const string KeyFile = "signing.key";

    public static SigningKeys Ensure(TokenOptions configured, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured.SigningKey)) return new SigningKeys(configured);
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
        return new SigningKeys(new TokenOptions { SigningKey = File.ReadAllText(path).Trim() });
    }
}

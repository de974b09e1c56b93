using System.Globalization;
using Portfolio.Api.Auth;

namespace Portfolio.Server;

/// <summary>
/// `dotnet run --project src/Portfolio.Server -- token --user alice [--admin] [--days 30]` prints a bearer token for a
/// local install, signed with the same key the server uses.
/// </summary>
internal static class TokenCommand
{
    public static int Run(string[] args)
    {
        string? user = null;
        var admin = false;
        var days = 30;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--user" when i + 1 < args.Length: user = args[++i]; break;
                case "--admin": admin = true; break;
                case "--days" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d is > 0 and <= 366:
                    days = d; i++; break;
                default:
                    Console.Error.WriteLine($"unknown or incomplete argument '{args[i]}'. Usage: token --user NAME [--admin] [--days 1-366]");
                    return 2;
            }
        }
        if (string.IsNullOrWhiteSpace(user))
        {
            Console.Error.WriteLine("Usage: token --user NAME [--admin] [--days 1-366]");
            return 2;
        }

        var config = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var tokens = new TokenOptions { SigningKey = SigningKeys.Ensure(config[$"{TokenOptions.Section}:{nameof(TokenOptions.SigningKey)}"], DataDirectory.Resolve(config)) };
        if (TokenOptions.Problem(tokens.SigningKey) is { } problem)
        {
            Console.Error.WriteLine(problem);
            return 1;
        }
        Console.WriteLine(tokens.Mint(user, admin, DateTimeOffset.UtcNow, TimeSpan.FromDays(days)));
        return 0;
    }
}

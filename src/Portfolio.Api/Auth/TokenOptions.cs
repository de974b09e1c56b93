using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Portfolio.Application.Common;

namespace Portfolio.Api.Auth;

/// <summary>
/// Bearer tokens: HS256 JWTs signed with <c>Auth:SigningKey</c> (at least 32 bytes, from configuration or the
/// environment, never from the repository), issuer <c>portfolio-functions</c>, audience <c>portfolio-api</c>.
/// </summary>
public sealed class TokenOptions
{
    public const string Section = "Auth";
    public const string Issuer = "portfolio-functions";
    public const string Audience = "portfolio-api";
    public const int MinimumKeyBytes = 32;
    public const int MinimumDistinctCharacters = 10;

    public string? SigningKey { get; set; }

    public SymmetricSecurityKey Key() =>
        Problem(SigningKey) is { } problem ? throw new InvalidOperationException(problem) : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey!));

    /// <summary>
    /// Why a signing key cannot be used, or null when it can: missing, an unresolved Key Vault reference (App Service
    /// passes the reference text through when it cannot read the secret), the sample file's placeholder, or too weak
    /// (under <see cref="MinimumKeyBytes"/> bytes, or fewer than <see cref="MinimumDistinctCharacters"/> different characters).
    /// </summary>
    public static string? Problem(string? key)
    {
        const string setting = "Auth:SigningKey (environment variable or app setting Auth__SigningKey)";
        if (string.IsNullOrWhiteSpace(key))
            return $"{setting} is not set. Set it to a random secret of at least {MinimumKeyBytes} bytes, e.g. `openssl rand -base64 48`.";
        if (Secrets.IsUnresolvedReference(key))
            return $"{setting} is a Key Vault reference that was not resolved: check that the secret exists and that the app's identity may read it.";
        if (key.Contains("REPLACE-ME", StringComparison.OrdinalIgnoreCase))
            return $"{setting} is still the sample placeholder. Generate your own key, e.g. `openssl rand -base64 48`.";
        if (Encoding.UTF8.GetByteCount(key) < MinimumKeyBytes || key.Distinct().Count() < MinimumDistinctCharacters)
            return $"{setting} is too weak: use a random secret of at least {MinimumKeyBytes} bytes, e.g. `openssl rand -base64 48`.";
        return null;
    }

    /// <param name="time">The clock that judges expiry (a test's fake clock; the system clock when null).</param>
    public TokenValidationParameters ValidationParameters(TimeProvider? time = null) => new()
    {
        LifetimeValidator = (notBefore, expires, _, parameters) => WithinLifetime(notBefore, expires, parameters.ClockSkew, time ?? TimeProvider.System),
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = Key(),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromMinutes(1),
        NameClaimType = "sub",
        RoleClaimType = "role",
    };

    /// <summary>Judges expiry by the injected clock (IdentityModel's own validator reads the system clock). A token must expire.</summary>
    private static bool WithinLifetime(DateTime? notBefore, DateTime? expires, TimeSpan skew, TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return expires is { } end && end > now - skew && (notBefore is not { } start || start <= now + skew);
    }

    public string Mint(string userId, bool admin, DateTimeOffset now, TimeSpan lifetime)
    {
        var claims = new List<Claim> { new("sub", userId) };
        if (admin) claims.Add(new Claim("role", Callers.AdminRole));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(Key(), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>Validates a raw token outside the ASP.NET Core authentication middleware (the Functions worker).</summary>
    public async Task<ClaimsPrincipal?> ValidateAsync(string token, TimeProvider? time = null)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, ValidationParameters(time));
        return result.IsValid ? new ClaimsPrincipal(result.ClaimsIdentity) : null;
    }
}

/// <summary>Checks <c>Auth:SigningKey</c> when the host starts (ValidateOnStart), so a bad key fails the start, not a request.</summary>
public sealed class TokenOptionsValidator : IValidateOptions<TokenOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenOptions options) =>
        TokenOptions.Problem(options.SigningKey) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}

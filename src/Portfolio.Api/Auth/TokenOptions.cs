using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

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

    public string? SigningKey { get; set; }

    public SymmetricSecurityKey Key()
    {
        if (string.IsNullOrWhiteSpace(SigningKey) || Encoding.UTF8.GetByteCount(SigningKey) < MinimumKeyBytes)
            throw new InvalidOperationException(
                $"Auth:SigningKey must be set to a secret of at least {MinimumKeyBytes} bytes (environment variable Auth__SigningKey).");
        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey));
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = Key(),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromMinutes(1),
        NameClaimType = "sub",
        RoleClaimType = "role",
    };

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
    public async Task<ClaimsPrincipal?> ValidateAsync(string token)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, ValidationParameters());
        return result.IsValid ? new ClaimsPrincipal(result.ClaimsIdentity) : null;
    }
}

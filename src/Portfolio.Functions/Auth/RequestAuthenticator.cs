using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Portfolio.Api.Auth;

namespace Portfolio.Functions.Auth;

/// <summary>
/// Who is calling: an <c>Authorization: Bearer</c> JWT validated with <see cref="TokenOptions.ValidateAsync"/>, or, when
/// App Service Authentication (Easy Auth) is switched on for the app, the principal Easy Auth forwards in
/// <c>X-MS-CLIENT-PRINCIPAL</c> (base64 JSON with the caller's claims). Easy Auth removes any copy of that header a client
/// sends, so it can be trusted only when Easy Auth is on; the platform sets <c>WEBSITE_AUTH_ENABLED=True</c> then, and
/// without it the header is ignored (otherwise anyone could forge it).
/// </summary>
public sealed class RequestAuthenticator(TokenOptions tokens, bool trustEasyAuthHeader, TimeProvider? time = null)
{
    public const string EasyAuthPrincipalHeader = "X-MS-CLIENT-PRINCIPAL";

    public RequestAuthenticator(TokenOptions tokens, IConfiguration configuration, TimeProvider time)
        : this(tokens, string.Equals(configuration["WEBSITE_AUTH_ENABLED"], "true", StringComparison.OrdinalIgnoreCase), time)
    {
    }

    /// <summary>The authenticated principal, or an anonymous one (the handlers then answer 401).</summary>
    public async Task<ClaimsPrincipal> AuthenticateAsync(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = authorization["Bearer ".Length..].Trim();
            return token.Length > 0 && await tokens.ValidateAsync(token, time) is { } principal ? principal : Anonymous();
        }
        if (trustEasyAuthHeader && request.Headers[EasyAuthPrincipalHeader].ToString() is { Length: > 0 } encoded)
            return FromEasyAuth(encoded) ?? Anonymous();
        return Anonymous();
    }

    private static ClaimsPrincipal Anonymous() => new(new ClaimsIdentity());

    /// <summary>Decodes Easy Auth's client principal; null when the header is not valid base64 JSON.</summary>
    public static ClaimsPrincipal? FromEasyAuth(string encoded)
    {
        EasyAuthPrincipal? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<EasyAuthPrincipal>(Encoding.UTF8.GetString(Convert.FromBase64String(encoded)));
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
        if (parsed?.Claims is not { Count: > 0 } claims || string.IsNullOrEmpty(parsed.AuthenticationType)) return null;
        var identity = new ClaimsIdentity(
            claims.Where(c => !string.IsNullOrEmpty(c.Type) && c.Value is not null).Select(c => new Claim(c.Type!, c.Value!)),
            parsed.AuthenticationType,
            parsed.NameClaimType ?? ClaimTypes.Name,
            parsed.RoleClaimType ?? ClaimTypes.Role);
        return new ClaimsPrincipal(identity);
    }

    private sealed record EasyAuthPrincipal(
        [property: JsonPropertyName("auth_typ")] string? AuthenticationType,
        [property: JsonPropertyName("claims")] List<EasyAuthClaim>? Claims,
        [property: JsonPropertyName("name_typ")] string? NameClaimType,
        [property: JsonPropertyName("role_typ")] string? RoleClaimType);

    private sealed record EasyAuthClaim(
        [property: JsonPropertyName("typ")] string? Type,
        [property: JsonPropertyName("val")] string? Value);
}

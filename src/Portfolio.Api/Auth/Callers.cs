using System.Security.Claims;
using Portfolio.Application.Common;

namespace Portfolio.Api.Auth;

public static class Callers
{
    public const string AdminRole = "admin";

    /// <summary>The authenticated caller: the token's subject, and whether it carries the admin role.</summary>
    public static Caller From(ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue("sub");
        if (user.Identity?.IsAuthenticated != true || string.IsNullOrEmpty(id))
            throw new UnauthenticatedException();
        return new Caller(id, user.IsInRole(AdminRole) || user.HasClaim("role", AdminRole));
    }
}

public sealed class UnauthenticatedException() : Exception("a bearer token is required");

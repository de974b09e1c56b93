namespace Portfolio.Application.Common;

/// <summary>Who is asking: the authenticated user, and whether they may run admin operations.</summary>
public sealed record Caller(string UserId, bool IsAdmin = false)
{
    public void RequireAdmin()
    {
        if (!IsAdmin) throw new ForbiddenException("this operation needs the admin role");
    }
}

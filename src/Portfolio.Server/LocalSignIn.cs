using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Portfolio.Api.Auth;

namespace Portfolio.Server;

/// <summary>
/// One-click sign-in for a local install: <c>POST /auth/local-session</c> mints a bearer token for the local user
/// (<c>LocalSignIn:User</c>, default <c>local</c>) with the server's own signing key. Only when every address the server
/// listens on is a loopback address (otherwise 404: the route does not exist for a server others can reach), and only
/// for a caller on this machine that named this machine in its Host header (otherwise 403: a remote caller, or a web
/// page reaching 127.0.0.1 through a DNS name of its own). <c>GET</c> tells the dashboard whether it is offered.
/// Server-only: the Functions app is never a local install, so this is not an API route and not in the OpenAPI document.
/// </summary>
internal static class LocalSignIn
{
    public const string Route = "/auth/local-session";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    public sealed record Offer(string User);

    public sealed record Session(string Token, string User, DateTimeOffset ExpiresAt);

    public static void MapLocalSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, Available).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(Route, Mint).AllowAnonymous().ExcludeFromDescription();
    }

    private enum Access { Offered, NoSuchRoute, NotThisCaller }

    private static Results<Ok<Offer>, NotFound, ProblemHttpResult> Available(HttpContext http, IServer server, IConfiguration config) =>
        Check(http, server) switch
        {
            Access.NoSuchRoute => TypedResults.NotFound(),
            Access.NotThisCaller => Forbidden(),
            _ => TypedResults.Ok(new Offer(User(config))),
        };

    private static Results<Ok<Session>, NotFound, ProblemHttpResult> Mint(
        HttpContext http, IServer server, IConfiguration config, IOptions<TokenOptions> tokens, TimeProvider clock)
    {
        switch (Check(http, server))
        {
            case Access.NoSuchRoute: return TypedResults.NotFound();
            case Access.NotThisCaller: return Forbidden();
        }
        var now = clock.GetUtcNow();
        var user = User(config);
        return TypedResults.Ok(new Session(tokens.Value.Mint(user, admin: false, now, Lifetime), user, now + Lifetime));
    }

    private static string User(IConfiguration config) => config["LocalSignIn:User"] is { Length: > 0 } user ? user : "local";

    private static Access Check(HttpContext http, IServer server)
    {
        if (!ListensOnLoopbackOnly(server.Features.Get<IServerAddressesFeature>()?.Addresses)) return Access.NoSuchRoute;
        return http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote) && IsLoopbackHost(http.Request.Host.Host)
            ? Access.Offered
            : Access.NotThisCaller;
    }

    private static ProblemHttpResult Forbidden() => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
        title: "Local sign-in is for this machine only.",
        detail: "Sign in with a bearer token: the one-click local sign-in answers only a caller on the machine the server runs on, addressing it as localhost or a loopback address.");

    /// <summary>True when the server is bound to addresses and every one is loopback (a wildcard or any other host is not).</summary>
    public static bool ListensOnLoopbackOnly(ICollection<string>? addresses) =>
        addresses is { Count: > 0 } && addresses.All(address =>
            BindingAddress.Parse(address).Host is var host && IsLoopbackHost(host));

    private static bool IsLoopbackHost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}

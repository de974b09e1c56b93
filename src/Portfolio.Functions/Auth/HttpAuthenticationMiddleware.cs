using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Portfolio.Api.Auth;

namespace Portfolio.Functions.Auth;

/// <summary>
/// Sets <c>HttpContext.User</c> for HTTP-triggered functions before they run (other triggers pass through), so that the
/// shared handlers' <c>Callers.From(ClaimsPrincipal)</c> sees the same principal as under the server's JwtBearer middleware.
/// </summary>
public sealed class HttpAuthenticationMiddleware(IOptions<TokenOptions> tokens, IConfiguration configuration, TimeProvider time) : IFunctionsWorkerMiddleware
{
    private readonly RequestAuthenticator _authenticator = new(tokens.Value, configuration, time);

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http)
            http.User = await _authenticator.AuthenticateAsync(http.Request);
        await next(context);
    }
}

using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Portfolio.Api.Http;

/// <summary>The server's one exception mapping: a refusal thrown by a handler becomes its problem details (see <see cref="Problems"/>).</summary>
public sealed class ProblemExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (Problems.From(exception) is not { } problem) return false;
        await problem.ExecuteAsync(httpContext);
        return true;
    }
}

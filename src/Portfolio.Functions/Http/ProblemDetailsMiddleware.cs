using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Portfolio.Api.Http;

namespace Portfolio.Functions.Http;

/// <summary>
/// The Functions app's one exception mapping, the counterpart of the server's <see cref="ProblemExceptionHandler"/>: a
/// refusal thrown by an HTTP function becomes its problem details (the shared <see cref="Problems"/> table) as the
/// invocation's result, which the ASP.NET Core integration then writes. Anything else is a bug and propagates (a 500).
/// </summary>
public sealed class ProblemDetailsMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (context.GetHttpContext() is not null && ProblemFor(e) is { } problem)
        {
            context.GetInvocationResult().Value = problem;
        }
    }

    /// <summary>The problem details a refusal stands for, or null for a bug. The worker may wrap what a function threw.</summary>
    public static IActionResult? ProblemFor(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (Problems.From(e) is { } problem)
                return new ResultActionAdapter(problem);
        return null;
    }
}

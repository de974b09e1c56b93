using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Portfolio.Functions.Http;

/// <summary>
/// Runs a minimal-API <see cref="IResult"/> as an MVC <see cref="IActionResult"/>. The Functions ASP.NET Core integration
/// (FunctionsHttpProxyingMiddleware) executes an <see cref="IActionResult"/> returned by a function, but not an
/// <see cref="IResult"/>, and the shared handlers return typed <see cref="IResult"/>s.
/// </summary>
public sealed class ResultActionAdapter(IResult result) : IActionResult
{
    public IResult Result { get; } = result;

    public Task ExecuteResultAsync(ActionContext context) => Result.ExecuteAsync(context.HttpContext);
}

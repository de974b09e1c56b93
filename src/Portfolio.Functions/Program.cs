using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Portfolio.Functions;
using Portfolio.Functions.Auth;
using Portfolio.Functions.Http;

var builder = FunctionsApplication.CreateBuilder(args);

// ASP.NET Core integration: HTTP functions take HttpRequest and return IActionResult (the shared handlers' IResult is
// wrapped in ResultActionAdapter, because the integration executes IActionResult but not IResult).
builder.ConfigureFunctionsWebApplication();

// Registered after the ASP.NET Core integration, so the HttpContext is already attached to the FunctionContext; the
// rate limit sees the caller, and the problem-details mapping runs inside both, around the function itself.
builder.UseMiddleware<HttpAuthenticationMiddleware>();
builder.UseMiddleware<RateLimitMiddleware>();
builder.UseMiddleware<ProblemDetailsMiddleware>();

// Options are validated when the host starts (ValidateOnStart): a missing or weak Auth:SigningKey fails the start.
builder.Services.AddPortfolioFunctions(builder.Configuration);

builder.Build().Run();

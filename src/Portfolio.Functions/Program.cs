using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Portfolio.Functions;
using Portfolio.Functions.Auth;

var builder = FunctionsApplication.CreateBuilder(args);

// ASP.NET Core integration: HTTP functions take HttpRequest and return IActionResult (the shared handlers' IResult is
// wrapped in ResultActionAdapter, because the integration executes IActionResult but not IResult).
builder.ConfigureFunctionsWebApplication();

// Registered after the ASP.NET Core integration, so the HttpContext is already attached to the FunctionContext.
builder.UseMiddleware<HttpAuthenticationMiddleware>();

builder.Services.AddPortfolioFunctions(builder.Configuration);

builder.Build().Run();

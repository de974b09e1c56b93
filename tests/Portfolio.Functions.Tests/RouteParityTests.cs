using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Portfolio.Api;
using Portfolio.Functions.Http;

namespace Portfolio.Functions.Tests;

/// <summary>The server's route table and the Functions' HTTP triggers are written in two places; this keeps them one API.</summary>
public class RouteParityTests
{
    [Fact]
    public void Every_server_route_is_a_function_with_the_same_method_pattern_and_name_and_nothing_more()
    {
        var server = ServerRoutes();
        var functions = FunctionRoutes();

        Assert.Equal(32, server.Count); // the README's route table
        Assert.Equal(server.Order(), functions.Order());
    }

    private static List<string> ServerRoutes()
    {
        var builder = WebApplication.CreateBuilder();
        foreach (var service in HttpFunctionTests.ApplicationWithMockStores()) builder.Services.Add(service);
        builder.Services.AddPortfolioApi();
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.MapPortfolioApi();
        return ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => e.Metadata.GetRequiredMetadata<IHttpMethodMetadata>().HttpMethods
                .Select(method => $"{method.ToUpperInvariant()} /{e.RoutePattern.RawText!.TrimStart('/')} {e.Metadata.GetRequiredMetadata<IEndpointNameMetadata>().EndpointName}"))
            .ToList();
    }

    private static List<string> FunctionRoutes() =>
        typeof(PortfolioApiFunctions).Assembly.GetTypes().SelectMany(t => t.GetMethods())
            .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>(), Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>().SingleOrDefault()))
            .Where(f => f.Function is not null && f.Trigger is not null)
            .SelectMany(f => f.Trigger!.Methods!.Select(method => $"{method.ToUpperInvariant()} /api/{f.Trigger.Route} {f.Function!.Name}"))
            .ToList();
}

using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Scalar.AspNetCore;

namespace Portfolio.Server;

/// <summary>
/// The web dashboard at <c>/</c> (plain HTML, CSS and ES modules from <c>wwwroot</c>, embedded in this assembly), the
/// interactive API reference at <c>/scalar</c> over <c>/openapi/v1.json</c>, and the local one-click sign-in.
/// </summary>
internal static class Dashboard
{
    public static WebApplication UseDashboard(this WebApplication app)
    {
        var files = new ManifestEmbeddedFileProvider(typeof(Dashboard).Assembly, "wwwroot");
        // API requests skip the file lookups: the dashboard has no file under /api, and they are most of the traffic.
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/api"), dashboard =>
        {
            dashboard.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            dashboard.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                ContentTypeProvider = new FileExtensionContentTypeProvider(),
                // The files change with the server, not with the data: revalidate, so an upgrade is seen at once.
                OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
            });
        });
        return app;
    }

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapScalarApiReference("/scalar", options => options
            .WithTitle("Portfolio Functions API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddHttpAuthentication(ApiDocument.BearerScheme, _ => { }));
        app.MapLocalSignIn();
        return app;
    }
}

// Not part of any project of this repository: bench/refusing-server/run.sh copies it into a throw-away copy of
// src/Portfolio.Server, builds that copy, and starts it with ASPNETCORE_HOSTINGSTARTUPASSEMBLIES=Portfolio.Server.
// The copy then refuses every buy and sell with 422, so a driver can be shown to fail when nothing it writes is
// acknowledged. The real server has no such switch.
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

[assembly: HostingStartup(typeof(Portfolio.Server.RefusingServer.RefuseTrades))]

namespace Portfolio.Server.RefusingServer;

/// <summary>Adds, in front of the whole pipeline, a middleware that answers 422 to every posted buy or sell.</summary>
public sealed class RefuseTrades : IHostingStartup, IStartupFilter
{
    public void Configure(IWebHostBuilder builder) => builder.ConfigureServices(s => s.AddSingleton<IStartupFilter>(this));

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (ctx, inner) =>
        {
            if (HttpMethods.IsPost(ctx.Request.Method) && ctx.Request.Path.Value?.EndsWith("/transactions", StringComparison.Ordinal) == true)
            {
                ctx.Request.EnableBuffering();
                string? type = null;
                try
                {
                    using var body = await JsonDocument.ParseAsync(ctx.Request.Body);
                    if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("type", out var t)) type = t.GetString();
                }
                catch (JsonException) { }
                ctx.Request.Body.Position = 0;
                if (type is not null && (type.Equals("buy", StringComparison.OrdinalIgnoreCase) || type.Equals("sell", StringComparison.OrdinalIgnoreCase)))
                {
                    ctx.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                    await ctx.Response.WriteAsJsonAsync(new { type = "refusing-server: every buy and sell refused", title = "Refused", status = 422 },
                        options: null, contentType: "application/problem+json");
                    return;
                }
            }
            await inner(ctx);
        });
        next(app);
    };
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Portfolio.Dashboard.Tests.Support;

namespace Portfolio.Dashboard.Tests;

/// <summary>The one-click local sign-in exists only on a loopback-only server, and answers only a caller on the same machine.</summary>
public class LocalSignInTests
{
    [Fact]
    public async Task A_loopback_only_server_mints_a_token_for_the_local_user_that_the_api_accepts()
    {
        await using var server = await DashboardServer.StartAsync();
        using var client = server.Client();

        var offer = await client.GetFromJsonAsync<JsonObject>("/auth/local-session");
        using var minted = await client.PostAsync("/auth/local-session", null);
        var session = await minted.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal("local", offer!["user"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        Assert.Equal("local", session!["user"]!.GetValue<string>());
        // 12 hours from the server's clock: 2024-06-03T18:00Z + 12 h.
        Assert.Equal(new DateTimeOffset(2024, 6, 4, 6, 0, 0, TimeSpan.Zero), session["expiresAt"]!.GetValue<DateTimeOffset>());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session["token"]!.GetValue<string>());
        using var created = await client.PostAsJsonAsync("/api/accounts", new { name = "Mine", type = "taxable", currency = "USD" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var listed = await client.GetFromJsonAsync<JsonArray>("/api/accounts");
        Assert.Equal("Mine", Assert.Single(listed!)!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_server_listening_beyond_loopback_has_no_local_sign_in()
    {
        await using var server = await DashboardServer.StartAsync(listenOn: "http://0.0.0.0:0");
        using var client = server.Client();

        using var offer = await client.GetAsync("/auth/local-session");
        using var minted = await client.PostAsync("/auth/local-session", null);

        Assert.Equal(HttpStatusCode.NotFound, offer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, minted.StatusCode);
        Assert.DoesNotContain("token", await minted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_remote_caller_of_a_loopback_only_server_is_refused()
    {
        // What a caller from elsewhere looks like to the server (as through a reverse proxy with forwarded headers).
        await using var server = await DashboardServer.StartAsync(configure: builder =>
            builder.Services.AddSingleton<IStartupFilter>(new RemoteCaller(IPAddress.Parse("203.0.113.7"))));
        using var client = server.Client();

        using var minted = await client.PostAsync("/auth/local-session", null);
        var problem = await minted.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.Forbidden, minted.StatusCode);
        Assert.Equal(403, problem!["status"]!.GetValue<int>());
        Assert.Null(problem["token"]);
    }

    [Fact]
    public async Task A_page_reaching_the_server_under_another_host_name_is_refused()
    {
        // DNS rebinding: a site's own name resolving to 127.0.0.1 would make the token readable by that site.
        await using var server = await DashboardServer.StartAsync();
        using var client = server.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/local-session");
        request.Headers.Host = "attacker.example";

        using var minted = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, minted.StatusCode);
        Assert.Null((await minted.Content.ReadFromJsonAsync<JsonObject>())!["token"]);
    }

    [Fact]
    public async Task The_dashboard_and_the_api_reference_are_served_without_a_token()
    {
        await using var server = await DashboardServer.StartAsync();
        using var client = server.Client();

        var index = await client.GetStringAsync("/");
        using var script = await client.GetAsync("/js/app.js");
        var reference = await client.GetStringAsync("/scalar/");
        using var api = await client.GetAsync("/api/accounts");

        Assert.Contains("<script type=\"module\" src=\"js/app.js\"></script>", index);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("openapi/v1.json", reference);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    private sealed class RemoteCaller(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

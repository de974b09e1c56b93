using System.Net;
using Portfolio.Server.Tests.Support;

namespace Portfolio.Server.Tests;

public class AccountRoutesTests
{
    [Fact]
    public async Task Created_account_is_listed_and_readable_by_its_owner()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var id = await alice.CreateAccountAsync(type: "roth", lotMethod: "hifo");

        var list = (await alice.GetJsonAsync("/api/accounts")).Body!.AsArray();
        var account = Assert.Single(list)!;
        Assert.Equal(id, account["id"]!.GetValue<string>());
        Assert.Equal("roth", account["type"]!.GetValue<string>());
        Assert.Equal("hifo", account["lotMethod"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await alice.GetJsonAsync($"/api/accounts/{id}")).Status);
    }

    [Fact]
    public async Task Create_with_the_same_idempotency_key_returns_the_first_account()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var body = new { name = "IRA", type = "ira", currency = "USD" };
        var first = await alice.PostJsonAsync("/api/accounts", body, "create-1");
        var retry = await alice.PostJsonAsync("/api/accounts", body, "create-1");
        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.OK, retry.Status);
        Assert.Equal(first.Body!["id"]!.GetValue<string>(), retry.Body!["id"]!.GetValue<string>());
        Assert.Single((await alice.GetJsonAsync("/api/accounts")).Body!.AsArray());

        (await alice.PostJsonAsync("/api/accounts", body with { name = "Other" }, "create-1")).AssertProblem(HttpStatusCode.Conflict, "Idempotency-Key");
    }

    [Theory]
    [InlineData("{\"name\":\"x\",\"type\":\"margin\",\"currency\":\"USD\"}", "type", 400)]
    [InlineData("{\"name\":\"x\",\"type\":\"ira\"}", "currency", 400)]
    [InlineData("{\"name\":\"x\",\"type\":\"ira\",\"currency\":\"US\"}", "currency", 422)]
    [InlineData("{\"name\":\"\",\"type\":\"ira\",\"currency\":\"USD\"}", "name", 422)]
    [InlineData("{\"name\":\"x\",\"type\":\"ira\",\"currency\":\"USD\",\"tracksCash\":\"yes\"}", "tracksCash", 400)]
    [InlineData("{\"name\":\"x\",\"type\":\"ira\",\"currency\":\"USD\",\"colour\":\"red\"}", "colour", 400)]
    [InlineData("{\"name\":\"x\",", "body", 400)]
    public async Task Invalid_account_is_refused_naming_the_field_and_nothing_is_created(string json, string field, int status)
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        (await alice.SendAsync(HttpMethod.Post, "/api/accounts", rawBody: json)).AssertProblem((HttpStatusCode)status, field);
        Assert.Empty((await alice.GetJsonAsync("/api/accounts")).Body!.AsArray());
    }

    [Theory]
    [InlineData("acc%2F..%2Fother")]
    [InlineData("acc'%20OR%201=1")]
    [InlineData("..")]
    public async Task An_id_that_cannot_be_an_account_is_404_before_it_reaches_the_store(string id)
    {
        await using var app = await TestApp.StartAsync();
        (await app.ClientFor("alice").GetJsonAsync($"/api/accounts/{id}")).AssertProblem(HttpStatusCode.NotFound);
    }
}

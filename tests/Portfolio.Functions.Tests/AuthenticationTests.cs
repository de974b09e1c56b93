using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Portfolio.Api.Auth;
using Portfolio.Functions.Auth;

namespace Portfolio.Functions.Tests;

public class AuthenticationTests
{
    private static readonly TokenOptions Tokens = new() { SigningKey = "a-test-signing-key-that-is-long-enough-for-hs256" };

    private const string EasyAuthJson =
        """{"auth_typ":"aad","name_typ":"name","role_typ":"roles","claims":[{"typ":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier","val":"user-7"},{"typ":"roles","val":"admin"}]}""";

    [Fact]
    public async Task A_valid_bearer_token_authenticates_its_subject()
    {
        var request = Request(("Authorization", "Bearer " + Tokens.Mint("user-1", admin: false, DateTimeOffset.UtcNow, TimeSpan.FromHours(1))));

        var user = await new RequestAuthenticator(Tokens, trustEasyAuthHeader: false).AuthenticateAsync(request);

        Assert.Equal("user-1", Callers.From(user).UserId);
    }

    [Fact]
    public async Task An_expired_token_is_judged_by_the_injected_clock()
    {
        var issued = new DateTimeOffset(2026, 11, 18, 12, 0, 0, TimeSpan.Zero);
        var token = Tokens.Mint("user-1", admin: false, issued, TimeSpan.FromHours(1));
        var request = Request(("Authorization", "Bearer " + token));

        var during = await new RequestAuthenticator(Tokens, false, new FakeTimeProvider(issued.AddMinutes(30))).AuthenticateAsync(request);
        var after = await new RequestAuthenticator(Tokens, false, new FakeTimeProvider(issued.AddHours(2))).AuthenticateAsync(request);

        Assert.True(during.Identity?.IsAuthenticated);
        Assert.False(after.Identity?.IsAuthenticated);
    }

    [Fact]
    public async Task A_bad_bearer_token_leaves_the_caller_anonymous_even_with_an_easy_auth_header()
    {
        var request = Request(("Authorization", "Bearer not-a-jwt"), (RequestAuthenticator.EasyAuthPrincipalHeader, Base64(EasyAuthJson)));

        var user = await new RequestAuthenticator(Tokens, trustEasyAuthHeader: true).AuthenticateAsync(request);

        Assert.False(user.Identity?.IsAuthenticated);
    }

    [Fact]
    public async Task The_easy_auth_principal_is_used_when_easy_auth_is_on()
    {
        var request = Request((RequestAuthenticator.EasyAuthPrincipalHeader, Base64(EasyAuthJson)));

        var user = await new RequestAuthenticator(Tokens, trustEasyAuthHeader: true).AuthenticateAsync(request);

        var caller = Callers.From(user);
        Assert.Equal("user-7", caller.UserId);
        Assert.True(caller.IsAdmin);
    }

    [Fact]
    public async Task The_easy_auth_header_is_ignored_when_easy_auth_is_off()
    {
        var request = Request((RequestAuthenticator.EasyAuthPrincipalHeader, Base64(EasyAuthJson)));

        var user = await new RequestAuthenticator(Tokens, trustEasyAuthHeader: false).AuthenticateAsync(request);

        Assert.False(user.Identity?.IsAuthenticated);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("bm90IGpzb24=")] // "not json"
    [InlineData("e30=")] // "{}"
    public void A_malformed_easy_auth_header_is_not_a_principal(string header) =>
        Assert.Null(RequestAuthenticator.FromEasyAuth(header));

    [Fact]
    public async Task No_credentials_means_anonymous()
    {
        var user = await new RequestAuthenticator(Tokens, trustEasyAuthHeader: true).AuthenticateAsync(Request());

        Assert.False(user.Identity?.IsAuthenticated);
        Assert.Empty(user.Claims);
    }

    private static string Base64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    private static HttpRequest Request(params (string Name, string Value)[] headers)
    {
        var http = new DefaultHttpContext();
        foreach (var (name, value) in headers) http.Request.Headers[name] = value;
        return http.Request;
    }
}

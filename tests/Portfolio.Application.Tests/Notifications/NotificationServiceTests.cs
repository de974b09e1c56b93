using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Common;
using Portfolio.Application.Notifications;
using Portfolio.Application.Ports;
using static Portfolio.Application.Tests.Orders.OrderDesk;

namespace Portfolio.Application.Tests.Notifications;

/// <summary>The inbox (list, mark read) and the webhook's rules.</summary>
public class NotificationServiceTests
{
    private static async Task AddAsync(Harness app, string id, int minute, string user = "alice") =>
        await app.Get<INotificationStore>().TryAddAsync(new Notification(id, user, "order.filled", Now.AddMinutes(minute), "m " + id), default);

    [Fact]
    public async Task The_inbox_lists_newest_first_within_its_limit_and_marking_read_leaves_the_others_unread()
    {
        await using var app = new Harness();
        var service = app.Get<NotificationService>();
        await AddAsync(app, "e1", 1);
        await AddAsync(app, "e2", 2);
        await AddAsync(app, "e3", 3);
        await AddAsync(app, "b1", 4, "bob");

        Assert.Equal(["e3", "e2", "e1"], (await service.ListAsync(app.Alice, false, 200, default)).Select(n => n.Id));
        Assert.Equal(["e3"], (await service.ListAsync(app.Alice, false, 1, default)).Select(n => n.Id));

        var marked = await service.MarkReadAsync(app.Alice, ["e2", "e2"], default);
        Assert.All(marked, n => Assert.True(n.Read));
        Assert.Equal(["e3", "e1"], (await service.ListAsync(app.Alice, true, 200, default)).Select(n => n.Id));

        var unknown = await Assert.ThrowsAsync<NotFoundException>(() => service.MarkReadAsync(app.Alice, ["e1", "b1"], default)); // bob's
        Assert.Equal("notification", unknown.Resource);
        Assert.Equal(["e3", "e1"], (await service.ListAsync(app.Alice, true, 200, default)).Select(n => n.Id)); // e1 untouched
    }

    [Theory]
    [InlineData(0)]
    [InlineData(201)]
    public async Task A_listing_limit_outside_one_to_two_hundred_is_refused(int limit)
    {
        await using var app = new Harness();
        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => app.Get<NotificationService>().ListAsync(app.Alice, false, limit, default));
        Assert.Equal(("limit", "must be between 1 and 200"), (refused.Field, refused.Reason));
    }

    [Fact]
    public async Task Marking_read_needs_one_to_two_hundred_ids()
    {
        await using var app = new Harness();
        var service = app.Get<NotificationService>();
        Assert.Equal("ids", (await Assert.ThrowsAsync<InvalidRequestException>(() => service.MarkReadAsync(app.Alice, [], default))).Field);
        var many = Enumerable.Range(0, 201).Select(i => $"e{i}").ToList();
        Assert.Equal("ids", (await Assert.ThrowsAsync<InvalidRequestException>(() => service.MarkReadAsync(app.Alice, many, default))).Field);
        for (var i = 0; i < 200; i++) await AddAsync(app, $"e{i}", i);
        Assert.Equal(200, (await service.MarkReadAsync(app.Alice, many[..200], default)).Count);
        Assert.Equal(200, (await service.ListAsync(app.Alice, false, 200, default)).Count(n => n.Read));
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("  ", "is required")]
    [InlineData("not a url", "must be an absolute URL without credentials, at most 2,000 characters")]
    [InlineData("https://user:pw@hooks.example/x", "must be an absolute URL without credentials, at most 2,000 characters")]
    [InlineData("http://hooks.example/x", "must use https")]
    [InlineData("ftp://hooks.example/x", "must use https")]
    [InlineData("https://127.0.0.1/x", "must not point at this machine")]
    [InlineData("https://localhost/x", "must not point at this machine")]
    [InlineData("https://[::1]/x", "must not point at this machine")]
    [InlineData("http://127.0.0.1:5000/x", "must use https")]
    public async Task A_webhook_must_be_https_to_another_machine(string? url, string reason)
    {
        await using var app = new Harness();
        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => app.Get<NotificationService>().PutWebhookAsync(app.Alice, url, "0123456789abcdef", default));
        Assert.Equal(("url", reason), (refused.Field, refused.Reason));
        Assert.Null(await app.Get<INotificationStore>().GetWebhookAsync("alice", default));
    }

    [Fact]
    public async Task A_webhook_url_of_two_thousand_characters_is_accepted_and_one_more_is_not()
    {
        await using var app = new Harness();
        var service = app.Get<NotificationService>();
        var prefix = "https://hooks.example/";
        await service.PutWebhookAsync(app.Alice, prefix + new string('a', 2000 - prefix.Length), "0123456789abcdef", default);
        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => service.PutWebhookAsync(app.Alice, prefix + new string('a', 2001 - prefix.Length), "0123456789abcdef", default));
        Assert.Equal("url", refused.Field);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(15, false)]
    [InlineData(16, true)]
    [InlineData(200, true)]
    [InlineData(201, false)]
    public async Task A_webhook_secret_has_sixteen_to_two_hundred_characters(int? length, bool accepted)
    {
        await using var app = new Harness();
        var secret = length is { } n ? new string('s', n) : null;
        var put = () => app.Get<NotificationService>().PutWebhookAsync(app.Alice, "https://hooks.example/x", secret, default);
        if (accepted)
        {
            var webhook = await put();
            Assert.Equal(("alice", "https://hooks.example/x", secret, Now), (webhook.UserId, webhook.Url, webhook.Secret, webhook.UpdatedAt));
            Assert.Equal(webhook.Secret, (await app.Get<INotificationStore>().GetWebhookAsync("alice", default))!.Secret);
        }
        else
        {
            var refused = await Assert.ThrowsAsync<InvalidRequestException>(put);
            Assert.Equal(("secret", "must be 16 to 200 characters"), (refused.Field, refused.Reason));
        }
    }

    [Fact]
    public async Task Plain_http_is_allowed_only_to_loopback_and_only_when_the_host_allows_it()
    {
        await using var app = new Harness(s => s.AddSingleton(new NotificationOptions { AllowLoopbackHttp = true }));
        var service = app.Get<NotificationService>();
        Assert.Equal("http://127.0.0.1:5000/x", (await service.PutWebhookAsync(app.Alice, "http://127.0.0.1:5000/x", "0123456789abcdef", default)).Url);
        Assert.Equal("https://localhost/x", (await service.PutWebhookAsync(app.Alice, "https://localhost/x", "0123456789abcdef", default)).Url);
        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => service.PutWebhookAsync(app.Alice, "http://hooks.example/x", "0123456789abcdef", default));
        Assert.Equal("must use https", refused.Reason);
    }
}

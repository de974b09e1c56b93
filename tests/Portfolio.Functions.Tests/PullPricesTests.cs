using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Portfolio.Application.Accounts;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Functions.Prices;

namespace Portfolio.Functions.Tests;

public class PullPricesTests
{
    [Fact]
    public async Task Symbols_are_the_union_of_every_page_of_accounts_and_the_watched_list()
    {
        var store = new Mock<IAccountStore>();
        store.Setup(s => s.ListAllAsync(null, It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Page<Account>([TestData.Account("a", "u1", "MSFT", "AAPL"), TestData.Account("b", "u2")], "next"));
        store.Setup(s => s.ListAllAsync("next", It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Page<Account>([TestData.Account("c", "u1", "AAPL", "VTI")], null));

        var symbols = await new HeldSymbolCollector(store.Object, new WatchedSymbols(["spy", "VTI ", " "])).CollectAsync(CancellationToken.None);

        Assert.Equal(new[] { "AAPL", "MSFT", "SPY", "VTI" }, symbols);
    }

    [Fact]
    public void A_message_carries_the_quote_as_json_under_a_deterministic_id()
    {
        var quote = TestData.Quote("AAPL", 189.25m, new DateTimeOffset(2026, 11, 18, 15, 0, 0, TimeSpan.Zero));

        var message = QuoteMessages.ToMessage(quote);

        Assert.Equal("AAPL:2026-11-18T15:00:00.0000000+00:00", message.MessageId);
        Assert.Equal("application/json", message.ContentType);
        Assert.Equal(quote, QuoteMessages.Parse(message.Body).Quote);
        Assert.Contains("\"kind\":\"realTime\"", message.Body.ToString());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("null")]
    [InlineData("{\"symbol\":\"AAPL\",\"price\":\"12\"}")]
    public void An_unreadable_body_is_reported(string body)
    {
        var (quote, error) = QuoteMessages.Parse(BinaryData.FromString(body));

        Assert.Null(quote);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public async Task Messages_go_out_in_as_many_batches_as_the_size_limit_needs()
    {
        var sent = new List<List<string>>();
        var sender = SenderWithBatchCapacity(2, sent);
        var messages = Enumerable.Range(1, 5).Select(i => QuoteMessages.ToMessage(TestData.Quote("S" + i, i))).ToList();

        var batches = await new ServiceBusQuotePublisher(sender.Object).PublishAsync(messages, CancellationToken.None);

        Assert.Equal(3, batches);
        Assert.Equal(new[] { "S1 S2", "S3 S4", "S5" }, sent.Select(b => string.Join(' ', b.Select(id => id.Split(':')[0]))));
    }

    [Fact]
    public async Task A_message_too_large_for_an_empty_batch_is_an_error()
    {
        var sender = SenderWithBatchCapacity(0, []);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new ServiceBusQuotePublisher(sender.Object).PublishAsync([QuoteMessages.ToMessage(TestData.Quote("AAPL", 1))], CancellationToken.None));
    }

    [Fact]
    public async Task The_fetcher_falls_back_to_the_next_source_for_missing_symbols_and_stores_nothing()
    {
        var first = Source("Polygon", PriceSourceResult.Fail(PriceSourceFailureKind.RateLimited, "429", partial: [TestData.Quote("AAPL", 190, source: "Polygon")]));
        var second = Source("Stooq", new PriceSourceResult([TestData.Quote("MSFT", 410)], ["ZZZZ"]));
        var store = new Mock<IPriceStore>(MockBehavior.Strict); // no reads during the session, and never a write
        var fetcher = new QuoteFetcher([first.Object, second.Object], store.Object, UsMarketCalendar.Instance,
            new FakeTimeProvider(TestData.MarketOpen), NullLogger<QuoteFetcher>.Instance);

        var quotes = await fetcher.FetchAsync(["AAPL", "MSFT", "ZZZZ"], CancellationToken.None);

        Assert.Equal(new[] { "AAPL", "MSFT" }, quotes.Select(q => q.Symbol).Order());
        second.Verify(s => s.FetchAsync(It.Is<IReadOnlyList<string>>(l => l.SequenceEqual(new[] { "MSFT", "ZZZZ" })), QuoteKind.RealTime, It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task After_the_close_symbols_already_priced_at_the_close_are_not_fetched_again()
    {
        var close = new DateTimeOffset(2026, 11, 18, 21, 0, 0, TimeSpan.Zero);
        var store = new Mock<IPriceStore>();
        store.Setup(s => s.GetLatestAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Dictionary<string, Quote> { ["AAPL"] = TestData.Quote("AAPL", 190, close) });
        var source = Source("Stooq", new PriceSourceResult([TestData.Quote("MSFT", 410, close)], []));
        var fetcher = new QuoteFetcher([source.Object], store.Object, UsMarketCalendar.Instance,
            new FakeTimeProvider(TestData.AfterClose), NullLogger<QuoteFetcher>.Instance);

        var quotes = await fetcher.FetchAsync(["AAPL", "MSFT"], CancellationToken.None);

        Assert.Equal("MSFT", Assert.Single(quotes).Symbol);
        source.Verify(s => s.FetchAsync(It.Is<IReadOnlyList<string>>(l => l.SequenceEqual(new[] { "MSFT" })), QuoteKind.EndOfDay, It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task The_timer_function_sends_one_message_per_quote()
    {
        var accounts = new Mock<IAccountStore>();
        accounts.Setup(s => s.ListAllAsync(null, It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Page<Account>([TestData.Account("a", "u1", "AAPL", "MSFT")], null));
        var source = Source("Stooq", new PriceSourceResult([TestData.Quote("AAPL", 190), TestData.Quote("MSFT", 410)], []));
        var publisher = new Mock<IQuotePublisher>();
        IReadOnlyList<ServiceBusMessage>? published = null;
        publisher.Setup(p => p.PublishAsync(It.IsAny<IReadOnlyList<ServiceBusMessage>>(), It.IsAny<CancellationToken>()))
            .Callback<IReadOnlyList<ServiceBusMessage>, CancellationToken>((m, _) => published = m)
            .ReturnsAsync(1);
        var function = new PullPrices(
            new HeldSymbolCollector(accounts.Object, new WatchedSymbols([])),
            new QuoteFetcher([source.Object], new Mock<IPriceStore>(MockBehavior.Strict).Object, UsMarketCalendar.Instance,
                new FakeTimeProvider(TestData.MarketOpen), NullLogger<QuoteFetcher>.Instance),
            publisher.Object,
            NullLogger<PullPrices>.Instance);

        await function.Run(new TimerInfo(), CancellationToken.None);

        Assert.NotNull(published);
        Assert.Equal(new[] { "AAPL:2026-11-18T15:00:00.0000000+00:00", "MSFT:2026-11-18T15:00:00.0000000+00:00" },
            published.Select(m => m.MessageId));
    }

    private static Mock<IPriceSource> Source(string name, PriceSourceResult result)
    {
        var source = new Mock<IPriceSource>();
        source.SetupGet(s => s.Name).Returns(name);
        source.Setup(s => s.FetchAsync(It.IsAny<IReadOnlyList<string>>(), It.IsAny<QuoteKind>(), It.IsAny<CancellationToken>())).ReturnsAsync(result);
        return source;
    }

    /// <summary>A sender whose batches accept <paramref name="capacity"/> messages; records the message ids of each batch sent.</summary>
    private static Mock<ServiceBusSender> SenderWithBatchCapacity(int capacity, List<List<string>> sent)
    {
        var contents = new Dictionary<ServiceBusMessageBatch, List<ServiceBusMessage>>();
        var sender = new Mock<ServiceBusSender>();
        sender.Setup(s => s.CreateMessageBatchAsync(It.IsAny<CancellationToken>())).Returns(() =>
        {
            var messages = new List<ServiceBusMessage>();
            var batch = ServiceBusModelFactory.ServiceBusMessageBatch(0, messages, tryAddCallback: _ => messages.Count < capacity);
            contents[batch] = messages;
            return ValueTask.FromResult(batch);
        });
        sender.Setup(s => s.SendMessagesAsync(It.IsAny<ServiceBusMessageBatch>(), It.IsAny<CancellationToken>()))
            .Callback<ServiceBusMessageBatch, CancellationToken>((batch, _) => sent.Add(contents[batch].Select(m => m.MessageId ?? "").ToList()))
            .Returns(Task.CompletedTask);
        return sender;
    }
}

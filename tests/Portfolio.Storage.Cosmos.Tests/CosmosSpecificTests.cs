using System.Text.Json;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Time.Testing;
using Portfolio.Application.Alerts;
using Portfolio.Application.Ledger;
using Portfolio.Application.Prices;
using Portfolio.Domain.Rebalancing;
using Portfolio.Domain.Transactions;
using Portfolio.Storage.Contract;

namespace Portfolio.Storage.Cosmos.Tests;

/// <summary>What the contract cannot see: the documents themselves, and recovery from a half-done resolve.</summary>
public sealed class CosmosSpecificTests(CosmosFixture fixture) : IClassFixture<CosmosFixture>
{
    private readonly CancellationToken _ct = CancellationToken.None;

    [ContractFact]
    public async Task Documents_hold_money_as_strings_and_ledger_ids_are_padded_sequences()
    {
        var accountId = $"acc-{Guid.NewGuid():N}";
        await fixture.Ledger.TryAppendAsync(new LedgerEntry(accountId, 7, new Deposit("d", new DateOnly(2024, 1, 2), 12345678901234.567891m), DateTimeOffset.UnixEpoch), _ct);
        var symbol = $"S{Guid.NewGuid():N}"[..10];
        await fixture.Prices.SaveAsync([new Quote(symbol, 0.000001m, new DateTimeOffset(2024, 2, 3, 4, 5, 6, TimeSpan.Zero), "t", QuoteKind.EndOfDay)], _ct);

        var entry = await RawAsync(fixture.Containers.Ledger, "000000000007", accountId);
        Assert.Equal(JsonValueKind.Number, entry.GetProperty("sequence").ValueKind);
        Assert.Equal("12345678901234.567891", entry.GetProperty("payload").GetProperty("amount").GetString());
        var latest = await RawAsync(fixture.Containers.Prices, "latest", symbol);
        Assert.Equal("0.000001", latest.GetProperty("quote").GetProperty("price").GetString());
        Assert.Equal("endOfDay", latest.GetProperty("quote").GetProperty("kind").GetString());
        var month = await RawAsync(fixture.Containers.Prices, "2024-02", symbol);
        Assert.Single(month.GetProperty("quotes").EnumerateArray());
    }

    [ContractFact]
    public async Task A_resolve_interrupted_before_its_delete_lists_once_and_the_next_open_completes_it()
    {
        var accountId = $"acc-{Guid.NewGuid():N}";
        var openedAt = new DateTimeOffset(2024, 6, 3, 14, 0, 0, TimeSpan.Zero);
        var alert = new DriftAlert(accountId, "VTI", openedAt, 70m, 60m, 10m, TradeAction.Sell, 2m);
        await fixture.Alerts.TryOpenAsync(alert, _ct);
        // The first step of a resolve only: the history document, as ResolveAsync writes it.
        var open = await RawAsync(fixture.Containers.Alerts, "open:VTI", accountId);
        var history = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(open.GetRawText())!;
        history["id"] = JsonSerializer.SerializeToElement($"resolved:VTI:{openedAt.UtcTicks}");
        history["status"] = JsonSerializer.SerializeToElement("resolved");
        history["resolvedAt"] = JsonSerializer.SerializeToElement(openedAt.AddHours(1));
        history.Remove("_etag");
        await fixture.Containers.Alerts.CreateItemAsync(history, new PartitionKey(accountId), cancellationToken: _ct);

        Assert.Empty(await fixture.Alerts.ListAsync(accountId, includeResolved: false, _ct));
        Assert.Equal(openedAt.AddHours(1), Assert.Single(await fixture.Alerts.ListAsync(accountId, includeResolved: true, _ct)).ResolvedAt);

        Assert.True(await fixture.Alerts.TryOpenAsync(alert with { OpenedAt = openedAt.AddHours(2) }, _ct));
        Assert.Equal(2, (await fixture.Alerts.ListAsync(accountId, includeResolved: true, _ct)).Count);
    }

    [ContractFact]
    public async Task Closes_of_a_market_month_are_one_document_with_money_as_strings()
    {
        var symbol = $"S{Guid.NewGuid():N}"[..10];
        // 02:00 UTC on 1 March 2024 is 21:00 on 29 February in New York: a February close in a March quote bucket.
        await fixture.Prices.SaveAsync([
            new Quote(symbol, 12.50m, new DateTimeOffset(2024, 2, 28, 21, 0, 0, TimeSpan.Zero), "t", QuoteKind.RealTime),
            new Quote(symbol, 12.75m, new DateTimeOffset(2024, 3, 1, 2, 0, 0, TimeSpan.Zero), "t", QuoteKind.RealTime),
        ], _ct);

        var closes = await RawAsync(fixture.Containers.Prices, "closes-2024-02", symbol);
        Assert.Equal("closes", closes.GetProperty("type").GetString());
        Assert.Equal(["2024-02-28", "2024-02-29"], closes.GetProperty("closes").EnumerateArray().Select(c => c.GetProperty("date").GetString()));
        Assert.Equal(["12.50", "12.75"], closes.GetProperty("closes").EnumerateArray().Select(c => c.GetProperty("price").GetString()));
        Assert.Single((await RawAsync(fixture.Containers.Prices, "2024-03", symbol)).GetProperty("quotes").EnumerateArray());
    }

    [ContractFact]
    public async Task A_close_written_within_the_skew_allowance_before_a_version_is_reported_again_after_it()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 2, 2, 15, 0, 0, TimeSpan.Zero));
        var options = new CosmosStorageOptions { Endpoint = "unused", CloseVersionSkewAllowance = TimeSpan.FromMinutes(5) };
        var store = new CosmosPriceStore(fixture.Containers, options, clock);
        var symbol = $"S{Guid.NewGuid():N}"[..10];
        await store.SaveAsync([new Quote(symbol, 5m, new DateTimeOffset(2024, 2, 5, 20, 0, 0, TimeSpan.Zero), "t", QuoteKind.RealTime)], _ct);

        // Read at the same instant as the write: a writer whose clock lags by up to 5 minutes could still be stamping
        // changes this reader has not seen, so the version answered is 5 minutes back and the write counts as after it.
        var sameInstant = await store.GetCloseChangesAsync([symbol], 0, _ct);
        Assert.Equal(clock.GetUtcNow().AddMinutes(-5).UtcTicks, sameInstant.Version);
        Assert.Equal(new DateOnly(2024, 2, 5), (await store.GetCloseChangesAsync([symbol], sameInstant.Version, _ct)).EarliestChangedDate);

        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromTicks(1));
        var later = await store.GetCloseChangesAsync([symbol], 0, _ct);
        Assert.Null((await store.GetCloseChangesAsync([symbol], later.Version, _ct)).EarliestChangedDate);
    }

    [ContractFact]
    public async Task Pruning_reads_a_month_written_before_it_recorded_its_oldest_quote()
    {
        var symbol = $"S{Guid.NewGuid():N}"[..10];
        var old = new Quote(symbol, 1m, new DateTimeOffset(2002, 7, 1, 15, 0, 0, TimeSpan.Zero), "t", QuoteKind.RealTime);
        var kept = old with { Price = 2m, AsOf = old.AsOf.AddDays(20) };
        // The shape main wrote: no "oldest" field.
        await fixture.Containers.Prices.CreateItemAsync(new MonthDocument("2002-07", symbol, MonthDocument.TypeName, "2002-07", [old, kept]),
            new PartitionKey(symbol), cancellationToken: _ct);

        Assert.Equal(1, await fixture.Prices.PruneHistoryAsync(old.AsOf.AddDays(1), _ct));

        Assert.Equal([kept], await fixture.Prices.GetHistoryAsync(symbol, old.AsOf.AddYears(-1), old.AsOf.AddYears(1), _ct));
        Assert.Equal(CosmosText.Instant(kept.AsOf), (await RawAsync(fixture.Containers.Prices, "2002-07", symbol)).GetProperty("oldest").GetString());
    }

    private async Task<JsonElement> RawAsync(Container container, string id, string partitionKey)
    {
        using var response = await container.ReadItemStreamAsync(id, new PartitionKey(partitionKey), cancellationToken: _ct);
        Assert.True(response.IsSuccessStatusCode, $"{id}: {response.StatusCode}");
        using var document = await JsonDocument.ParseAsync(response.Content, cancellationToken: _ct);
        return document.RootElement.Clone();
    }
}

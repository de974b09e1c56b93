using System.Text.Json;
using Microsoft.Azure.Cosmos;
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

    private async Task<JsonElement> RawAsync(Container container, string id, string partitionKey)
    {
        using var response = await container.ReadItemStreamAsync(id, new PartitionKey(partitionKey), cancellationToken: _ct);
        Assert.True(response.IsSuccessStatusCode, $"{id}: {response.StatusCode}");
        using var document = await JsonDocument.ParseAsync(response.Content, cancellationToken: _ct);
        return document.RootElement.Clone();
    }
}

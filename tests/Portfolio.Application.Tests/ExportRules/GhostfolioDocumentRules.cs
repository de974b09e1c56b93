using Portfolio.Application.Exports;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;
using static Portfolio.Application.Tests.ExportRules.ExportLedgers;

namespace Portfolio.Application.Tests.ExportRules;

/// <summary>
/// The Ghostfolio file has the shape of Ghostfolio's own export (its <c>Export</c> interface): <c>meta</c> with the
/// export's UTC instant to the millisecond and a version, one account (<c>balance</c>, <c>currency</c> in capitals,
/// <c>id</c>, <c>name</c>, <c>platformId</c> null), then the activities, one a line, each with the account's id. Text is
/// written as it is (no <c>\u</c> escapes but for JSON's own). The file streams one piece per transaction that has an
/// activity: a deposit has none and streams nothing.
/// </summary>
public class GhostfolioDocumentRules
{
    private static readonly AccountSettings TaxableCash = new(AccountType.Taxable, "usd", LotMethod.Fifo, TracksCash: true);

    // Deposit 1,000; buy 3 AAPL at 150.5 with a 1 fee; sell 1 at 160 with a 0.5 fee: cash 1,000 − 452.5 + 159.5 = 707.
    private static readonly Transaction[] BuyAndSell =
        [new Deposit("d1", D(1, 2), 1_000m), new Buy("b&1", D(1, 3), "AAPL", 3, 150.5m, 1m), new Sell("s1", D(2, 1), "AAPL", 1, 160m, 0.5m)];

    [Fact]
    public void The_document_is_meta_the_account_and_the_activities_with_text_written_as_it_is()
    {
        var at = new DateTimeOffset(2024, 6, 3, 18, 0, 0, 123, TimeSpan.FromHours(2)); // 16:00:00.123 UTC

        var pieces = GhostfolioFormat.Write("acc-1", "Åsa's IRA", TaxableCash, 707m, BuyAndSell, at).ToList();

        Assert.Equal("""
            {
              "meta": {
                "date": "2024-06-03T16:00:00.123Z",
                "version": "portfolio-functions"
              },
              "accounts": [
                {
                  "balance": 707,
                  "currency": "USD",
                  "id": "acc-1",
                  "name": "Åsa's IRA",
                  "platformId": null
                }
              ],
              "activities": [
                {"accountId":"acc-1","comment":"id b&1","fee":1,"quantity":3,"type":"BUY","unitPrice":150.5,"currency":"USD","dataSource":"YAHOO","date":"2024-01-03T00:00:00.000Z","symbol":"AAPL"},
                {"accountId":"acc-1","comment":"id s1","fee":0.5,"quantity":1,"type":"SELL","unitPrice":160,"currency":"USD","dataSource":"YAHOO","date":"2024-02-01T00:00:00.000Z","symbol":"AAPL"}
              ]
            }

            """, string.Concat(pieces));
        // The head, the buy, the sale and the end: the deposit streams no piece.
        Assert.Equal(4, pieces.Count);
    }
}

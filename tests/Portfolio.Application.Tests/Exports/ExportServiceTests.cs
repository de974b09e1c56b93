using System.Text.Json;
using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Exports;
using Portfolio.Application.Imports;
using Portfolio.Application.Ledger;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;
using Portfolio.Application.Tests.Orders;
using static Portfolio.Application.Tests.Orders.OrderDesk;

namespace Portfolio.Application.Tests.Exports;

/// <summary>
/// Exporting an account's log: the format must be named, the file is named after the account, the CSV imports back into
/// the same ledger, and the Beancount and Ghostfolio files carry the latest prices and the cash.
/// The account (cash-tracking, FIFO): deposit 10,000 on 1 May; buy 10 AAPL at 100 with a 1 fee on 2 May; buy 5 AAPL at
/// 120 on 3 May; sell 12 AAPL at 130 with a 2 fee on 20 May (10 at 100 and 2 at 120: gain 1,558 − 1,001 − 240 = 317);
/// withdraw 500 on 21 May. Cash: 10,000 − 1,001 − 600 + 1,558 − 500 = 9,457; 3 AAPL left, basis 360.
/// </summary>
public class ExportServiceTests
{
    private static readonly AccountSettings Cash = new(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true);
    private static DateOnly May(int day) => new(2024, 5, day);

    private static async Task<Account> AccountAsync(Harness app, string name = "Test")
    {
        var account = (await app.Get<AccountService>().CreateAsync(app.Alice, new CreateAccountRequest(name, Cash, null, "h-" + name), default)).Account;
        await app.RecordAsync(account, id => new Deposit(id, May(1), 10_000));
        await app.RecordAsync(account, id => new Buy(id, May(2), "AAPL", 10, 100, 1));
        await app.RecordAsync(account, id => new Buy(id, May(3), "AAPL", 5, 120));
        await app.RecordAsync(account, id => new Sell(id, May(20), "AAPL", 12, 130, 2));
        await app.RecordAsync(account, id => new Withdrawal(id, May(21), 500));
        return account;
    }

    private static Task<ExportFile> ExportAsync(Harness app, Account account, string? format) =>
        app.Get<ExportService>().ExportAsync(app.Alice, account.Id, format, default);

    [Theory]
    [InlineData(null, "'' is not one of csv, beancount, ghostfolio")]
    [InlineData("xml", "'xml' is not one of csv, beancount, ghostfolio")]
    [InlineData("CSV", "'CSV' is not one of csv, beancount, ghostfolio")]
    public async Task An_export_must_name_one_of_the_three_formats(string? format, string reason)
    {
        await using var app = new Harness();
        var account = await AccountAsync(app);
        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => ExportAsync(app, account, format));
        Assert.Equal(("format", reason), (refused.Field, refused.Reason));
    }

    [Theory]
    [InlineData("Test", "Test.csv")]
    [InlineData("Main IRA/2024", "Main-IRA-2024.csv")]
    [InlineData(" Åsa's_acct-1 ", "sa-s_acct-1.csv")] // outer replacements trimmed, inner ones kept
    [InlineData("ÅÄÖ", "account.csv")]
    public async Task The_file_is_named_after_the_account_in_letters_digits_dashes_and_underscores(string name, string fileName)
    {
        await using var app = new Harness();
        var account = await AccountAsync(app, name);
        var file = await ExportAsync(app, account, "csv");
        Assert.Equal(("text/csv", fileName), (file.ContentType, file.FileName));
    }

    [Fact]
    public async Task The_csv_export_imports_into_an_empty_account_as_the_same_ledger()
    {
        await using var app = new Harness();
        var source = await AccountAsync(app);
        var csv = string.Concat((await ExportAsync(app, source, "csv")).Pieces);
        Assert.StartsWith(string.Join(",", ProductCsvFormat.Columns), csv);

        var target = (await app.Get<AccountService>().CreateAsync(app.Alice, new CreateAccountRequest("Copy", Cash, null, "h2"), default)).Account;
        var imported = await app.Get<ImportService>().ImportAsync(app.Alice, new ImportRequest(target.Id, "csv", csv, DryRun: false, SkipInvalid: false), default);
        Assert.Equal(5, imported.Booked);

        var ledger = (await app.Get<LedgerReader>().LoadAsync(target, default)).Ledger;
        Assert.Equal(9_457m, ledger.Cash);
        var position = ledger.PositionOf("AAPL")!;
        Assert.Equal((3m, 360m), (position.Quantity, position.CostBasis));
        Assert.Equal(317m, ledger.Realized.Sum(r => r.Gain));
    }

    [Fact]
    public void A_long_csv_is_written_in_blocks_of_a_thousand_rows_with_one_header()
    {
        var log = Enumerable.Range(0, 2_500).Select(i => (Transaction)new Deposit($"tx_{i}", May(1), i + 1)).ToList();

        var pieces = ExportService.CsvPieces(log).ToList();

        Assert.Equal(3, pieces.Count);
        Assert.Equal(ProductCsvFormat.Write(log), string.Concat(pieces));
        Assert.Equal([1_001, 1_000, 500], pieces.Select(p => p.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length));
        Assert.Single(ExportService.CsvPieces([])); // an empty log is the header alone
        Assert.Equal(ProductCsvFormat.Write([]), ExportService.CsvPieces([]).Single());
    }

    [Fact]
    public async Task The_beancount_file_prices_what_is_held_at_its_latest_quote_on_its_market_date()
    {
        await using var app = new Harness();
        var account = await AccountAsync(app);
        await app.StoreQuoteAsync(150, Now);
        await app.StoreQuoteAsync(400, Now, "MSFT"); // not held: no price directive

        var file = await ExportAsync(app, account, "beancount");

        Assert.Equal(("text/plain", "Test.beancount"), (file.ContentType, file.FileName));
        var text = string.Concat(file.Pieces);
        Assert.Contains("2024-06-03 price AAPL", text);
        Assert.DoesNotContain("price MSFT", text);
    }

    [Fact]
    public async Task The_ghostfolio_file_carries_the_accounts_cash()
    {
        await using var app = new Harness();
        var account = await AccountAsync(app);

        var file = await ExportAsync(app, account, "ghostfolio");

        Assert.Equal(("application/json", "Test.ghostfolio.json"), (file.ContentType, file.FileName));
        using var json = JsonDocument.Parse(string.Concat(file.Pieces));
        var exported = json.RootElement.GetProperty("accounts")[0];
        Assert.Equal((account.Id, 9_457m), (exported.GetProperty("id").GetString(), exported.GetProperty("balance").GetDecimal()));
    }
}

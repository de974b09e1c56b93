using Portfolio.Application.Accounts;
using Portfolio.Application.Imports;
using Portfolio.Application.Ledger;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using static Portfolio.Application.Tests.Imports.Samples;

namespace Portfolio.Application.Tests.Imports;

/// <summary>Each broker format's sample file booked through the import use case, and the numbers it leaves, worked by hand.</summary>
public class BrokerImportTests
{
    private static readonly DateTimeOffset March2026 = new(2026, 3, 2, 18, 0, 0, TimeSpan.Zero);

    private static AccountSettings SettingsFor(string format) => format switch
    {
        "fidelity" => new(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true, AllowsFractionalShares: true),
        "portfolio-performance" => new(AccountType.Taxable, "EUR", LotMethod.Fifo, TracksCash: true),
        "ghostfolio" => new(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: false),
        _ => new(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true),
    };

    private static async Task<(Harness Harness, Account Account)> AccountFor(string format)
    {
        var harness = new Harness();
        harness.Clock.SetUtcNow(March2026);
        return (harness, await harness.AccountAsync(SettingsFor(format)));
    }

    private static Task<ImportResult> ImportAsync(Harness harness, Account account, string format, string sample, bool dryRun = false) =>
        harness.Get<ImportService>().ImportAsync(harness.Alice, new ImportRequest(account.Id, format, Text(sample), dryRun, SkipInvalid: false), CancellationToken.None);

    private static Task<LedgerState> StateAsync(Harness harness, Account account) => harness.Get<LedgerReader>().LoadAsync(account, CancellationToken.None);

    private static decimal Shares(LedgerState state, string symbol) => state.Ledger.Positions.Single(p => p.Symbol == symbol).Quantity;

    private static decimal Basis(LedgerState state, string symbol) => state.Ledger.Positions.Single(p => p.Symbol == symbol).CostBasis;

    /// <summary>format, sample, a later overlapping file, transactions the sample books, and of the later file: duplicates and new transactions.</summary>
    public static TheoryData<string, string, string, int, int, int> Files => new()
    {
        { "fidelity", "fidelity-history.csv", "fidelity-history-overlap.csv", 7, 3, 2 },
        { "ibkr-flex", "ibkr-flex.xml", "ibkr-flex-overlap.xml", 8, 1, 2 },
        // The sale and the dividend are two transactions each (the tax withheld a fee); the later file repeats the sale.
        { "portfolio-performance", "portfolio-performance-de.csv", "portfolio-performance-de-overlap.csv", 9, 4, 2 },
        { "ghostfolio", "ghostfolio-export.json", "ghostfolio-export-overlap.json", 6, 3, 1 },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_dry_run_books_nothing_and_the_real_import_books_what_it_showed(string format, string sample, string overlap, int booked, int duplicates, int added)
    {
        _ = (overlap, duplicates, added);
        var (harness, account) = await AccountFor(format);
        await using var _h = harness;

        var dry = await ImportAsync(harness, account, format, sample, dryRun: true);
        Assert.Equal(0, (await StateAsync(harness, account)).Version);
        var real = await ImportAsync(harness, account, format, sample);

        Assert.Equal((booked, booked), (dry.Booked, real.Booked));
        Assert.Empty(real.Errors);
        // The same rows under the same ids (as JSON, so that a transfer's lots compare by value).
        Assert.Equal(dry.Transactions.Select(t => (t.Row, TransactionJson.Serialize(t.Entry.Transaction))), real.Transactions.Select(t => (t.Row, TransactionJson.Serialize(t.Entry.Transaction))));
        Assert.Equal(booked, (await StateAsync(harness, account)).Version);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Importing_the_file_again_books_nothing_and_a_later_overlapping_file_books_only_its_new_rows(
        string format, string sample, string overlap, int booked, int duplicates, int added)
    {
        var (harness, account) = await AccountFor(format);
        await using var _h = harness;
        await ImportAsync(harness, account, format, sample);

        var again = await ImportAsync(harness, account, format, sample);
        var later = await ImportAsync(harness, account, format, overlap);

        Assert.Equal((0, booked), (again.Booked, again.Duplicates.Count));
        Assert.Equal((added, duplicates), (later.Booked, later.Duplicates.Count));
        Assert.Equal(booked + added, (await StateAsync(harness, account)).Version);
    }

    [Fact]
    public async Task Fidelity_history_leaves_the_cash_lots_and_gain_worked_by_hand()
    {
        var (harness, account) = await AccountFor("fidelity");
        await using var _h = harness;
        await ImportAsync(harness, account, "fidelity", "fidelity-history.csv");
        var state = await StateAsync(harness, account);

        // 10,000 + 1.07 − 5,710 − 4,000 + 12.34 − 0.0425 × 290.35 (12.339875) + (5 × 410.25 − 0.03)
        Assert.Equal(2342.290125m, state.Ledger.Cash);
        Assert.Equal((5m, 2000m), (Shares(state, "MSFT"), Basis(state, "MSFT")));
        Assert.Equal((20.0425m, 5722.339875m), (Shares(state, "VTI"), Basis(state, "VTI")));
        var sale = Assert.Single(state.Ledger.Realized);
        Assert.Equal((2051.22m, 2000m, 51.22m), (sale.Proceeds, sale.CostBasis, sale.Gain));
        // The dividend counted once as income: the reinvestment is a purchase with its cash.
        Assert.Equal(1.07m + 12.34m, state.Ledger.Income.Sum(i => i.Amount));
    }

    [Fact]
    public async Task A_fidelity_history_with_a_transfer_of_no_money_books_its_other_rows_and_nothing_for_it()
    {
        var (harness, account) = await AccountFor("fidelity");
        await using var _h = harness;
        var file = string.Join("\n", "", "", ImportRules.FidelityActionRules.Header,
            " 01/20/2026, YOU BOUGHT VANGUARD TOTAL STOCK MARKET ETF (VTI) (Cash), VTI, VANGUARD TOTAL STOCK MARKET ETF,Cash,10,250.00,,,,-2500.00,01/21/2026",
            " 01/16/2026, TRANSFERRED FROM VS Z12-345678-1 (Cash), , No Description,Cash,0.000,,,,,0.00,",
            " 01/15/2026, Electronic Funds Transfer Received (Cash), , No Description,Cash,,,,,,3000.00,") + "\n";

        var result = await harness.Get<ImportService>().ImportAsync(harness.Alice,
            new ImportRequest(account.Id, "fidelity", file, DryRun: false, SkipInvalid: false), CancellationToken.None);
        var state = await StateAsync(harness, account);

        Assert.Equal((2, 0), (result.Booked, result.Errors.Count));
        Assert.Equal(3000m - 2500m, state.Ledger.Cash);
        Assert.Equal((10m, 2500m), (Shares(state, "VTI"), Basis(state, "VTI")));
    }

    [Fact]
    public async Task Schwab_history_counts_a_reinvested_dividend_once_and_spends_its_cash()
    {
        var harness = new Harness();
        harness.Clock.SetUtcNow(March2026);
        await using var _h = harness;
        var account = await harness.AccountAsync(new(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true, AllowsFractionalShares: true));
        // The Stock Split row is an error (the file gives no ratio): skip it explicitly.
        await harness.Get<ImportService>().ImportAsync(harness.Alice,
            new ImportRequest(account.Id, "schwab", Text("schwab-history.csv"), DryRun: false, SkipInvalid: true), CancellationToken.None);
        var state = await StateAsync(harness, account);

        // 10,000 + 1.07 − 2 × 4,000 + 12.34 − 0.0425 × 290.35 (12.339875) + (5 × 410.25 − 0.65)
        Assert.Equal(4051.670125m, state.Ledger.Cash);
        Assert.Equal((15m, 6000m), (Shares(state, "MSFT"), Basis(state, "MSFT")));
        Assert.Equal((0.0425m, 12.339875m), (Shares(state, "VTI"), Basis(state, "VTI")));
        var sale = Assert.Single(state.Ledger.Realized);
        Assert.Equal((2050.60m, 2000m, 50.60m), (sale.Proceeds, sale.CostBasis, sale.Gain));
        Assert.Equal(1.07m + 12.34m, state.Ledger.Income.Sum(i => i.Amount));
    }

    [Fact]
    public async Task Ibkr_flex_statement_leaves_the_cash_the_split_lots_and_gain_worked_by_hand()
    {
        var (harness, account) = await AccountFor("ibkr-flex");
        await using var _h = harness;
        await ImportAsync(harness, account, "ibkr-flex", "ibkr-flex.xml");
        var state = await StateAsync(harness, account);

        // 10,000 + 3.17 − (20 × 243.12 + 1) − (10 × 140 + 1) + 5.20 − 0.78 + (8 × 250.5 − 1.0021)
        Assert.Equal(5746.1879m, state.Ledger.Cash);
        Assert.Equal((12m, 2918.04m), (Shares(state, "AAPL"), Basis(state, "AAPL"))); // 12/20 of 4,863.40
        Assert.Equal((40m, 1401m), (Shares(state, "NVDA"), Basis(state, "NVDA"))); // 10 shares split 4 for 1
        var sale = Assert.Single(state.Ledger.Realized);
        Assert.Equal((2002.9979m, 1945.36m, 57.6379m), (sale.Proceeds, sale.CostBasis, sale.Gain));
    }

    [Fact]
    public async Task Portfolio_performance_export_leaves_the_cash_lots_and_gain_worked_by_hand()
    {
        var (harness, account) = await AccountFor("portfolio-performance");
        await using var _h = harness;
        await ImportAsync(harness, account, "portfolio-performance", "portfolio-performance-de.csv");
        var state = await StateAsync(harness, account);

        // 10,000 − 2,506.50 + 10.00 − 2.65 + (10 × 105.4 − 1.50) − 3.25 + 0.42 − 4.99; the delivery moves no cash
        Assert.Equal(8545.53m, state.Ledger.Cash);
        Assert.Equal((15m, 1503.90m), (Shares(state, "EUNL.DE"), Basis(state, "EUNL.DE"))); // 15/25 of 2,506.50
        Assert.Equal((10m, 1234.56m), (Shares(state, "SAP.DE"), Basis(state, "SAP.DE")));
        var sale = Assert.Single(state.Ledger.Realized);
        Assert.Equal((1052.50m, 1002.60m, 49.90m), (sale.Proceeds, sale.CostBasis, sale.Gain));
    }

    [Fact]
    public async Task Ghostfolio_export_leaves_the_lots_gain_and_income_worked_by_hand()
    {
        var (harness, account) = await AccountFor("ghostfolio");
        await using var _h = harness;
        await ImportAsync(harness, account, "ghostfolio", "ghostfolio-export.json");
        var state = await StateAsync(harness, account);

        Assert.Equal((6m, 1503.6m), (Shares(state, "VTI"), Basis(state, "VTI"))); // 6/10 of 10 × 250.5 + 1
        Assert.Equal((3m, 1260m), (Shares(state, "MSFT"), Basis(state, "MSFT")));
        var sale = Assert.Single(state.Ledger.Realized);
        Assert.Equal((1048m, 1002.4m, 45.6m), (sale.Proceeds, sale.CostBasis, sale.Gain)); // 4 × 262.25 − 1
        Assert.Equal(9m + 2.5m, state.Ledger.Income.Sum(i => i.Amount));
    }

    [Fact]
    public async Task A_real_import_of_a_messy_file_books_nothing_and_names_each_bad_row_and_skipping_them_books_the_rest()
    {
        var (harness, account) = await AccountFor("ibkr-flex");
        await using var _h = harness;
        var service = harness.Get<ImportService>();
        var request = new ImportRequest(account.Id, "ibkr-flex", Text("ibkr-flex-messy.xml"), DryRun: false, SkipInvalid: false);

        var refused = await Assert.ThrowsAsync<ImportRejectedException>(() => service.ImportAsync(harness.Alice, request, CancellationToken.None));
        Assert.Equal([(7, "assetCategory", "OPT"), (16, "type", "TC")], refused.Errors.Select(e => (e.Row, e.Column, e.Value)));
        Assert.Equal(0, (await StateAsync(harness, account)).Version);

        var skipped = await service.ImportAsync(harness.Alice, request with { SkipInvalid = true }, CancellationToken.None);
        var state = await StateAsync(harness, account);
        Assert.Equal(3, skipped.Booked);
        // 100 SIRI bought for 451 (with the commission), reverse split 1 for 10: 10 shares keep the basis.
        Assert.Equal((10m, 451m), (Shares(state, "SIRI"), Basis(state, "SIRI")));
        Assert.Equal(1000m - 451m, state.Ledger.Cash);
    }
}

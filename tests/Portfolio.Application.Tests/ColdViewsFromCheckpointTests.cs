using System.Text.Json;
using Portfolio.Application.Holdings;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests;

/// <summary>
/// The first read of a cold account's positions and tax lots starts from its newest usable checkpoint and reads only the
/// log after it; the answer is the one a full replay of the log gives, to the last digit.
/// </summary>
public class ColdViewsFromCheckpointTests
{
    /// <summary>A short checkpoint interval, so that a log of a few dozen entries crosses two checkpoints (production keeps <see cref="LedgerState.CheckpointInterval"/>).</summary>
    private const int Interval = 20;
    private static readonly CancellationToken Ct = CancellationToken.None;

    public static TheoryData<LotMethod> Methods => new(Enum.GetValues<LotMethod>());

    [Theory, MemberData(nameof(Methods))]
    public async Task Cold_positions_and_tax_lots_read_from_a_checkpoint_equal_those_of_a_full_replay_after_back_dated_writes(LotMethod method)
    {
        await using var app = Harness.WithCheckpointInterval(Interval);
        app.Clock.SetUtcNow(new DateTimeOffset(2030, 1, 2, 18, 0, 0, TimeSpan.Zero)); // the generated log runs past the harness's today
        var account = await app.AccountAsync(LedgerLogs.Taxable(method));
        var generated = LedgerLogs.Generate(account.Id, account.Settings, 2 * Interval + 6, seed: 41 + (int)method);
        var written = LedgerState.Empty(account.Id, account.Settings, Interval).With(generated);
        Assert.Equal(AppendStatus.Appended, await app.Get<ILedgerStore>().TryAppendAllAsync(written.Entries.ToList(), Ct));
        foreach (var sequence in new[] { Interval, 2 * Interval })
            await app.Get<LedgerCheckpoints>().SaveIfDueAsync(LedgerState.Empty(account.Id, account.Settings, Interval).With(generated.Take(sequence).ToList()), Ct);
        // Back-dated writes between the two checkpoints' last trade dates: the second checkpoint no longer fits the log.
        var place = 2 * Interval - 10;
        var date = generated[place - 1].Transaction.TradeDate;
        var held = LedgerState.Replay(account.Id, account.Settings, generated.Take(place).ToList()).Ledger.Positions.First().Symbol;
        foreach (var transaction in new Transaction[] { new Deposit("late-deposit", date, 2_500m), new CashDividend("late-dividend", date, held, 12.34m) })
        {
            written = written.With(new LedgerEntry(account.Id, written.Version + 1, transaction, DateTimeOffset.UnixEpoch), out _);
            Assert.Equal(AppendStatus.Appended, await app.Get<ILedgerStore>().TryAppendAsync(written.Entries[^1], Ct));
        }
        // A price for every other held symbol.
        var symbols = written.Ledger.Positions.Select(p => p.Symbol).Order(StringComparer.Ordinal).ToList();
        await app.Get<IPriceStore>().SaveAsync(
            symbols.Where((_, i) => i % 2 == 0).Select((s, i) => new Quote(s, 17.25m + i * 3.5m, app.Clock.GetUtcNow().AddMinutes(-1), "test", QuoteKind.RealTime)).ToList(), Ct);

        var views = app.Get<HoldingsService>();
        var positions = await views.PositionsAsync(app.Alice, account.Id, Ct);
        var lots = await views.TaxLotsAsync(app.Alice, account.Id, Ct);

        var loaded = await app.Get<LedgerReader>().LoadLedgerAsync(account, Ct);
        Assert.False(loaded.IsComplete);
        Assert.Equal(written.Version - Interval, loaded.Entries.Count); // from the first checkpoint on, not the whole log
        // The independent answer: the stored log replayed from its first entry.
        var full = LedgerState.Replay(account.Id, account.Settings, await app.Get<ILedgerStore>().ReadAsync(account.Id, 0, Ct));
        Assert.Contains(full.Ledger.Realized, r => r.WashSaleDisallowed != 0); // the log exercises wash sales
        Assert.Contains(full.Ledger.Positions, p => p.Lots.Count > 1);
        var replayed = await app.Get<AccountSnapshotReader>().ReadAsync(account, full, Ct);
        Assert.Equal(Json(views.Positions(replayed)), Json(positions));
        Assert.Equal(Json(views.TaxLots(replayed)), Json(lots));
        Assert.Contains(positions.Positions, p => p.Price is not null);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}

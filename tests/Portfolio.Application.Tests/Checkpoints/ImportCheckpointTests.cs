using System.Globalization;
using Portfolio.Application.Accounts;
using Portfolio.Application.Imports;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.Checkpoints;

/// <summary>
/// An import stores what a run of single writes would have: the newest checkpoint it passed (an import seldom ends on a
/// multiple of the interval) and the account's compact state, so a cold load after it reads only the log after the
/// checkpoint. Checkpoints every 20 entries.
/// </summary>
public class ImportCheckpointTests
{
    private const int Interval = 20;
    private static readonly CancellationToken Ct = CancellationToken.None;
    private const string Header = "date,type,symbol,quantity,price,fee,amount,lotMethod,lots,newShares,oldShares,sharesPerShare,newSymbol,parentPrice,newPrice,cashInLieuPrice,id";

    /// <summary>A deposit of 10,000, then buys of 1 AAA at 10 + i, one a day from 2024-01-02: <paramref name="rows"/> lines in all.</summary>
    private static string Csv(int rows, int firstDay = 0) => string.Join("\n",
        new[] { Header }.Concat(Enumerable.Range(firstDay, rows).Select(i =>
        {
            var date = new DateOnly(2024, 1, 2).AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return i == 0 ? $"{date},deposit,,,,,10000,,,,,,,,,,dep" : $"{date},buy,AAA,1,{10 + i},0,,,,,,,,,,,buy{i}";
        }))) + "\n";

    private static Task<ImportResult> ImportAsync(Harness app, Account account, string csv) =>
        app.Get<ImportService>().ImportAsync(app.Alice, new ImportRequest(account.Id, "csv", csv, DryRun: false, SkipInvalid: false), Ct);

    private static async Task<LedgerState> ColdLoadAsync(Harness app, Account account)
    {
        await app.Get<LedgerCheckpoints>().LastSave;
        return await new LedgerReader(app.Get<ILedgerStore>(), app.Get<LedgerCheckpoints>()).LoadLedgerAsync(account, Ct);
    }

    [Fact]
    public async Task An_import_of_47_entries_stores_the_checkpoint_at_40_and_a_cold_load_resumes_from_it()
    {
        await using var app = Harness.WithCheckpointInterval(Interval);
        var account = await app.AccountAsync(LedgerLogs.Taxable(LotMethod.Fifo));

        Assert.Equal(47, (await ImportAsync(app, account, Csv(47))).Transactions.Count);

        await app.Get<LedgerCheckpoints>().LastSave;
        var stored = await app.Get<ILedgerStore>().ReadAsync(account.Id, 0, Ct);
        var info = Assert.Single(await app.Get<ILedgerCheckpointStore>().ListAsync(account.Id, Ct));
        Assert.Equal(40, info.Sequence);
        Assert.Equal(new DateOnly(2024, 1, 2).AddDays(39), info.LastTradeDate);
        var cold = await ColdLoadAsync(app, account);
        Assert.False(cold.IsComplete); // resumed from the checkpoint, holding the 7 entries after it
        Assert.Equal(7, cold.Entries.Count);
        var full = LedgerState.Replay(account.Id, account.Settings, stored, Interval).Ledger;
        LedgerAssert.SameFromCheckpoint(full, cold.Ledger);
        // 10,000 less 46 buys at 11 to 56: 10,000 − (46 · 11 + 45 · 46 / 2) = 10,000 − 1,541 = 8,459.
        Assert.Equal(8_459m, cold.Ledger.Cash);

        await app.Get<LedgerStates>().LastSave;
        var state = (await app.Get<ILedgerStateStore>().ReadManyAsync([account.Id], Ct))[account.Id];
        Assert.Equal(47, state.Version);
    }

    [Fact]
    public async Task A_second_import_that_passes_two_multiples_stores_the_newest_checkpoint_not_the_older_one()
    {
        await using var app = Harness.WithCheckpointInterval(Interval);
        var account = await app.AccountAsync(LedgerLogs.Taxable(LotMethod.Fifo));
        await ImportAsync(app, account, Csv(15));
        Assert.Empty(await app.Get<ILedgerCheckpointStore>().ListAsync(account.Id, Ct)); // 15 passes no multiple of 20

        await ImportAsync(app, account, Csv(30, firstDay: 15)); // entries 16 to 45

        await app.Get<LedgerCheckpoints>().LastSave;
        var info = Assert.Single(await app.Get<ILedgerCheckpointStore>().ListAsync(account.Id, Ct));
        Assert.Equal(40, info.Sequence);
        var stored = await app.Get<ILedgerStore>().ReadAsync(account.Id, 0, Ct);
        LedgerAssert.SameFromCheckpoint(LedgerState.Replay(account.Id, account.Settings, stored, Interval).Ledger, (await ColdLoadAsync(app, account)).Ledger);
    }

    [Fact]
    public void A_snapshot_that_a_back_dated_entry_booked_into_is_no_checkpoint_of_the_log_the_one_before_it_is()
    {
        var settings = LedgerLogs.Taxable(LotMethod.Fifo);
        var entries = LedgerLogs.Generate("a", settings, 2 * Interval + 5, seed: 3);
        var state = LedgerState.Empty("a", settings, Interval).With(entries);
        // Dated within the second interval: it books before entries 31 to 45, so the ledger after 40 booked transactions holds it and lacks entry 40.
        var date = state.BookingOrder()[29].TradeDate;
        var late = new LedgerEntry("a", entries.Count + 1, new Deposit("late", date, 5m), DateTimeOffset.UnixEpoch, "late", "h");
        var next = state.With(late, out _);

        var (sequence, ledger) = next.NewestCheckpointAfter(0)!.Value;

        Assert.Equal(Interval, sequence);
        LedgerAssert.Same(LedgerState.Replay("a", settings, entries.Take(Interval).ToList(), Interval).Ledger, ledger);
        Assert.Equal(2 * Interval, state.NewestCheckpointAfter(0)!.Value.Sequence); // before the late entry, 40 was one
        Assert.Null(state.NewestCheckpointAfter(2 * Interval)); // none newer than what is stored
    }
}

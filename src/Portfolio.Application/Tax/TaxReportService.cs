using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Lots;

namespace Portfolio.Application.Tax;

/// <summary>
/// The totals Schedule D (Form 1040) takes from Form 8949: line 3 (Part I, box C), line 7 (net short-term), line 10
/// (Part II, box F), line 15 (net long-term) and line 16 (their sum). Only what this account's sales give: other lines
/// (1099-B summaries, carryovers, capital gain distributions) are the taxpayer's to add.
/// </summary>
public sealed record ScheduleD(int Year, Form8949Totals ShortTerm, Form8949Totals LongTerm, decimal NetShortTerm, decimal NetLongTerm, decimal Net);

/// <summary>Form 8949 and Schedule D totals of one tax year for a taxable account.</summary>
public sealed class TaxReportService(IAccountStore accounts, LedgerReader reader, TimeProvider clock)
{
    public async Task<IReadOnlyList<Form8949Line>> Form8949Async(Caller caller, string accountId, int year, CancellationToken ct)
    {
        var today = MarketClock.Today(clock);
        if (year < 1900 || year > today.Year) throw new InvalidRequestException("year", $"must be a year from 1900 to {today.Year}");
        var account = await accounts.GetOwnedAsync(caller, accountId, ct);
        if (account.Settings.Type != AccountType.Taxable)
            throw new InvalidRequestException("accountId",
                $"Form 8949 and Schedule D report sales in taxable accounts; this is a {account.Settings.Type} account, whose sales are not reported as capital gains");
        var state = await reader.LoadAsync(account, ct);
        return Form8949.Lines(state.Ledger.Realized, year);
    }

    public async Task<ScheduleD> ScheduleDAsync(Caller caller, string accountId, int year, CancellationToken ct)
    {
        var lines = await Form8949Async(caller, accountId, year, ct);
        var shortTerm = Form8949.Totals(lines, Term.ShortTerm);
        var longTerm = Form8949.Totals(lines, Term.LongTerm);
        return new ScheduleD(year, shortTerm, longTerm, shortTerm.GainOrLoss, longTerm.GainOrLoss, shortTerm.GainOrLoss + longTerm.GainOrLoss);
    }
}

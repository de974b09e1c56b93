using Portfolio.Application.Common;
using Portfolio.Application.Tax;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Lots;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.Tax;

/// <summary>
/// Form 8949 and Schedule D of one account and year, over the stored log (fake clock: 3 June 2024).
/// X: 10 bought at 100 on 3 Jan 2023, 10 at 120 on 2 Jan 2024; 15 sold at 130 on 1 May 2024 (FIFO): the 2023 lot whole
/// (held over a year: long-term, proceeds 1,300, basis 1,000, gain 300) and 5 of the 2024 lot (short-term, 650 − 600 = 50).
/// Y: 5 bought at 50 on 1 Feb 2024, sold at 40 on 1 Mar 2024 (short-term, 200 − 250 = −50, nothing bought back: no wash).
/// X 100 sold at 90 on 15 Dec 2023 from a lot bought at 80 on 1 Dec 2023 is 2023's only sale (short-term, 900 − 800 = 100).
/// </summary>
public class TaxReportServiceTests
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static async Task<string> AccountAsync(Harness app)
    {
        var account = await app.AccountAsync();
        await app.RecordAsync(account, id => new Buy(id, D(2023, 1, 3), "X", 10, 100));
        await app.RecordAsync(account, id => new Buy(id, D(2023, 12, 1), "Z", 10, 80));
        await app.RecordAsync(account, id => new Sell(id, D(2023, 12, 15), "Z", 10, 90));
        await app.RecordAsync(account, id => new Buy(id, D(2024, 1, 2), "X", 10, 120));
        await app.RecordAsync(account, id => new Buy(id, D(2024, 2, 1), "Y", 5, 50));
        await app.RecordAsync(account, id => new Sell(id, D(2024, 3, 1), "Y", 5, 40));
        await app.RecordAsync(account, id => new Sell(id, D(2024, 5, 1), "X", 15, 130));
        return account.Id;
    }

    [Fact]
    public async Task Form_8949_of_a_year_lists_that_years_sales_short_term_first_with_their_terms()
    {
        await using var app = new Harness();
        var id = await AccountAsync(app);
        var service = app.Get<TaxReportService>();

        Assert.Equal(
            [
                new Form8949Line(Term.ShortTerm, "5 sh. Y", D(2024, 2, 1), D(2024, 3, 1), 200m, 250m, "", 0m, -50m),
                new Form8949Line(Term.ShortTerm, "5 sh. X", D(2024, 1, 2), D(2024, 5, 1), 650m, 600m, "", 0m, 50m),
                new Form8949Line(Term.LongTerm, "10 sh. X", D(2023, 1, 3), D(2024, 5, 1), 1300m, 1000m, "", 0m, 300m),
            ],
            await service.Form8949Async(app.Alice, id, 2024, default));
        Assert.Equal([new Form8949Line(Term.ShortTerm, "10 sh. Z", D(2023, 12, 1), D(2023, 12, 15), 900m, 800m, "", 0m, 100m)],
            await service.Form8949Async(app.Alice, id, 2023, default));
        Assert.Empty(await service.Form8949Async(app.Alice, id, 1900, default));
    }

    [Fact]
    public async Task Schedule_D_takes_box_C_on_line_3_box_F_on_line_10_and_nets_them()
    {
        await using var app = new Harness();
        var id = await AccountAsync(app);

        var d = await app.Get<TaxReportService>().ScheduleDAsync(app.Alice, id, 2024, default);

        Assert.Equal(new ScheduleD(2024,
            new Form8949Totals("I", "C", 3, 850m, 850m, 0m, 0m),
            new Form8949Totals("II", "F", 10, 1300m, 1000m, 0m, 300m),
            NetShortTerm: 0m, NetLongTerm: 300m, Net: 300m), d);
    }

    [Theory]
    [InlineData(1899)]
    [InlineData(2025)] // after the current year (the clock says 2024)
    public async Task A_year_before_1900_or_after_this_one_is_refused(int year)
    {
        await using var app = new Harness();
        var id = await AccountAsync(app);
        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => app.Get<TaxReportService>().ScheduleDAsync(app.Alice, id, year, default));
        Assert.Equal(("year", "must be a year from 1900 to 2024"), (refused.Field, refused.Reason));
    }

    [Fact]
    public async Task An_ira_has_no_form_8949_because_its_sales_are_not_capital_gains()
    {
        await using var app = new Harness();
        var ira = await app.AccountAsync(new AccountSettings(AccountType.Ira, "USD", LotMethod.Fifo, TracksCash: false));
        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => app.Get<TaxReportService>().Form8949Async(app.Alice, ira.Id, 2024, default));
        Assert.Equal(("accountId", "Form 8949 and Schedule D report sales in taxable accounts; this is a Ira account, whose sales are not reported as capital gains"),
            (refused.Field, refused.Reason));
    }

    [Fact]
    public async Task Another_users_account_is_not_found()
    {
        await using var app = new Harness();
        var id = await AccountAsync(app);
        await Assert.ThrowsAsync<NotFoundException>(() => app.Get<TaxReportService>().Form8949Async(new Caller("bob"), id, 2024, default));
    }
}

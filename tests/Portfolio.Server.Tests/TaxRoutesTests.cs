using System.Net;
using Portfolio.Server.Tests.Support;

namespace Portfolio.Server.Tests;

public class TaxRoutesTests
{
    [Fact]
    public async Task Form_8949_and_schedule_d_report_a_washed_loss_with_code_W_for_a_taxable_account()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync(tracksCash: false);
        // Pub. 550's first example: $1,000 of X sold for $750, 100 bought back for $800 within 30 days.
        await alice.RecordAsync(account, Requests.Buy("2023-01-03", "X", 100, 10));
        await alice.RecordAsync(account, Requests.Sell("2023-03-01", "X", 100, 7.5m));
        await alice.RecordAsync(account, Requests.Buy("2023-03-15", "X", 100, 8));

        using var form = await alice.GetAsync($"/api/accounts/{account}/tax/form-8949?year=2023");
        var (status, scheduleD) = await alice.GetJsonAsync($"/api/accounts/{account}/tax/schedule-d?year=2023");

        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Equal("text/csv", form.Content.Headers.ContentType!.MediaType);
        var lines = (await form.Content.ReadAsStringAsync()).Split("\r\n");
        Assert.Equal("I,C,100 sh. X,01/03/2023,03/01/2023,750.00,1000.00,W,250.00,0.00", lines[1]);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, scheduleD!["shortTerm"]!["scheduleDLine"]!.GetValue<int>());
        Assert.Equal((750m, 1000m, 250m, 0m), (scheduleD["shortTerm"]!["proceeds"].Dec(), scheduleD["shortTerm"]!["costBasis"].Dec(),
            scheduleD["shortTerm"]!["adjustment"].Dec(), scheduleD["shortTerm"]!["gainOrLoss"].Dec()));
        Assert.Equal(0m, scheduleD["net"].Dec());
    }

    [Fact]
    public async Task Tax_reports_of_a_retirement_account_are_refused_with_the_reason()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var ira = await alice.CreateAccountAsync(type: "ira");

        var form = await alice.GetJsonAsync($"/api/accounts/{ira}/tax/form-8949?year=2024");
        var scheduleD = await alice.GetJsonAsync($"/api/accounts/{ira}/tax/schedule-d?year=2024");

        form.AssertProblem(HttpStatusCode.UnprocessableEntity, "accountId");
        Assert.Contains("taxable accounts", form.Body!["detail"]!.GetValue<string>());
        scheduleD.AssertProblem(HttpStatusCode.UnprocessableEntity, "accountId");
        (await alice.GetJsonAsync($"/api/accounts/{ira}/tax/schedule-d")).AssertProblem(HttpStatusCode.BadRequest, "year");
    }
}

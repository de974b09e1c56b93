using Portfolio.Application.Ports;
using Portfolio.Application.Prices;

namespace Portfolio.Application.Tests.PricesRules;

/// <summary>
/// The limits every quote meets before it is stored, at their exact boundaries, and the words a rejection uses; the options
/// that change them; and the jump and confirmation checks, which never divide by a zero reference price.
/// </summary>
public class QuoteValidationRuleTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly DateTimeOffset Now = new(2024, 6, 3, 18, 0, 0, TimeSpan.Zero);

    private static Quote Q(string symbol, decimal price, DateTimeOffset asOf, string source = "feed") => new(symbol, price, asOf, source, QuoteKind.RealTime);

    [Fact]
    public void A_quote_without_a_symbol_or_a_source_is_rejected_saying_which()
    {
        var validator = new QuoteValidator();

        var (_, noSymbol) = validator.Validate(Q(" ", 10m, Now), Now);
        var (_, noSource) = validator.Validate(Q("AAPL", 10m, Now, source: " "), Now);

        Assert.Equal((QuoteRejectionReason.MissingSymbol, "symbol is empty"), (noSymbol!.Reason, noSymbol.Detail));
        Assert.Equal((QuoteRejectionReason.MissingSource, "source is empty"), (noSource!.Reason, noSource.Detail));
    }

    [Fact]
    public void A_price_of_exactly_ten_million_is_accepted_and_one_millionth_more_is_rejected()
    {
        var validator = new QuoteValidator();

        Assert.Equal(10_000_000m, validator.Validate(Q("BRK.A", 10_000_000m, Now), Now).Valid!.Price);
        Assert.Equal(QuoteRejectionReason.TooLarge, validator.Validate(Q("BRK.A", 10_000_000.000001m, Now), Now).Rejected!.Reason);
    }

    [Fact]
    public void A_quote_more_than_two_seconds_ahead_is_rejected_naming_both_times()
    {
        var (_, rejected) = new QuoteValidator().Validate(Q("AAPL", 10m, Now.AddSeconds(3)), Now);

        Assert.Equal((QuoteRejectionReason.FutureTime, "quote time 2024-06-03T18:00:03.0000000+00:00 is after now 2024-06-03T18:00:00.0000000+00:00"),
            (rejected!.Reason, rejected.Detail));
    }

    [Fact]
    public void A_quote_exactly_ten_years_old_is_accepted_and_a_second_older_is_rejected_as_implausibly_old()
    {
        var validator = new QuoteValidator();
        var tenYears = Now - TimeSpan.FromDays(3650);

        Assert.NotNull(validator.Validate(Q("AAPL", 10m, tenYears), Now).Valid);
        var (_, rejected) = validator.Validate(Q("AAPL", 10m, tenYears.AddSeconds(-1)), Now);
        Assert.Equal((QuoteRejectionReason.TooOld, "quote time 2014-06-06T17:59:59.0000000+00:00 is implausibly old"), (rejected!.Reason, rejected.Detail));
    }

    [Fact]
    public void The_options_given_set_the_rounding_and_the_limits()
    {
        var twoDecimals = new QuoteValidator(new QuoteValidationOptions { MaxDecimals = 2, MaxPrice = 100m });

        Assert.Equal(1.01m, twoDecimals.Validate(Q("AAPL", 1.005m, Now), Now).Valid!.Price); // half away from zero
        Assert.Equal(1.005m, new QuoteValidator().Validate(Q("AAPL", 1.005m, Now), Now).Valid!.Price);
        Assert.Equal(QuoteRejectionReason.TooLarge, twoDecimals.Validate(Q("AAPL", 100.01m, Now), Now).Rejected!.Reason);
    }

    [Fact]
    public void A_move_of_exactly_half_is_not_a_jump_and_no_reference_price_of_zero_makes_one()
    {
        var validator = new QuoteValidator();

        Assert.False(validator.IsSuspectJump(150m, 100m));
        Assert.False(validator.IsSuspectJump(50m, 100m));
        Assert.True(validator.IsSuspectJump(150.01m, 100m));
        Assert.False(validator.IsSuspectJump(5m, 0m));
        Assert.False(validator.Confirms(5m, 0m));
    }

    [Fact]
    public async Task A_stored_price_moving_by_exactly_half_is_stored_not_held()
    {
        await using var app = new Harness();
        var ingestion = app.Get<PriceIngestion>();
        await ingestion.IngestAsync([Q("AAPL", 100m, app.Clock.GetUtcNow().AddMinutes(-3))], Ct);

        var up = await ingestion.IngestAsync([Q("AAPL", 150m, app.Clock.GetUtcNow().AddMinutes(-2))], Ct);
        var down = await ingestion.IngestAsync([Q("AAPL", 75m, app.Clock.GetUtcNow().AddMinutes(-1))], Ct); // half of 150

        Assert.Equal([150m], up.Stored.Select(q => q.Price));
        Assert.Equal([75m], down.Stored.Select(q => q.Price));
        Assert.Empty(up.SuspectHeld.Concat(down.SuspectHeld));
        Assert.Equal(75m, (await app.Get<IPriceStore>().GetLatestAsync("AAPL", Ct))!.Price);
    }

    [Fact]
    public void A_null_quote_is_refused_as_an_argument()
    {
        Assert.Equal("quote", Assert.Throws<ArgumentNullException>(() => new QuoteValidator().Validate(null!, Now)).ParamName);
    }
}

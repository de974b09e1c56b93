using Portfolio.Application.Common;
using Portfolio.Application.Valuation;
using Portfolio.Domain.Valuation;

namespace Portfolio.Application.Holdings;

/// <summary>
/// The holdings views. Each is a pure function of an <see cref="AccountSnapshot"/> (ledger version, quotes of the held
/// symbols, the New York date and each quote's staleness at the snapshot's time), so a host may cache one per snapshot key.
/// </summary>
public sealed class HoldingsService(AccountSnapshotReader reader, PricePolicy policy)
{
    /// <summary>Of what is open: a cold account is read from its newest checkpoint (<see cref="AccountSnapshotReader.OpenLedgerAsync"/>).</summary>
    public async Task<PositionsView> PositionsAsync(Caller caller, string accountId, CancellationToken ct) =>
        Positions(await reader.ReadOpenAsync(caller, accountId, ct));

    /// <summary>Of what is open: a cold account is read from its newest checkpoint (<see cref="AccountSnapshotReader.OpenLedgerAsync"/>).</summary>
    public async Task<IReadOnlyList<TaxLotView>> TaxLotsAsync(Caller caller, string accountId, CancellationToken ct) =>
        TaxLots(await reader.ReadOpenAsync(caller, accountId, ct));

    /// <summary>Needs the whole realized history: a cold account's whole log is read once (a checkpoint is compact).</summary>
    public async Task<RealizedGainsView> RealizedAsync(Caller caller, string accountId, int? year, CancellationToken ct)
    {
        CheckYear(year);
        return Realized(await reader.ReadAsync(caller, accountId, ct), year);
    }

    public PositionsView Positions(AccountSnapshot snapshot)
    {
        var valuation = Valuator.Value(snapshot.State.Ledger, snapshot.Prices, snapshot.MarketDate);
        var positions = valuation.Positions.Select(p =>
        {
            var quote = snapshot.Quotes.GetValueOrDefault(p.Symbol);
            return new PositionView(p.Symbol, p.Quantity, p.CostBasis, p.Price, quote?.AsOf, quote?.Source,
                quote is not null && policy.IsStale(quote, snapshot.AsOf), p.MarketValue, p.UnrealizedGain, p.WeightPercent);
        }).ToList();
        return new PositionsView(snapshot.Account.Id, snapshot.AsOf, positions, valuation.Cash, valuation.CashWeightPercent,
            valuation.TotalValue, valuation.CostBasis, valuation.UnrealizedGain, valuation.UnpricedSymbols);
    }

    public IReadOnlyList<TaxLotView> TaxLots(AccountSnapshot snapshot) =>
        snapshot.State.Ledger.Positions
            .OrderBy(p => p.Symbol, StringComparer.Ordinal)
            .SelectMany(p => p.Lots)
            .Select(lot =>
            {
                var quote = snapshot.Quotes.GetValueOrDefault(lot.Symbol);
                var value = Valuator.ValueLot(lot, quote?.Price, snapshot.MarketDate);
                return new TaxLotView(lot.Id, lot.Symbol, lot.Quantity, lot.CostPerShare, lot.CostBasis, lot.AcquiredOn,
                    quote?.Price, quote is not null && policy.IsStale(quote, snapshot.AsOf), value.MarketValue, value.UnrealizedGain, value.Term);
            })
            .ToList();

    public static void CheckYear(int? year)
    {
        if (year is < 1900 or > 9999) throw new InvalidRequestException("year", "must be a four-digit year");
    }

    public static RealizedGainsView Realized(AccountSnapshot snapshot, int? year)
    {
        var items = snapshot.State.Ledger.Realized
            .Where(r => year is null || r.SoldOn.Year == year)
            .Select(r => new RealizedGainView(r.TransactionId, r.LotId, r.Symbol, r.Quantity, r.AcquiredOn, r.SoldOn,
                r.Proceeds, r.CostBasis, r.Gain, r.Term, r.WashSaleDisallowed, r.RecognizedGain))
            .ToList();
        return new RealizedGainsView(snapshot.Account.Id, year, items,
            items.Where(i => i.Term == Domain.Lots.Term.ShortTerm).Sum(i => i.RecognizedGain),
            items.Where(i => i.Term == Domain.Lots.Term.LongTerm).Sum(i => i.RecognizedGain),
            items.Sum(i => i.WashSaleDisallowed),
            items.Sum(i => i.RecognizedGain));
    }
}

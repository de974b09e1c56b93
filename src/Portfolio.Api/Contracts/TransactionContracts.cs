using Portfolio.Api.Http;
using Portfolio.Application.Holdings;
using Portfolio.Application.Ledger;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Transactions;
using static Portfolio.Api.Contracts.Names;

namespace Portfolio.Api.Contracts;

/// <summary>A lot named by a sale or transfer out (lotId, quantity), or a lot arriving by transfer in (quantity, costBasis, acquiredOn).</summary>
public sealed record LotBody(string? LotId = null, decimal? Quantity = null, decimal? CostBasis = null, DateOnly? AcquiredOn = null);

/// <summary>One flat shape for every transaction type; which fields are required depends on <see cref="Type"/>.</summary>
public sealed record TransactionBody(
    string? Type = null, DateOnly? TradeDate = null, string? Symbol = null, decimal? Quantity = null, decimal? Price = null, decimal? Fee = null, decimal? Amount = null,
    string? LotMethod = null, IReadOnlyList<LotBody>? Lots = null, decimal? NewShares = null, decimal? OldShares = null, decimal? CashInLieuPrice = null,
    decimal? SharesPerShare = null, string? NewSymbol = null, decimal? ParentPrice = null, decimal? NewPrice = null)
{
    public Transaction ToTransaction(string id)
    {
        var date = Required(TradeDate, "tradeDate");
        return Type?.Trim() switch
        {
            "buy" => new Buy(id, date, ParseSymbol(Symbol), Required(Quantity, "quantity"), Required(Price, "price"), Fee ?? 0),
            "sell" => new Sell(id, date, ParseSymbol(Symbol), Required(Quantity, "quantity"), Required(Price, "price"), Fee ?? 0, Method(), Selections()),
            "dividend" => new CashDividend(id, date, ParseSymbol(Symbol), Required(Amount, "amount")),
            "reinvestment" => new DividendReinvestment(id, date, ParseSymbol(Symbol), Required(Quantity, "quantity"), Required(Price, "price")),
            "split" => new Split(id, date, ParseSymbol(Symbol), Required(NewShares, "newShares"), Required(OldShares, "oldShares"), CashInLieuPrice),
            "stockDividend" => new StockDividend(id, date, ParseSymbol(Symbol), Required(SharesPerShare, "sharesPerShare"), CashInLieuPrice),
            "spinOff" => new SpinOff(id, date, ParseSymbol(Symbol), ParseSymbol(NewSymbol, "newSymbol"), Required(SharesPerShare, "sharesPerShare"),
                Required(ParentPrice, "parentPrice"), Required(NewPrice, "newPrice"), CashInLieuPrice),
            "transferIn" => new TransferIn(id, date, ParseSymbol(Symbol), ArrivingLots()),
            "transferOut" => new TransferOut(id, date, ParseSymbol(Symbol), Required(Quantity, "quantity"), Method(), Selections()),
            "deposit" => new Deposit(id, date, Required(Amount, "amount")),
            "withdrawal" => new Withdrawal(id, date, Required(Amount, "amount")),
            "fee" => new AccountFee(id, date, Required(Amount, "amount"), Symbol is null ? null : ParseSymbol(Symbol)),
            "interest" => new Interest(id, date, Required(Amount, "amount")),
            null => throw new RequestException("type", "is required"),
            var other => throw new RequestException("type", $"'{other}' is not one of {string.Join(", ", TransactionJson.Types.Keys)}"),
        };
    }

    private Domain.Accounts.LotMethod? Method() => LotMethod is null ? null : Parse(LotMethods, LotMethod, "lotMethod");

    private IReadOnlyList<LotSelection>? Selections() => Lots?.Select((lot, i) => new LotSelection(
        string.IsNullOrWhiteSpace(lot.LotId) ? throw new RequestException($"lots[{i}].lotId", "is required") : lot.LotId,
        Required(lot.Quantity, $"lots[{i}].quantity"))).ToList();

    private IReadOnlyList<TransferredLot> ArrivingLots() =>
        (Lots ?? throw new RequestException("lots", "a transfer in lists the lots that arrive")).Select((lot, i) => new TransferredLot(
            Required(lot.Quantity, $"lots[{i}].quantity"), Required(lot.CostBasis, $"lots[{i}].costBasis"), Required(lot.AcquiredOn, $"lots[{i}].acquiredOn")))
        .ToList();
}

public sealed record TransactionResponse(long Sequence, DateTimeOffset RecordedAt, Transaction Transaction, IReadOnlyList<RealizedGainView>? Realized)
{
    public static TransactionResponse From(LedgerEntry entry, IReadOnlyList<RealizedLot>? realized = null) => new(
        entry.Sequence, entry.RecordedAt, entry.Transaction,
        realized?.Select(r => new RealizedGainView(r.TransactionId, r.LotId, r.Symbol, r.Quantity, r.AcquiredOn, r.SoldOn,
            r.Proceeds, r.CostBasis, r.Gain, r.Term, r.WashSaleDisallowed, r.RecognizedGain)).ToList());
}

public sealed record TransactionPageResponse(IReadOnlyList<TransactionResponse> Items, int Page, int PageSize, int Total);

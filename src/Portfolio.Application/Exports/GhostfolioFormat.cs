using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Exports;

/// <summary>
/// An account in Ghostfolio's import shape (its <c>ImportDataDto</c>: <c>accounts</c> as <c>CreateAccountDto</c>,
/// <c>activities</c> as <c>CreateOrderDto</c>). Ghostfolio knows BUY, SELL, DIVIDEND, FEE and INTEREST activities and
/// an account balance; what it cannot say is written as the nearest thing that keeps shares and basis, with a comment:
/// <list type="bullet">
/// <item>deposits and withdrawals: the account's <c>balance</c> (this account's cash), not activities;</item>
/// <item>a reinvested dividend: a DIVIDEND and a BUY of the shares;</item>
/// <item>shares received (split, stock dividend, spin-off) or transferred in: a BUY (at no cost for received shares, at
/// the transferred basis per share for a transfer); shares given up in a reverse split or transferred out: a SELL at
/// their basis per share, so no gain appears;</item>
/// <item>a sale's lot choice (specific lots, HIFO): Ghostfolio has none, it averages;</item>
/// <item>dates are the trade date at midnight UTC.</item>
/// </list>
/// </summary>
public static class GhostfolioFormat
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The document in pieces: meta and the account, then the activities of each transaction, then the end.</summary>
    /// <param name="cash">The account's cash now (its Ghostfolio balance); 0 for an account that does not track cash.</param>
    public static IEnumerable<string> Write(
        string accountId, string accountName, Domain.Accounts.AccountSettings settings, decimal cash, IReadOnlyList<Transaction> bookingOrder, DateTimeOffset now)
    {
        var currency = settings.Currency.ToUpperInvariant();
        yield return Head(accountId, accountName, currency, cash, now);
        var replay = new LedgerReplay(settings);
        var first = true;
        foreach (var t in bookingOrder)
        {
            var held = Held(replay, t);
            replay.Book(t);
            var activities = Activities(t, held, replay.Current).ToList();
            if (activities.Count == 0) continue;
            var text = new StringBuilder();
            foreach (var activity in activities)
            {
                text.Append(first ? "\n    " : ",\n    ").Append(Json(activity, accountId, currency, t.TradeDate));
                first = false;
            }
            yield return text.ToString();
        }
        yield return "\n  ]\n}\n";
    }

    private sealed record Activity(string Type, string Symbol, decimal Quantity, decimal UnitPrice, decimal Fee, string Comment, string DataSource = "YAHOO");

    private static (string Symbol, decimal Quantity, decimal Basis)[] Held(LedgerReplay replay, Transaction t) =>
        SymbolsOf(t).Select(s => replay.Current.PositionOf(s) is { } p ? (s, p.Quantity, p.CostBasis) : (s, 0m, 0m)).ToArray();

    private static string[] SymbolsOf(Transaction t) => t switch
    {
        Split s => [s.Symbol],
        StockDividend d => [d.Symbol],
        SpinOff s => [s.Symbol, s.NewSymbol],
        TransferOut o => [o.Symbol],
        _ => [],
    };

    private static IEnumerable<Activity> Activities(Transaction t, (string Symbol, decimal Quantity, decimal Basis)[] before, AccountLedger after)
    {
        switch (t)
        {
            case Buy b: yield return new Activity("BUY", b.Symbol, b.Quantity, b.Price, b.Fee, $"id {b.Id}"); break;
            case Sell s: yield return new Activity("SELL", s.Symbol, s.Quantity, s.Price, s.Fee, $"id {s.Id}"); break;
            case CashDividend d: yield return new Activity("DIVIDEND", d.Symbol, 1, d.Amount, 0, $"id {d.Id}"); break;
            case DividendReinvestment r:
                yield return new Activity("DIVIDEND", r.Symbol, 1, r.Quantity * r.Price, 0, $"id {r.Id}: reinvested");
                yield return new Activity("BUY", r.Symbol, r.Quantity, r.Price, 0, $"id {r.Id}: dividend reinvestment");
                break;
            case TransferIn i:
                foreach (var lot in i.Lots)
                    yield return new Activity("BUY", i.Symbol, lot.Quantity, lot.CostBasis / lot.Quantity, 0,
                        $"id {i.Id}: transfer in of a lot acquired {lot.AcquiredOn:yyyy-MM-dd} with basis {lot.CostBasis.ToString(CultureInfo.InvariantCulture)}");
                break;
            case AccountFee f: yield return new Activity("FEE", f.Symbol ?? "Account fee", 1, 0, f.Amount, $"id {f.Id}", f.Symbol is null ? "MANUAL" : "YAHOO"); break;
            case Interest i: yield return new Activity("INTEREST", "Interest", 1, i.Amount, 0, $"id {i.Id}", "MANUAL"); break;
            case Split or StockDividend or SpinOff or TransferOut:
                foreach (var (symbol, quantity, basis) in before)
                {
                    var now = after.PositionOf(symbol)?.Quantity ?? 0;
                    if (now > quantity)
                        yield return new Activity("BUY", symbol, now - quantity, 0, 0, $"id {t.Id}: {Describe(t)}, shares received at no cost");
                    else if (now < quantity)
                        yield return new Activity("SELL", symbol, quantity - now, basis / quantity, 0, $"id {t.Id}: {Describe(t)}, shares given up at their basis");
                }
                break;
        }
    }

    private static string Describe(Transaction t) => t switch
    {
        Split s => $"split {s.NewShares.ToString(CultureInfo.InvariantCulture)} for {s.OldShares.ToString(CultureInfo.InvariantCulture)}",
        StockDividend => "stock dividend",
        SpinOff s => $"spin-off of {s.NewSymbol} from {s.Symbol}",
        _ => "transfer out",
    };

    private static string Head(string accountId, string accountName, string currency, decimal cash, DateTimeOffset now)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteStartObject("meta");
            w.WriteString("date", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("version", "portfolio-functions");
            w.WriteEndObject();
            w.WriteStartArray("accounts");
            w.WriteStartObject();
            w.WriteNumber("balance", cash);
            w.WriteString("currency", currency);
            w.WriteString("id", accountId);
            w.WriteString("name", accountName);
            w.WriteNull("platformId");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        // Reopen the object to append the activities array, streamed after it.
        return text[..text.LastIndexOf('}')].TrimEnd() + ",\n  \"activities\": [";
    }

    private static string Json(Activity a, string accountId, string currency, DateOnly date)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Options.Encoder }))
        {
            w.WriteStartObject();
            w.WriteString("accountId", accountId);
            w.WriteString("comment", a.Comment);
            w.WriteNumber("fee", a.Fee);
            w.WriteNumber("quantity", a.Quantity);
            w.WriteString("type", a.Type);
            w.WriteNumber("unitPrice", a.UnitPrice);
            w.WriteString("currency", currency);
            w.WriteString("dataSource", a.DataSource);
            w.WriteString("date", date.ToString("yyyy-MM-dd'T00:00:00.000Z'", CultureInfo.InvariantCulture));
            w.WriteString("symbol", a.Symbol);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Ledger;

/// <summary>
/// The storage form of a transaction: JSON with a "type" discriminator, and every number written as a string so that no
/// store (Cosmos DB passes numbers through doubles) can round money or quantities.
/// </summary>
public static class TransactionJson
{
    public static readonly IReadOnlyDictionary<string, Type> Types = new Dictionary<string, Type>
    {
        ["buy"] = typeof(Buy),
        ["sell"] = typeof(Sell),
        ["dividend"] = typeof(CashDividend),
        ["reinvestment"] = typeof(DividendReinvestment),
        ["split"] = typeof(Split),
        ["stockDividend"] = typeof(StockDividend),
        ["spinOff"] = typeof(SpinOff),
        ["transferIn"] = typeof(TransferIn),
        ["transferOut"] = typeof(TransferOut),
        ["deposit"] = typeof(Deposit),
        ["withdrawal"] = typeof(Withdrawal),
        ["fee"] = typeof(AccountFee),
        ["interest"] = typeof(Interest),
    };

    public static string TypeName(Transaction transaction) =>
        Types.First(kv => kv.Value == transaction.GetType()).Key;

    public static readonly JsonSerializerOptions Options = Common.StorageJson.Create(AddTransactionTypes);

    public static string Serialize(Transaction transaction) => JsonSerializer.Serialize(transaction, Options);

    public static Transaction Deserialize(string json) =>
        JsonSerializer.Deserialize<Transaction>(json, Options) ?? throw new JsonException("empty transaction");

    /// <summary>Adds the "type" discriminator of every transaction record to a serializer's contract.</summary>
    public static void AddTransactionTypes(JsonTypeInfo info)
    {
        if (info.Type != typeof(Transaction)) return;
        info.PolymorphismOptions = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = "type" };
        foreach (var (name, type) in Types)
            info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, name));
    }
}

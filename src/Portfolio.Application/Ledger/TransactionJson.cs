using System.Text.Json;
using System.Text.Json.Serialization;
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

    public static readonly JsonSerializerOptions Options = CreateOptions();

    public static string Serialize(Transaction transaction) => JsonSerializer.Serialize(transaction, Options);

    public static Transaction Deserialize(string json) =>
        JsonSerializer.Deserialize<Transaction>(json, Options) ?? throw new JsonException("empty transaction");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { AddTransactionTypes } },
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }

    private static void AddTransactionTypes(JsonTypeInfo info)
    {
        if (info.Type != typeof(Transaction)) return;
        info.PolymorphismOptions = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = "type" };
        foreach (var (name, type) in Types)
            info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, name));
    }
}

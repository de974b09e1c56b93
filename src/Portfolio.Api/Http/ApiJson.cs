using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Portfolio.Application.Ledger;
using Portfolio.Domain.Transactions;

namespace Portfolio.Api.Http;

/// <summary>The wire format: camelCase, decimals as JSON numbers, ISO 8601 dates, enums as camelCase strings; unknown request fields are refused.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.Strict,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { AddTransactionTypes } },
            MaxDepth = 16,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: false);
        return options;
    }

    private static void AddTransactionTypes(JsonTypeInfo info)
    {
        if (info.Type != typeof(Transaction)) return;
        info.PolymorphismOptions = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = "type" };
        foreach (var (name, type) in TransactionJson.Types)
            info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, name));
    }
}

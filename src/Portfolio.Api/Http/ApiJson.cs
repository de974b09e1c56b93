using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Portfolio.Application.Ledger;

namespace Portfolio.Api.Http;

/// <summary>The wire format: camelCase, decimals as JSON numbers, ISO 8601 dates, enums as camelCase strings; unknown request fields are refused.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Create();

    /// <summary>Applies the wire format to options a host owns (ASP.NET Core's <c>JsonOptions</c> in both hosts).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.PropertyNameCaseInsensitive = true;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { TransactionJson.AddTransactionTypes } };
        options.MaxDepth = 16;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: false);
        return options;
    }
}

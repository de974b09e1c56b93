using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Portfolio.Application.Common;

/// <summary>
/// How stores write records: web defaults, enums as camelCase strings, and every number as a string so that no store
/// (Cosmos DB passes numbers through doubles) can round money or quantities. Shared by both storage adapters.
/// </summary>
public static class StorageJson
{
    public static readonly JsonSerializerOptions Options = Create();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"empty {typeof(T).Name}");

    /// <summary>From the stored UTF-8 itself: no string to build, and none to encode back to UTF-8 for the parser.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize<T>(utf8Json, Options) ?? throw new JsonException($"empty {typeof(T).Name}");

    public static JsonSerializerOptions Create(Action<JsonTypeInfo>? modifier = null)
    {
        var resolver = new DefaultJsonTypeInfoResolver { Modifiers = { SkipDerivedProperties } };
        if (modifier is not null) resolver.Modifiers.Add(modifier);
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = resolver,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    // Computed members such as Account.HeldSymbols or DriftAlert.IsOpen are views of other fields: storing them would
    // only add bytes that are ignored on the way back in.
    private static void SkipDerivedProperties(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object) return;
        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            var property = info.Properties[i];
            if (property.Set is null && property.AssociatedParameter is null) info.Properties.RemoveAt(i);
        }
    }
}

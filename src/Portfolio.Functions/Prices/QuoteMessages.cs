using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Messaging.ServiceBus;
using Portfolio.Application.Prices;

namespace Portfolio.Functions.Prices;

/// <summary>The <c>price-updates</c> message format: the <see cref="Quote"/> as JSON, one quote per message.</summary>
public static class QuoteMessages
{
    public const string ContentType = "application/json";

    /// <summary>camelCase, enums as strings, decimals as JSON numbers; unknown fields are ignored.</summary>
    public static readonly JsonSerializerOptions Json = CreateOptions();

    /// <summary>
    /// Symbol and quote time: deterministic, so the queue's duplicate detection (1-hour window) drops a quote that a
    /// repeated or overlapping fetch sends again.
    /// </summary>
    public static string MessageId(Quote quote) => $"{quote.Symbol}:{quote.AsOf.ToString("O", CultureInfo.InvariantCulture)}";

    public static ServiceBusMessage ToMessage(Quote quote) => new(BinaryData.FromString(JsonSerializer.Serialize(quote, Json)))
    {
        MessageId = MessageId(quote),
        ContentType = ContentType,
        Subject = quote.Symbol,
    };

    /// <summary>The quote in a message body, or the reason it cannot be read.</summary>
    public static (Quote? Quote, string? Error) Parse(BinaryData body)
    {
        try
        {
            var quote = JsonSerializer.Deserialize<Quote>(body.ToMemory().Span, Json);
            return quote is null ? (null, "the body is JSON null") : (quote, null);
        }
        catch (JsonException e)
        {
            return (null, e.Message);
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.Strict };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

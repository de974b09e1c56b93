using System.Globalization;

namespace Portfolio.Storage.Cosmos;

/// <summary>Text forms that sort as their values do, for fields that queries compare (parameters are strings here).</summary>
internal static class CosmosText
{
    public static string Instant(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A close version, zero-padded so that text order is number order.</summary>
    public static string Version(long value) => value.ToString("D19", CultureInfo.InvariantCulture);
}

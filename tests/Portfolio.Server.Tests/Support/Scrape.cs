using System.Globalization;
using System.Text.RegularExpressions;

namespace Portfolio.Server.Tests.Support;

/// <summary>A Prometheus text exposition read into samples, so tests can compare a metric before and after.</summary>
public sealed partial class Scrape(IReadOnlyList<(string Name, string Labels, double Value)> samples)
{
    public static async Task<Scrape> ReadAsync(HttpClient client)
    {
        var text = await client.GetStringAsync("/metrics");
        var samples = new List<(string, string, double)>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var match = Sample().Match(line);
            if (match.Success)
                samples.Add((match.Groups["name"].Value, match.Groups["labels"].Value, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }
        return new Scrape(samples);
    }

    /// <summary>The sum of a metric's samples whose labels contain every one of <paramref name="labels"/> (<c>kind="transaction"</c>); 0 when absent.</summary>
    public double Value(string name, params string[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.Contains(l, StringComparison.Ordinal))).Sum(s => s.Value);

    public bool Has(string name) => samples.Any(s => s.Name == name);

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})?\s+(?<value>\S+)")]
    private static partial Regex Sample();
}

using System.Text;
using System.Text.RegularExpressions;

namespace Portfolio.Application.Exports;

/// <summary>
/// Beancount's names for this product's symbols and accounts. A Beancount 2 commodity is 2–24 characters
/// <c>[A-Z][A-Z0-9'._-]*[A-Z0-9]</c> and an account component <c>[A-Z0-9][A-Za-z0-9-]*</c>: a symbol such as <c>F</c>,
/// <c>^GSPC</c> or <c>BRK:B</c> is renamed (<c>X-F</c>, <c>GSPC</c>, <c>BRK-B</c>) and the commodity directive keeps the
/// symbol in its <c>symbol</c> metadata. Names are unique within one file.
/// </summary>
public sealed partial class BeancountNames
{
    private readonly Dictionary<string, (string Commodity, string Component)> bySymbol = new(StringComparer.Ordinal);
    private readonly HashSet<string> takenCommodities = new(StringComparer.Ordinal);
    private readonly HashSet<string> takenComponents = new(StringComparer.Ordinal);

    public BeancountNames(string accountName, IEnumerable<string> symbols)
    {
        Root = Component(accountName, "Account");
        // The account's own components (Cash, Gains…) must not collide with a symbol's.
        foreach (var fixedName in new[] { "Cash", "External", "Gains", "Dividends", "Interest", "Fees", "Transfers", "WashSales", "Rounding" })
            takenComponents.Add(fixedName.ToUpperInvariant());
        foreach (var symbol in symbols.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)) Add(symbol);
    }

    /// <summary>The account's own component, from its name: <c>Assets:{Root}:…</c>.</summary>
    public string Root { get; }

    public IEnumerable<KeyValuePair<string, string>> Commodities =>
        bySymbol.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, kv.Value.Commodity));

    public string Commodity(string symbol) => bySymbol[symbol].Commodity;

    public string Holding(string symbol) => $"Assets:{Root}:{bySymbol[symbol].Component}";

    private void Add(string symbol)
    {
        var commodity = Unique(CommodityName(symbol), takenCommodities);
        var component = Unique(Component(commodity, "X"), takenComponents);
        bySymbol[symbol] = (commodity, component);
    }

    private static string Unique(string name, HashSet<string> taken)
    {
        var candidate = name;
        for (var n = 2; !taken.Add(candidate.ToUpperInvariant()); n++) candidate = $"{name}-{n}";
        return candidate;
    }

    private static string CommodityName(string symbol)
    {
        var upper = symbol.ToUpperInvariant();
        if (CommodityPattern().IsMatch(upper)) return upper;
        var cleaned = new string(upper.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '\'' ? c : '-').ToArray()).Trim('-', '.', '_', '\'');
        var name = cleaned.Length > 0 && char.IsAsciiLetterUpper(cleaned[0]) && cleaned.Length >= 2 ? cleaned : "X-" + cleaned;
        if (!char.IsAsciiLetterOrDigit(name[^1])) name += "X";
        return name.Length <= 24 ? name : name[..23] + "X";
    }

    /// <summary>An account component: ASCII letters, digits and dashes, starting with a capital or a digit.</summary>
    private static string Component(string text, string fallback)
    {
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        var name = sb.ToString().Trim('-');
        if (name.Length == 0) return fallback;
        return char.IsAsciiLetterLower(name[0]) ? char.ToUpperInvariant(name[0]) + name[1..] : name;
    }

    [GeneratedRegex(@"^[A-Z][A-Z0-9'._-]{0,22}[A-Z0-9]$")]
    private static partial Regex CommodityPattern();
}

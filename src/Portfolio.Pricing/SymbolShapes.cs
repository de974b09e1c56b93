namespace Portfolio.Pricing;

public static class SymbolShapes
{
    /// <summary>An AMFI scheme code (all digits, 5–6 long, e.g. 119551) or an Indian mutual-fund ISIN (INF + 9 alphanumerics).</summary>
    public static bool IsAmfiScheme(string symbol)
    {
        var s = symbol.Trim();
        if (s.Length is 5 or 6 && s.All(char.IsAsciiDigit)) return true;
        return s.Length == 12 && s.StartsWith("INF", StringComparison.OrdinalIgnoreCase) && s.All(char.IsAsciiLetterOrDigit);
    }
}

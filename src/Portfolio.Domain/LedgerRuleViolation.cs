namespace Portfolio.Domain;

/// <summary>A transaction or request the accounting rules refuse. <see cref="Field"/> names the offending input.</summary>
public sealed class LedgerRuleViolation(string field, string reason) : Exception(reason)
{
    public string Field { get; } = field;
    public string Reason { get; } = reason;
}

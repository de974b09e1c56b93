using Portfolio.Domain;

namespace Portfolio.Application.Common;

/// <summary>
/// An account whose stored log cannot be replayed or valued (a log written before the supported ranges were enforced:
/// an overflowing split, a date at the edge of the calendar). Reads answer it as a problem, revaluation counts it as a
/// failure; it is never a 500.
/// </summary>
public sealed class AccountStateException(string accountId, string reason, Exception? inner = null)
    : Exception($"account state cannot be valued: {reason}", inner)
{
    public string AccountId { get; } = accountId;
    public string Reason { get; } = reason;

    /// <summary>Failures that come from the values stored in an account, as opposed to bugs or the infrastructure.</summary>
    public static bool IsCausedByState(Exception e) =>
        e is ArithmeticException or ArgumentOutOfRangeException or LedgerRuleViolation;

    public static AccountStateException From(string accountId, Exception e) =>
        new(accountId, e is LedgerRuleViolation v ? $"{v.Field} {v.Reason}" : e.Message, e);

    /// <summary>Computes a view of an account's state; a failure caused by the stored values becomes this exception.</summary>
    public static T Guard<T>(string accountId, Func<T> compute)
    {
        try { return compute(); }
        catch (Exception e) when (IsCausedByState(e)) { throw From(accountId, e); }
    }

    /// <inheritdoc cref="Guard{T}(string, Func{T})"/>
    public static async Task<T> GuardAsync<T>(string accountId, Func<Task<T>> compute)
    {
        try { return await compute(); }
        catch (Exception e) when (IsCausedByState(e)) { throw From(accountId, e); }
    }
}

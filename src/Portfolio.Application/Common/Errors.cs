namespace Portfolio.Application.Common;

/// <summary>The resource does not exist, or belongs to someone else (which callers must not be able to tell apart).</summary>
public sealed class NotFoundException(string resource, string id) : Exception($"{resource} '{id}' was not found")
{
    public string Resource { get; } = resource;
}

/// <summary>The request collides with the current state: an idempotency key reused for another request, or a write that lost every retry.</summary>
public sealed class ConflictException(string field, string reason) : Exception(reason)
{
    public string Field { get; } = field;
}

public sealed class ForbiddenException(string reason) : Exception(reason);

/// <summary>
/// A request value outside what the API accepts (a page size, a name, a currency, a date range), as opposed to a
/// <see cref="Domain.LedgerRuleViolation"/>, which is a request the accounting rules refuse.
/// </summary>
public sealed class InvalidRequestException(string field, string reason) : Exception(reason)
{
    public string Field { get; } = field;
    public string Reason { get; } = reason;
}

/// <summary>An <c>If-Match</c> that no longer names the current version: someone changed the resource since it was read (412).</summary>
public sealed class PreconditionFailedException(string field, string reason) : Exception(reason)
{
    public string Field { get; } = field;
}

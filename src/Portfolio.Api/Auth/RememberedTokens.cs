using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Portfolio.Api.Auth;

/// <summary>
/// The JWT handler, remembering each token string it found valid until that token expires: a client sends the same
/// token with every request, and checking its signature and parsing its claims again cost more than serving a cached
/// view. Expiry is judged again on every use, by the injected clock, with the parameters' clock skew; a token that fails
/// is never remembered, so it is checked in full every time.
/// </summary>
public sealed class RememberedTokens(TimeProvider time) : JsonWebTokenHandler
{
    /// <summary>Past this many remembered tokens an arbitrary tenth is forgotten (they are validated again on next use).</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, (TokenValidationResult Result, DateTime ValidTo)> valid = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (valid.TryGetValue(token, out var remembered))
        {
            if (remembered.ValidTo > time.GetUtcNow().UtcDateTime - validationParameters.ClockSkew) return remembered.Result;
            valid.TryRemove(token, out _);
        }
        var result = await base.ValidateTokenAsync(token, validationParameters).ConfigureAwait(false);
        if (result.IsValid && result.SecurityToken is JsonWebToken { ValidTo: var validTo } && validTo > DateTime.MinValue)
        {
            if (valid.Count >= Capacity)
                foreach (var key in valid.Keys.Take(Capacity / 10)) valid.TryRemove(key, out _);
            valid[token] = (result, validTo);
        }
        return result;
    }
}

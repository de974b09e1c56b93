namespace Portfolio.Application.Common;

/// <summary>Secrets from configuration. An App Service Key Vault reference the platform could not resolve arrives as its own text, which is no secret.</summary>
public static class Secrets
{
    public const string KeyVaultReferencePrefix = "@Microsoft.KeyVault(";

    public static bool IsUnresolvedReference(string? value) =>
        value is not null && value.TrimStart().StartsWith(KeyVaultReferencePrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The value, or null when it is empty or an unresolved reference.</summary>
    public static string? Usable(string? value) => string.IsNullOrWhiteSpace(value) || IsUnresolvedReference(value) ? null : value;
}

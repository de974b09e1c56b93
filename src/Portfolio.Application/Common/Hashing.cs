using System.Security.Cryptography;
using System.Text;

namespace Portfolio.Application.Common;

public static class Hashing
{
    /// <summary>A short, stable, URL-safe id derived from its parts (for deterministic ids of idempotent writes).</summary>
    public static string DeterministicId(string prefix, params string[] parts) =>
        prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts))))[..24];

    public static string Fingerprint(string canonicalText) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalText)));
}

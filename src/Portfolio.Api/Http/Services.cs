using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Portfolio.Api.Http;

internal static class Services
{
    public static T Get<T>(this HttpContext context) where T : notnull => context.RequestServices.GetRequiredService<T>();

    public static string? IdempotencyKey(this HttpRequest request)
    {
        var key = request.Headers["Idempotency-Key"].ToString();
        if (string.IsNullOrEmpty(key)) return null;
        if (key.Length > 200) throw new RequestException("Idempotency-Key", "must be at most 200 characters");
        return key;
    }
}

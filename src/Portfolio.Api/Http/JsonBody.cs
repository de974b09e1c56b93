using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Portfolio.Api.Http;

/// <summary>
/// A JSON request body read by <see cref="RequestBody"/> (size limit, errors naming the JSON path in the API's words)
/// with its canonical form, the fingerprint of idempotent retries. As a handler parameter it declares the body type and
/// the 400 and 413 answers in the OpenAPI document.
/// </summary>
public sealed record JsonBody<T>(T Value, string Canonical) : IEndpointParameterMetadataProvider where T : class
{
    public static async Task<JsonBody<T>> ReadAsync(HttpRequest request)
    {
        var (value, canonical) = await RequestBody.ReadAsync<T>(request, request.HttpContext.RequestAborted);
        return new JsonBody<T>(value, canonical);
    }

    public static async ValueTask<JsonBody<T>?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        await ReadAsync(context.Request);

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder)
    {
        builder.Metadata.Add(new AcceptsMetadata(["application/json"], typeof(T)));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), ["application/problem+json"]));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status413PayloadTooLarge, typeof(HttpValidationProblemDetails), ["application/problem+json"]));
    }
}

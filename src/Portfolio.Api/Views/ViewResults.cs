using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace Portfolio.Api.Views;

/// <summary>200 with a view's JSON, serialized once when the view was computed, and its strong ETag.</summary>
public sealed class JsonView<T>(CachedView view) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public CachedView View { get; } = view;
    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = View.Json.Length;
        response.Headers.ETag = View.ETag;
        return response.Body.WriteAsync(View.Json, httpContext.RequestAborted).AsTask();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}

/// <summary>304: the caller's copy (named by <c>If-None-Match</c>) is still the current view.</summary>
public sealed class NotModified(string etag) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public string ETag { get; } = etag;
    public int? StatusCode => StatusCodes.Status304NotModified;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status304NotModified;
        httpContext.Response.Headers.ETag = ETag;
        return Task.CompletedTask;
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void)));
}

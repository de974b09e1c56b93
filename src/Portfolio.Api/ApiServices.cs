using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portfolio.Api.Auth;
using Portfolio.Api.Http;

namespace Portfolio.Api;

public static class ApiServices
{
    /// <summary>What both hosts need to run the handlers: the wire JSON format and the token settings.</summary>
    public static IServiceCollection AddPortfolioApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<JsonOptions>(options =>
        {
            var target = options.SerializerOptions;
            var source = ApiJson.Options;
            target.PropertyNamingPolicy = source.PropertyNamingPolicy;
            target.DefaultIgnoreCondition = source.DefaultIgnoreCondition;
            target.NumberHandling = source.NumberHandling;
            target.TypeInfoResolver = source.TypeInfoResolver;
            foreach (var converter in source.Converters) target.Converters.Add(converter);
        });
        services.AddProblemDetails();
        services.AddSingleton(configuration.GetSection(TokenOptions.Section).Get<TokenOptions>() ?? new TokenOptions());
        return services;
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portfolio.Application.Prices;

namespace Portfolio.Pricing;

public static class PriceRetentionServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="PriceRetentionOptions"/> from the <c>PriceRetention</c> section, validated when the host starts (a bad
    /// setting fails the start, naming it), and makes the bound instance the one the application services use.
    /// </summary>
    public static IServiceCollection AddPriceRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PriceRetentionOptions>().Bind(configuration.GetSection(PriceRetentionOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PriceRetentionOptions>, PriceRetentionValidation>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PriceRetentionOptions>>().Value);
        return services;
    }

    private sealed class PriceRetentionValidation : IValidateOptions<PriceRetentionOptions>
    {
        public ValidateOptionsResult Validate(string? name, PriceRetentionOptions options) =>
            options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}

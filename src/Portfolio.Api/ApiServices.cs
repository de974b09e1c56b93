using Microsoft.Extensions.DependencyInjection;
using Portfolio.Api.Auth;
using Portfolio.Api.Http;
using Portfolio.Api.Views;

namespace Portfolio.Api;

public static class ApiServices
{
    /// <summary>What both hosts need to run the handlers: the wire JSON format, the cached views and the validated token settings.</summary>
    public static IServiceCollection AddPortfolioApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
        services.AddProblemDetails();
        services.AddSingleton<AccountViews>();
        // Bound to the host's configuration by BindImportOptions; without it the defaults hold.
        services.AddOptions<ImportOptions>()
            .Validate(o => o.MaxBytes is > 0 and <= int.MaxValue, $"{ImportOptions.Section}:MaxBytes must be between 1 and {int.MaxValue} bytes").ValidateOnStart();
        services.AddOptions<TokenOptions>().BindConfiguration(TokenOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<TokenOptions>, TokenOptionsValidator>();
        return services;
    }

    /// <summary>Reads <see cref="ImportOptions"/> from the host's configuration section <c>Imports</c>.</summary>
    public static IServiceCollection BindImportOptions(this IServiceCollection services)
    {
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section);
        return services;
    }
}

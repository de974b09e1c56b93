using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portfolio.Api.Auth;
using Portfolio.Application.PricesPush;
using Portfolio.Functions.Auth;
using Portfolio.Functions.Http;
using Portfolio.Functions.Prices;
using Portfolio.Functions.Revaluation;
using Portfolio.Storage.Cosmos;

namespace Portfolio.Functions.Tests;

public class StartupTests
{
    /// <summary>The local settings shape (local.settings.sample.json); nothing here opens a connection.</summary>
    private static IConfiguration LocalSettings(string cosmosEndpoint = "https://localhost:8081/", string? signingKey = "a-test-signing-key-that-is-long-enough-for-hs256") => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceBusConnection"] = "Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;",
            ["CosmosDb:accountEndpoint"] = cosmosEndpoint,
            ["CosmosDb:database"] = "portfolio",
            ["Auth:SigningKey"] = signingKey,
            ["Pricing:Providers:0"] = "stooq",
            ["Pricing:WatchedSymbols:0"] = "SPY",
        })
        .Build();

    [Fact]
    public async Task Every_function_class_and_the_middleware_resolve_from_the_registrations()
    {
        var configuration = LocalSettings();
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(configuration)
            .AddPortfolioFunctions(configuration)
            .BuildServiceProvider();

        Assert.NotNull(ActivatorUtilities.CreateInstance<PullPrices>(services));
        Assert.NotNull(ActivatorUtilities.CreateInstance<ApplyPriceUpdates>(services));
        Assert.NotNull(ActivatorUtilities.CreateInstance<RevaluationActivities>(services));
        Assert.NotNull(ActivatorUtilities.CreateInstance<EndOfDaySnapshots>(services));
        Assert.NotNull(ActivatorUtilities.CreateInstance<PrunePriceHistory>(services));
        Assert.NotNull(ActivatorUtilities.CreateInstance<HttpAuthenticationMiddleware>(services));
        Assert.NotNull(ActivatorUtilities.CreateInstance<PortfolioApiFunctions>(services));
        Assert.NotNull(ActivatorUtilities.CreateInstance<OrderApiFunctions>(services));
        Assert.NotNull(ActivatorUtilities.CreateInstance<NotificationApiFunctions>(services));
        Assert.NotNull(ActivatorUtilities.CreateInstance<Portfolio.Functions.Orders.SweepOrders>(services));
        Assert.NotNull(ActivatorUtilities.CreateInstance<Portfolio.Functions.Notifications.NotificationFunctions>(services));
        Assert.NotNull(services.GetRequiredService<PricePushService>());
        Assert.Equal(new[] { "SPY" }, services.GetRequiredService<WatchedSymbols>().Symbols);
        Assert.NotNull(services.GetRequiredService<IOptions<TokenOptions>>().Value.SigningKey);
    }

    [Fact]
    public void A_loopback_cosmos_endpoint_is_the_emulator_with_its_key_and_anything_else_uses_the_identity()
    {
        var credential = new Azure.Identity.DefaultAzureCredential();

        var local = FunctionsServices.CosmosOptions(LocalSettings(), credential);
        var azure = FunctionsServices.CosmosOptions(LocalSettings("https://cosmos-abc.documents.azure.com:443/"), credential);

        Assert.Equal(FunctionsServices.EmulatorKey, local.AccountKey);
        Assert.Null(local.Credential);
        Assert.True(local.LimitToEndpoint);
        Assert.Same(credential, azure.Credential);
        Assert.Null(azure.AccountKey);
        Assert.Equal("portfolio", azure.DatabaseName);
    }

    [Fact]
    public void Without_a_cosmos_endpoint_startup_says_which_setting_is_missing()
    {
        var configuration = new ConfigurationBuilder().Build();

        var error = Assert.Throws<InvalidOperationException>(() => FunctionsServices.CosmosOptions(configuration, new Azure.Identity.DefaultAzureCredential()));
        Assert.Contains("CosmosDb__accountEndpoint", error.Message);
    }

    [Theory]
    [InlineData(null, "is not set")]
    [InlineData("", "is not set")]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://kv-portfolio.vault.azure.net/secrets/signing-key/)", "Key Vault reference that was not resolved")]
    [InlineData("REPLACE-ME: generate your own, e.g. `openssl rand -base64 64`, and keep it out of source control", "sample placeholder")]
    [InlineData("short-key-0123456789", "too weak")]
    [InlineData("abababababababababababababababababababab", "too weak")]
    public async Task The_host_refuses_to_start_without_a_usable_signing_key_and_says_which_setting(string? key, string reason)
    {
        var configuration = LocalSettings(signingKey: key);
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(configuration)
            .AddPortfolioFunctions(configuration)
            .BuildServiceProvider();

        // What Host.StartAsync runs before any function or hosted service (ValidateOnStart).
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Auth:SigningKey", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public async Task A_strong_signing_key_passes_the_start_check()
    {
        var configuration = LocalSettings(signingKey: "Vx3q9Lr7Tz1mKp5Wn8Bc2Hd6Fg4Js0Ya");
        await using var services = new ServiceCollection().AddLogging().AddSingleton(configuration).AddPortfolioFunctions(configuration).BuildServiceProvider();

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal("Vx3q9Lr7Tz1mKp5Wn8Bc2Hd6Fg4Js0Ya", services.GetRequiredService<IOptions<TokenOptions>>().Value.SigningKey);
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portfolio.Api.Auth;
using Portfolio.Application.PricesPush;
using Portfolio.Functions.Auth;
using Portfolio.Functions.Prices;
using Portfolio.Functions.Revaluation;
using Portfolio.Storage.Cosmos;

namespace Portfolio.Functions.Tests;

public class StartupTests
{
    /// <summary>The local settings shape (local.settings.sample.json); nothing here opens a connection.</summary>
    private static IConfiguration LocalSettings(string cosmosEndpoint = "https://localhost:8081/") => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceBusConnection"] = "Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;",
            ["CosmosDb:accountEndpoint"] = cosmosEndpoint,
            ["CosmosDb:database"] = "portfolio",
            ["Auth:SigningKey"] = "a-test-signing-key-that-is-long-enough-for-hs256",
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
        Assert.NotNull(services.GetRequiredService<PricePushService>());
        Assert.Equal(new[] { "SPY" }, services.GetRequiredService<WatchedSymbols>().Symbols);
        Assert.NotNull(services.GetRequiredService<TokenOptions>().SigningKey);
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
}

// Flex Consumption plan + Function App (.NET 10 isolated worker), running as the user-assigned identity.
//
// On Flex Consumption the runtime lives in functionAppConfig.runtime; FUNCTIONS_WORKER_RUNTIME and
// FUNCTIONS_EXTENSION_VERSION must not be set as app settings (nor WEBSITE_RUN_FROM_PACKAGE,
// WEBSITE_CONTENTSHARE, WEBSITE_TIME_ZONE/TZ; see "Flex Consumption plan deprecations" in the Functions
// app settings reference). Schedules are therefore UTC.

param location string
param tags object
param planName string
param name string
@description('azd service name; azd finds the app to deploy to through the azd-service-name tag.')
param serviceName string
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerUrl string
param appInsightsConnectionString string
param cosmosEndpoint string
param cosmosDatabaseName string
param serviceBusFullyQualifiedNamespace string
@description('Vault URI ending in "/".')
param keyVaultUri string
@description('Secret names in the vault (authSigningKey, polygonApiKey, alphaVantageApiKey, finnhubApiKey).')
param secretNames object
param maximumInstanceCount int
param instanceMemoryMB int
@description('Durable Task Scheduler endpoint when it is the Durable backend; empty for the Azure Storage provider.')
param durableTaskSchedulerEndpoint string = ''

@description('Six-field NCRONTAB, UTC: price fetch every 10 minutes.')
param priceSchedule string = '0 */10 * * * *'
@description('Six-field NCRONTAB, UTC: 21:30 Monday-Friday, after the US close (16:00 New York is 20:00 or 21:00 UTC depending on daylight saving).')
param endOfDaySchedule string = '0 30 21 * * 1-5'
@description('Price providers in the order they are tried (Pricing:Providers).')
param pricingProviders array = [
  'stooq'
]

// Versionless references follow the newest secret version (App Service re-reads them within 24 hours, or on restart).
var keyVaultRefs = {
  authSigningKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.authSigningKey}/)'
  polygonApiKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.polygonApiKey}/)'
  alphaVantageApiKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.alphaVantageApiKey}/)'
  finnhubApiKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.finnhubApiKey}/)'
}

// Pricing__Providers__0, Pricing__Providers__1, ... (binds to a list in .NET configuration).
var pricingProviderSettings = toObject(range(0, length(pricingProviders)), i => 'Pricing__Providers__${i}', i => pricingProviders[i])

var baseSettings = {
  // Host storage (timers, Durable Functions task hub), identity-based.
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId

  // Telemetry: Entra-authenticated ingestion (local auth is disabled on the App Insights resource).
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'

  // Service Bus trigger/output binding connection "ServiceBusConnection".
  ServiceBusConnection__fullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
  ServiceBusConnection__credential: 'managedidentity'
  ServiceBusConnection__clientId: identityClientId

  // Cosmos DB (the app builds its CosmosClient with a token credential; there is no key to give it).
  CosmosDb__accountEndpoint: cosmosEndpoint
  CosmosDb__database: cosmosDatabaseName

  // The app builds a ManagedIdentityCredential for this user-assigned identity (and no other credential) from this.
  AZURE_CLIENT_ID: identityClientId

  // Timer schedules, referenced as %PriceSchedule% and %EndOfDaySchedule%.
  PriceSchedule: priceSchedule
  EndOfDaySchedule: endOfDaySchedule

  // Secrets: Key Vault references resolved by the platform with keyVaultReferenceIdentity.
  Auth__SigningKey: keyVaultRefs.authSigningKey
  POLYGON_API_KEY: keyVaultRefs.polygonApiKey
  ALPHAVANTAGE_API_KEY: keyVaultRefs.alphaVantageApiKey
  FINNHUB_API_KEY: keyVaultRefs.finnhubApiKey
}

// Durable Task Scheduler instead of the host storage account: app settings override host.json's durableTask section.
// The app must also reference Microsoft.Azure.Functions.Worker.Extensions.DurableTask.AzureManaged (docs/azure.md).
var durableSchedulerSettings = empty(durableTaskSchedulerEndpoint) ? {} : {
  DURABLE_TASK_SCHEDULER_CONNECTION_STRING: 'Endpoint=${durableTaskSchedulerEndpoint};Authentication=ManagedIdentity;ClientID=${identityClientId}'
  AzureFunctionsJobHost__extensions__durableTask__storageProvider__type: 'azureManaged'
  AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName: 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING'
}

var appSettings = union(baseSettings, pricingProviderSettings, durableSchedulerSettings)

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux
  }
}

resource functionApp 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, {
    'azd-service-name': serviceName
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Without this the platform resolves Key Vault references with a system-assigned identity, which this app does not have.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      // No FTP at all; deployments go through the blob container with the identity.
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Basic (user name + password) publishing credentials off for both SCM and FTP: deployment uses Entra ID only.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource functionAppSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: appSettings
}

output name string = functionApp.name
output id string = functionApp.id
output uri string = 'https://${functionApp.properties.defaultHostName}'

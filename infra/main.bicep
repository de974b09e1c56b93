// Portfolio Functions: Azure infrastructure.
//
// Resource-group scoped so the same file serves `azd up` (azd asks for / creates the group) and a hand-run
// `az deployment group create`. Everything the app talks to is reached through one user-assigned identity;
// no resource here hands out keys, and the shared-key / local-auth paths are switched off where Azure allows it.
targetScope = 'resourceGroup'

@minLength(1)
@maxLength(64)
@description('Environment name (azd environment). Feeds the unique suffix of every resource name and the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Region for all resources. Must offer the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('Object id of the person or pipeline running the deployment. When set, it gets Key Vault Secrets Officer so it can store the provider keys after deployment. Leave empty to skip.')
param principalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
@description('Type of principalId.')
param principalType string = 'User'

@minValue(40)
@maxValue(1000)
@description('Upper bound for Flex Consumption scale-out (40 is the lowest the plan accepts).')
param maximumInstanceCount int = 100

@allowed([
  512
  2048
  4096
])
@description('Memory per Flex Consumption instance, in MB.')
param instanceMemoryMB int = 2048

@description('Key Vault purge protection. Off by default so that `azd down --purge` then `azd up` of the same environment works (the vault name is derived from it); turn it on for production: it cannot be turned off again and keeps a deleted vault name reserved for the retention period.')
param enableKeyVaultPurgeProtection bool = false

@description('Durable Functions backend: the host storage account (AzureStorage), or a Durable Task Scheduler (the backend recommended on Flex Consumption; identity-based).')
@allowed([
  'AzureStorage'
  'DurableTaskScheduler'
])
param durableBackend string = 'AzureStorage'

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'portfolio-functions'
}

var names = {
  identity: 'id-api-${resourceToken}'
  logAnalytics: 'log-${resourceToken}'
  appInsights: 'appi-${resourceToken}'
  storage: 'st${resourceToken}'
  cosmos: 'cosmos-${resourceToken}'
  serviceBus: 'sb-${resourceToken}'
  keyVault: 'kv-${resourceToken}'
  plan: 'plan-${resourceToken}'
  functionApp: 'func-api-${resourceToken}'
}

var deploymentContainerName = 'app-package'
var cosmosDatabaseName = 'portfolio'
var priceUpdatesQueueName = 'price-updates'

// The one identity the Function App runs as. Every data-plane role below is granted to it, and the app
// settings name its client id so the Functions host and DefaultAzureCredential pick it (not a system identity).
resource apiIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    logAnalyticsName: names.logAnalytics
    appInsightsName: names.appInsights
    identityId: apiIdentity.id
    identityPrincipalId: apiIdentity.properties.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    name: names.storage
    deploymentContainerName: deploymentContainerName
    identityId: apiIdentity.id
    identityPrincipalId: apiIdentity.properties.principalId
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    location: location
    tags: tags
    name: names.cosmos
    databaseName: cosmosDatabaseName
    identityId: apiIdentity.id
    identityPrincipalId: apiIdentity.properties.principalId
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    location: location
    tags: tags
    name: names.serviceBus
    queueName: priceUpdatesQueueName
    identityId: apiIdentity.id
    identityPrincipalId: apiIdentity.properties.principalId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    tags: tags
    name: names.keyVault
    enablePurgeProtection: enableKeyVaultPurgeProtection
    identityId: apiIdentity.id
    identityPrincipalId: apiIdentity.properties.principalId
    operatorPrincipalId: principalId
    operatorPrincipalType: principalType
  }
}

module durableTaskScheduler 'modules/durabletaskscheduler.bicep' = if (durableBackend == 'DurableTaskScheduler') {
  name: 'durabletaskscheduler'
  params: {
    location: location
    tags: tags
    name: 'dts-${resourceToken}'
    taskHubName: 'PortfolioHub'
    identityId: apiIdentity.id
    identityPrincipalId: apiIdentity.properties.principalId
  }
}

// Reading storage.outputs makes this module wait for the whole storage module, role assignments included,
// so the host's first start already has its blob/queue/table roles.
module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    tags: tags
    planName: names.plan
    name: names.functionApp
    serviceName: 'api'
    identityId: apiIdentity.id
    identityClientId: apiIdentity.properties.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmos.outputs.databaseName
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    keyVaultUri: keyVault.outputs.vaultUri
    secretNames: keyVault.outputs.secretNames
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    durableTaskSchedulerEndpoint: durableBackend == 'DurableTaskScheduler' ? durableTaskScheduler!.outputs.endpoint : ''
  }
}

// azd reads these into the environment (.azure/<env>/.env); the docs use the same names.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup().name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output SERVICE_API_NAME string = functionApp.outputs.name
output SERVICE_API_URI string = functionApp.outputs.uri
output AZURE_FUNCTION_IDENTITY_CLIENT_ID string = apiIdentity.properties.clientId
output AZURE_FUNCTION_IDENTITY_PRINCIPAL_ID string = apiIdentity.properties.principalId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output COSMOS_ACCOUNT_NAME string = cosmos.outputs.accountName
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output COSMOS_DATABASE string = cosmos.outputs.databaseName
output SERVICE_BUS_NAMESPACE string = serviceBus.outputs.name
output SERVICE_BUS_FULLY_QUALIFIED_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output SERVICE_BUS_PRICE_UPDATES_QUEUE string = serviceBus.outputs.queueName
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.vaultUri
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.appInsightsConnectionString

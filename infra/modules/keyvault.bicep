// Key Vault (Azure RBAC, no access policies) for the secrets the app cannot avoid: the market-data provider
// API keys and the token signing key. The template creates no secrets: values never pass through a
// deployment, a parameter file or deployment history. Operators set them once after the first deployment
// (docs/azure.md); until then the Key Vault references in the app settings stay unresolved.

param location string
param tags object
@minLength(3)
@maxLength(24)
param name string
param enablePurgeProtection bool
@description('Resource id of the app identity (used only to name the role assignment).')
param identityId string
param identityPrincipalId string
@description('Optional object id of the operator who sets secret values (Key Vault Secrets Officer). Empty to skip.')
param operatorPrincipalId string = ''
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param operatorPrincipalType string = 'User'

// Secret names allow only letters, digits and '-', so they differ from the app setting names.
var secretNames = {
  authSigningKey: 'auth-signing-key'
  polygonApiKey: 'polygon-api-key'
  alphaVantageApiKey: 'alphavantage-api-key'
  finnhubApiKey: 'finnhub-api-key'
}

// Built-in roles.
var keyVaultSecretsUserRoleId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
var keyVaultSecretsOfficerRoleId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7')

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // The API rejects an explicit false; leaving the property out means "off".
    enablePurgeProtection: enablePurgeProtection ? true : null
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    // Public endpoint, RBAC-guarded. Flex Consumption can also resolve references through a restricted
    // vault with VNet integration, which this template does not set up.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

// Read-only access to secret values, for resolving @Microsoft.KeyVault(...) app settings.
resource appSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identityId, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: keyVaultSecretsUserRoleId
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Key Vault Secrets User for the Portfolio Functions app identity'
  }
}

// Subscription Owner/Contributor does not include data-plane access to an RBAC vault, so whoever sets
// the secret values needs this explicitly.
resource operatorSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(vault.id, operatorPrincipalId, keyVaultSecretsOfficerRoleId)
  scope: vault
  properties: {
    roleDefinitionId: keyVaultSecretsOfficerRoleId
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
    description: 'Key Vault Secrets Officer for the operator who sets the provider keys'
  }
}

output name string = vault.name
output id string = vault.id
// Ends with '/', e.g. https://kv-xxxx.vault.azure.net/
output vaultUri string = vault.properties.vaultUri
output secretNames object = secretNames

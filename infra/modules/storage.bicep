// Host storage for the Functions runtime (timer leases, Durable Functions task hub queues/tables/blobs) and
// the Flex Consumption deployment package container. Shared keys are disabled: the host, Durable Functions
// and the platform's package download all authenticate with the app identity.

param location string
param tags object
@minLength(3)
@maxLength(24)
param name string
param deploymentContainerName string
@description('Resource id of the app identity (used only to name the role assignments).')
param identityId string
param identityPrincipalId string

// Built-in roles. Blob Data Owner (not Contributor) because the host manages blob leases and containers;
// Queue and Table Data Contributor because the Durable Functions Azure Storage provider keeps its
// control/work-item queues and its History/Instances tables here.
var storageRoles = [
  {
    name: 'Storage Blob Data Owner'
    id: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
  }
  {
    name: 'Storage Queue Data Contributor'
    id: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
  }
  {
    name: 'Storage Table Data Contributor'
    id: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
  }
]

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: storageAccount
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource storageRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in storageRoles: {
    name: guid(storageAccount.id, identityId, role.id)
    scope: storageAccount
    properties: {
      roleDefinitionId: role.id
      principalId: identityPrincipalId
      principalType: 'ServicePrincipal'
      description: '${role.name} for the Portfolio Functions app identity'
    }
  }
]

output name string = storageAccount.name
output id string = storageAccount.id
output blobEndpoint string = storageAccount.properties.primaryEndpoints.blob
// primaryEndpoints.blob ends with '/', so this is https://<account>.blob.core.windows.net/<container>
output deploymentContainerUrl string = '${storageAccount.properties.primaryEndpoints.blob}${deploymentContainer.name}'

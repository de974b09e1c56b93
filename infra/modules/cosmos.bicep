// Cosmos DB for NoSQL, serverless, Entra-only (disableLocalAuth). The app identity gets the built-in
// Data Contributor role through Cosmos's own data-plane RBAC (sqlRoleAssignments), not Azure RBAC.
//
// Partition keys are fixed at container creation; changing one means a new container and a copy.
//   accounts  /ownerId    a user's account list is one single-partition query; another user's account is simply not found
//   ledger    /accountId  appends are creates with deterministic sequence ids, so 409 Conflict = a concurrent writer lost
//   prices    /symbol     a 'latest' document for point reads plus month buckets of history
//   snapshots /accountId  valuation snapshots read per account
//   alerts    /accountId  drift/price alerts read per account
//   checkpoints /accountId ledger checkpoints (replayed state every 1,000 entries) read on a cold load
//   orders    /accountId  paper-trading orders; a transition and its notification (the order's outbox) are one document write
//   notifications /userId a user's inbox (id = event id, so a repeat is a 409) and webhook document

param location string
param tags object
@minLength(3)
@maxLength(44)
param name string
param databaseName string
@description('Resource id of the app identity (used only to name the role assignment).')
param identityId string
param identityPrincipalId string

// Default indexing everywhere (index all paths, consistent mode).
var defaultIndexingPolicy = {
  indexingMode: 'consistent'
  automatic: true
  includedPaths: [
    {
      path: '/*'
    }
  ]
  excludedPaths: [
    {
      path: '/"_etag"/?'
    }
  ]
}

// Ledger entries are read by account and sequence; the free-form payload of an entry (raw broker import,
// corporate-action detail) is never filtered on, so indexing it would only add RU cost to every append.
// Keep this list in step with the ledger document shape: a query that filters on an excluded path fails
// (or scans) instead of using the index.
var ledgerIndexingPolicy = {
  indexingMode: 'consistent'
  automatic: true
  includedPaths: [
    {
      path: '/*'
    }
  ]
  excludedPaths: [
    {
      path: '/payload/*'
    }
    {
      path: '/"_etag"/?'
    }
  ]
}

var containers = [
  {
    name: 'accounts'
    partitionKey: '/ownerId'
    indexingPolicy: defaultIndexingPolicy
  }
  {
    name: 'ledger'
    partitionKey: '/accountId'
    indexingPolicy: ledgerIndexingPolicy
  }
  {
    name: 'prices'
    partitionKey: '/symbol'
    indexingPolicy: defaultIndexingPolicy
  }
  {
    name: 'snapshots'
    partitionKey: '/accountId'
    indexingPolicy: defaultIndexingPolicy
  }
  {
    name: 'alerts'
    partitionKey: '/accountId'
    indexingPolicy: defaultIndexingPolicy
  }
  {
    name: 'checkpoints'
    partitionKey: '/accountId'
    indexingPolicy: defaultIndexingPolicy
  }
  {
    name: 'orders'
    partitionKey: '/accountId'
    indexingPolicy: defaultIndexingPolicy
  }
  {
    name: 'notifications'
    partitionKey: '/userId'
    indexingPolicy: defaultIndexingPolicy
  }
]

resource account 'Microsoft.DocumentDB/databaseAccounts@2025-04-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    capabilities: [
      {
        name: 'EnableServerless'
      }
    ]
    // Serverless accounts are single-region.
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    disableLocalAuth: true
    // Databases and containers change only through ARM (this template), never through the data plane.
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
    enableAutomaticFailover: false
    enableMultipleWriteLocations: false
    enableFreeTier: false
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2025-04-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
  }
}

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2025-04-15' = [
  for container in containers: {
    parent: database
    name: container.name
    properties: {
      resource: {
        id: container.name
        partitionKey: {
          paths: [
            container.partitionKey
          ]
          kind: 'Hash'
          version: 2
        }
        indexingPolicy: container.indexingPolicy
      }
    }
  }
]

// Cosmos DB Built-in Data Contributor: read/write items and query, no control-plane rights.
var dataContributorRoleDefinitionId = '${account.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002'

resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2025-04-15' = {
  parent: account
  name: guid(account.id, identityId, dataContributorRoleDefinitionId)
  properties: {
    roleDefinitionId: dataContributorRoleDefinitionId
    principalId: identityPrincipalId
    scope: account.id
  }
}

output accountName string = account.name
output id string = account.id
output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
output containerNames array = [for container in containers: container.name]

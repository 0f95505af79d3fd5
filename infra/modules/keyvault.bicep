// The admin key, the device clouds' OAuth client secrets and the optional chat model's connection string.
// RBAC only (no access policies): the apps' identity reads secrets (Key Vault Secrets User), the person
// who runs azd may set them (Key Vault Secrets Officer), e.g. to rotate the admin key.
param name string
param location string
param tags object
param readerPrincipalId string
@description('Who runs azd (may be empty): gets Key Vault Secrets Officer to set and rotate secrets.')
param officerPrincipalId string = ''
@allowed(['User', 'ServicePrincipal', 'Group'])
param officerPrincipalType string = 'User'

@secure()
param adminKey string
@secure()
param ouraClientSecret string = ''
@secure()
param whoopClientSecret string = ''
@secure()
param llmConnectionString string = ''

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource adminKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'admin-key'
  properties: { value: adminKey }
}

resource ouraSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(ouraClientSecret)) {
  parent: vault
  name: 'oura-client-secret'
  properties: { value: ouraClientSecret }
}

resource whoopSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(whoopClientSecret)) {
  parent: vault
  name: 'whoop-client-secret'
  properties: { value: whoopClientSecret }
}

resource llmSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(llmConnectionString)) {
  parent: vault
  name: 'llm-connection-string'
  properties: { value: llmConnectionString }
}

var secretsUser = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
var secretsOfficer = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7')

resource readerRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, readerPrincipalId, secretsUser)
  scope: vault
  properties: {
    roleDefinitionId: secretsUser
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource officerRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(officerPrincipalId)) {
  name: guid(vault.id, officerPrincipalId, secretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: secretsOfficer
    principalId: officerPrincipalId
    principalType: officerPrincipalType
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri

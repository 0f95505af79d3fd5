// Bio on Azure Container Apps (`azd up`): the Orleans silos, the API and the dashboard, over one Storage
// account reached with a user-assigned managed identity (no account key anywhere), secrets in Key Vault,
// telemetry to Application Insights. docs/deploy.md says what it asks, creates and costs.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('The azd environment name; it names the resource group and seeds the resource names.')
param environmentName string

@minLength(1)
@description('The Azure region for every resource.')
param location string

@description('Who runs azd (azd sets it): may set and rotate the Key Vault secrets.')
param principalId string = ''

@allowed(['User', 'ServicePrincipal', 'Group'])
param principalType string = 'User'

@secure()
@minLength(32)
@description('The admin API key (Authorization: Bearer <key>), at least 32 characters; kept in Key Vault.')
param adminKey string

@description('Bio\'s client id at Oura (empty: Oura is "not configured").')
param ouraClientId string = ''

@secure()
@description('Bio\'s client secret at Oura; kept in Key Vault.')
param ouraClientSecret string = ''

@description('Bio\'s client id at WHOOP (empty: WHOOP is "not configured").')
param whoopClientId string = ''

@secure()
@description('Bio\'s client secret at WHOOP; kept in Key Vault.')
param whoopClientSecret string = ''

@secure()
@description('Optional chat model, e.g. Provider=openai;Endpoint=...;Key=...;Model=...; kept in Key Vault.')
param llmConnectionString string = ''

@minValue(1)
@maxValue(10)
@description('Orleans silos always running.')
param siloMinReplicas int = 1

@minValue(1)
@maxValue(10)
@description('Orleans silos at most (more are added above 70 % CPU).')
param siloMaxReplicas int = 1

@description('Set by azd: whether each app exists already, so provisioning keeps its deployed image.')
param siloExists bool = false
param apiExists bool = false
param webExists bool = false

var tags = { 'azd-env-name': environmentName }
var token = toLower(uniqueString(subscription().id, environmentName, location))
var orleansSiloPort = 11111
var orleansGatewayPort = 30000

resource rg 'Microsoft.Resources/resourceGroups@2024-11-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  scope: rg
  params: { name: 'id-bio-${token}', location: location, tags: tags }
}

module monitoring 'modules/monitoring.bicep' = {
  scope: rg
  params: {
    logAnalyticsName: 'log-bio-${token}'
    applicationInsightsName: 'appi-bio-${token}'
    location: location
    tags: tags
  }
}

module registry 'modules/registry.bicep' = {
  scope: rg
  params: { name: 'crbio${token}', location: location, tags: tags, pullPrincipalId: identity.outputs.principalId }
}

module storage 'modules/storage.bicep' = {
  scope: rg
  params: { name: 'stbio${token}', location: location, tags: tags, dataPrincipalId: identity.outputs.principalId }
}

module vault 'modules/keyvault.bicep' = {
  scope: rg
  params: {
    name: 'kv-bio-${token}'
    location: location
    tags: tags
    readerPrincipalId: identity.outputs.principalId
    officerPrincipalId: principalId
    officerPrincipalType: principalType
    adminKey: adminKey
    ouraClientSecret: ouraClientSecret
    whoopClientSecret: whoopClientSecret
    llmConnectionString: llmConnectionString
  }
}

module environment 'modules/environment.bicep' = {
  scope: rg
  params: {
    name: 'cae-bio-${token}'
    location: location
    tags: tags
    logAnalyticsName: monitoring.outputs.logAnalyticsName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

// What every service is told: where storage is (endpoints only: the identity is the credential, picked by
// AZURE_CLIENT_ID), which cluster, and that it runs behind the environment's HTTPS ingress.
var storageEnv = [
  { name: 'ConnectionStrings__storage', value: 'BlobEndpoint=${storage.outputs.blobEndpoint};TableEndpoint=${storage.outputs.tableEndpoint}' }
  { name: 'AZURE_CLIENT_ID', value: identity.outputs.clientId }
]
var commonEnv = [
  { name: 'ASPNETCORE_ENVIRONMENT', value: 'Production' }
  { name: 'ASPNETCORE_FORWARDEDHEADERS_ENABLED', value: 'true' }
]
var orleansEnv = [
  { name: 'Orleans__ServiceId', value: 'bio' }
  { name: 'Orleans__ClusterId', value: 'bio-${environmentName}' }
  { name: 'Orleans__Clustering__ProviderType', value: 'AzureTableStorage' }
  { name: 'Orleans__Clustering__ServiceKey', value: 'storage' }
  { name: 'Orleans__EnableDistributedTracing', value: 'true' }
]
var secretUrl = '${vault.outputs.uri}secrets/'
var llmSecret = empty(llmConnectionString) ? [] : [{ name: 'llm-connection-string', keyVaultUrl: '${secretUrl}llm-connection-string' }]
var llmEnv = empty(llmConnectionString) ? [] : [{ name: 'ConnectionStrings__llm', secretRef: 'llm-connection-string' }]
var ouraSecret = empty(ouraClientSecret) ? [] : [{ name: 'oura-client-secret', keyVaultUrl: '${secretUrl}oura-client-secret' }]
var ouraEnv = empty(ouraClientSecret) ? [] : [
  { name: 'Bio__Sync__Oura__ClientId', value: ouraClientId }
  { name: 'Bio__Sync__Oura__ClientSecret', secretRef: 'oura-client-secret' }
]
var whoopSecret = empty(whoopClientSecret) ? [] : [{ name: 'whoop-client-secret', keyVaultUrl: '${secretUrl}whoop-client-secret' }]
var whoopEnv = empty(whoopClientSecret) ? [] : [
  { name: 'Bio__Sync__Whoop__ClientId', value: whoopClientId }
  { name: 'Bio__Sync__Whoop__ClientSecret', secretRef: 'whoop-client-secret' }
]

var siloName = 'ca-silo-${token}'
var apiName = 'ca-api-${token}'
var webName = 'ca-web-${token}'
var webUri = 'https://${webName}.${environment.outputs.defaultDomain}'

module silo 'modules/container-app.bicep' = {
  scope: rg
  params: {
    name: siloName
    location: location
    tags: tags
    serviceName: 'silo'
    environmentId: environment.outputs.id
    identityId: identity.outputs.id
    registryServer: registry.outputs.loginServer
    exists: siloExists
    external: false
    internalTcpPorts: [orleansSiloPort, orleansGatewayPort]
    minReplicas: siloMinReplicas
    maxReplicas: max(siloMinReplicas, siloMaxReplicas)
    scaleRules: [
      { name: 'cpu', custom: { type: 'cpu', metadata: { type: 'Utilization', value: '70' } } }
    ]
    cpu: '1.0'
    memory: '2Gi'
    keyVaultSecrets: concat(ouraSecret, whoopSecret, llmSecret)
    env: concat(commonEnv, storageEnv, orleansEnv, [
      { name: 'OTEL_SERVICE_NAME', value: 'silo' }
      { name: 'Orleans__Endpoints__SiloPort', value: string(orleansSiloPort) }
      { name: 'Orleans__Endpoints__GatewayPort', value: string(orleansGatewayPort) }
      { name: 'Orleans__GrainStorage__users__ProviderType', value: 'AzureBlobStorage' }
      { name: 'Orleans__GrainStorage__users__ServiceKey', value: 'storage' }
      { name: 'Orleans__Reminders__ProviderType', value: 'AzureTableStorage' }
      { name: 'Orleans__Reminders__ServiceKey', value: 'storage' }
    ], ouraEnv, whoopEnv, llmEnv)
  }
}

module api 'modules/container-app.bicep' = {
  scope: rg
  params: {
    name: apiName
    location: location
    tags: tags
    serviceName: 'api'
    environmentId: environment.outputs.id
    identityId: identity.outputs.id
    registryServer: registry.outputs.loginServer
    exists: apiExists
    external: true
    minReplicas: 1
    maxReplicas: 3
    scaleRules: [
      { name: 'http', http: { metadata: { concurrentRequests: '100' } } }
    ]
    cpu: '0.5'
    memory: '1Gi'
    keyVaultSecrets: concat([{ name: 'admin-key', keyVaultUrl: '${secretUrl}admin-key' }], llmSecret)
    env: concat(commonEnv, storageEnv, orleansEnv, [
      { name: 'OTEL_SERVICE_NAME', value: 'api' }
      { name: 'Auth__AdminKey', secretRef: 'admin-key' }
      { name: 'Bio__Sync__CallbackBaseUrl', value: webUri }
      { name: 'Bio__Sync__DashboardUrl', value: '${webUri}/settings' }
    ], llmEnv)
  }
}

module web 'modules/container-app.bicep' = {
  scope: rg
  params: {
    name: webName
    location: location
    tags: tags
    serviceName: 'web'
    environmentId: environment.outputs.id
    identityId: identity.outputs.id
    registryServer: registry.outputs.loginServer
    exists: webExists
    external: true
    minReplicas: 1
    maxReplicas: 2
    scaleRules: [
      { name: 'http', http: { metadata: { concurrentRequests: '100' } } }
    ]
    cpu: '0.5'
    memory: '1Gi'
    env: concat(commonEnv, [
      { name: 'OTEL_SERVICE_NAME', value: 'web' }
      { name: 'services__api__https__0', value: api.outputs.uri }
    ])
  }
}

// What azd reads after provisioning (and docs/deploy.md shows). Names and endpoints only, never a secret.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_CONTAINER_ENVIRONMENT_NAME string = environment.outputs.name
output AZURE_KEY_VAULT_NAME string = vault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = vault.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output SERVICE_SILO_NAME string = silo.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output SERVICE_WEB_NAME string = web.outputs.name
output SERVICE_WEB_URI string = web.outputs.uri

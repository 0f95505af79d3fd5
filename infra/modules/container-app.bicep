// One Bio service as a container app, found by azd through its `azd-service-name` tag. azd deploys by
// replacing the image only, so everything else (ports, probes, secrets) is set here.
//
// Until azd has pushed the service's first image the app runs a public placeholder listening on port 80,
// with the platform's default TCP probes; once it runs a Bio image (which listens on 8080), the ingress
// targets 8080 and the probes are Bio's own /alive and /health. azure.yaml's `up` workflow provisions
// again after the first deploy, so the first `azd up` ends with the real ports and probes.
param name string
param location string
param tags object
@description('The service name in azure.yaml.')
param serviceName string
param environmentId string
param identityId string
param registryServer string
@description('Whether the app exists already (azd sets SERVICE_<NAME>_RESOURCE_EXISTS): its current image is kept.')
param exists bool
@description('External HTTPS ingress (a browser reaches it) or internal to the environment only.')
param external bool
@description('TCP ports reachable inside the environment only (the Orleans silo and gateway ports).')
param internalTcpPorts int[] = []
param minReplicas int = 1
param maxReplicas int = 1
param scaleRules array = []
@description('Environment variables: { name, value } or { name, secretRef }.')
param env array = []
@description('Key Vault secrets the app reads with its identity: { name, keyVaultUrl }.')
param keyVaultSecrets array = []
param cpu string = '0.5'
param memory string = '1Gi'

var placeholderImage = 'mcr.microsoft.com/azuredocs/containerapps-helloworld:latest'
var bioPort = 8080

module current 'current-image.bicep' = {
  params: { name: name, exists: exists }
}

var image = empty(current.outputs.image) ? placeholderImage : current.outputs.image
var runsBio = image != placeholderImage

var probes = [
  {
    type: 'Startup'
    httpGet: { path: '/alive', port: bioPort, scheme: 'HTTP' }
    initialDelaySeconds: 1
    periodSeconds: 2
    failureThreshold: 60
    timeoutSeconds: 2
  }
  {
    type: 'Liveness'
    httpGet: { path: '/alive', port: bioPort, scheme: 'HTTP' }
    periodSeconds: 10
    failureThreshold: 3
    timeoutSeconds: 5
  }
  {
    type: 'Readiness'
    httpGet: { path: '/health', port: bioPort, scheme: 'HTTP' }
    periodSeconds: 10
    failureThreshold: 3
    timeoutSeconds: 10
  }
]

resource app 'Microsoft.App/containerApps@2025-01-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: external
        targetPort: runsBio ? bioPort : 80
        transport: 'http'
        allowInsecure: false
        additionalPortMappings: [for port in internalTcpPorts: {
          external: false
          targetPort: port
          exposedPort: port
        }]
      }
      registries: [
        { server: registryServer, identity: identityId }
      ]
      secrets: [for secret in keyVaultSecrets: {
        name: secret.name
        keyVaultUrl: secret.keyVaultUrl
        identity: identityId
      }]
    }
    template: {
      containers: [
        {
          name: serviceName
          image: image
          env: env
          resources: { cpu: json(cpu), memory: memory }
          probes: runsBio ? probes : []
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: scaleRules
      }
    }
  }
}

output name string = app.name
output fqdn string = app.properties.configuration.ingress.fqdn
output uri string = 'https://${app.properties.configuration.ingress.fqdn}'

// The image a container app runs now, or '' when the app does not exist yet. A deployment of its own, so
// it is read before the app is updated (azd deploys by changing only the image; provisioning keeps it).
param name string
param exists bool

resource app 'Microsoft.App/containerApps@2025-01-01' existing = if (exists) {
  name: name
}

output image string = exists ? app!.properties.template.containers[0].image : ''

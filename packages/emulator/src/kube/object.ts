// The shape of a Kubernetes object, apart from the store (resources.ts and store.ts both need it).

export type KubeObject = Record<string, any>;

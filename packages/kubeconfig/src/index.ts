export { buildEntries, certificateExpiry, entryName, ClusterCertError, EXTENSION_NAME } from './answer.js';
export type { ClusterCertAnswer, ClusterIdentity, EndpointKind, KubeconfigEntries, NamedEntry, OwnerExtension } from './answer.js';
export {
  parseKubeconfig,
  serialize,
  mergeEntries,
  removeEntries,
  managedClusters,
  KubeconfigParseError,
  KubeconfigConflictError,
} from './document.js';
export type { ParsedKubeconfig, MergePlan, RemovePlan, ManagedCluster, ConflictPolicy } from './document.js';
export { locateKubeconfig, withLock, writeAtomic, redactedDiff } from './files.js';
export type { KubeconfigLocation, LocationInput, LockOptions } from './files.js';
export { mergeClusterCert, removeClusterEntries, undoLastChange, listMergedClusters, UndoError } from './ops.js';
export type { FileOptions, MergeOptions, MergeResult, RemoveOptions, RemoveResult, WriteResult } from './ops.js';

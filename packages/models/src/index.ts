export type { HttpMethod, ParameterDef, RequestBodyKind, ResponseBodyKind, ResourceGroup, OperationDef } from './catalogue.js';
export { operations } from './operations.js';
export type { Operations, OperationName } from './operations.js';
export { schemas } from './schemas/index.js';
export type { SchemaName } from './schemas/index.js';
export { checkValue, isValid } from './validate.js';
export type { ValueProblem } from './validate.js';
export { matchOperation, expandPath } from './routing.js';
export type { OperationMatch } from './routing.js';
export { errorCodes, findErrorCode } from './errors.js';
export type { ErrorCodeInfo } from './errors.js';
export { regions, findRegion, cceEndpoint, iamEndpoint } from './regions.js';
export type { RegionInfo } from './regions.js';
export { clusterPhases, jobPhases, deleteResourceOptions, ltsReclaimPolicies, clusterNamePattern, tagKeyPattern, tagValuePattern } from './schemas/cluster.js';
export { addonInstanceStatuses, addonRollbackableStatuses, addonTemplateTypes } from './schemas/addon.js';
export type {
  GatewayErrorBody,
  ServiceErrorBody,
  ErrorBody,
  AutopilotClusterMetadata,
  AutopilotHostNetwork,
  AutopilotContainerNetwork,
  AutopilotNetworkSubnet,
  AutopilotEniNetwork,
  AutopilotServiceNetwork,
  AutopilotAuthentication,
  AutopilotResourceTag,
  AutopilotClusterExtendParam,
  AutopilotConfigurationItem,
  AutopilotPackageConfiguration,
  AutopilotClusterSpec,
  AutopilotClusterEndpoints,
  AutopilotClusterStatus,
  AutopilotCluster,
  AutopilotClusterList,
  AutopilotEniNetworkUpdate,
  AutopilotClusterInformationSpec,
  AutopilotClusterMetadataForUpdate,
  AutopilotClusterInformation,
  CertDuration,
  ClusterCert,
  KubeconfigClusters,
  KubeconfigUser,
  KubeconfigUsers,
  KubeconfigContext,
  KubeconfigContexts,
  ClusterCertResponse,
  JobMetadata,
  JobStatus,
  SubJob,
  JobSpec,
  Job,
  MasterEIPRequestSpecSpec,
  MasterEIPRequestSpec,
  MasterEIPRequest,
  ResourceMetadata,
  EipBandwidth,
  EipSpec,
  EndpointStatus,
  MasterEIPResponseSpec,
  MasterEIPResponse,
  OpenAPISpec,
  OpenAPIResponse,
  AddonMetadata,
  AddonFlavorResource,
  AddonFlavor,
  AddonScenario,
  AddonTemplateInput,
  AddonValues,
  SupportVersions,
  Versions,
  TemplateSpec,
  AddonTemplate,
  AddonTemplateList,
  InstanceRequestSpec,
  InstanceUpdateRequestSpec,
  InstanceRequest,
  InstanceUpdateRequest,
  AddonInstanceRollbackRequest,
  InstanceSpec,
  AddonInstanceStatus,
  AddonInstance,
  AddonInstanceList,
} from './types.js';
export { addonTemplateFixtures } from './fixtures/index.js';

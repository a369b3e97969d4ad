export { terminalSafe, terminalSafeJson } from './terminal.js';
export type { HttpMethod, ParameterDef, RequestBodyKind, ResponseBodyKind, ResourceGroup, ServiceKind, OperationDef } from './catalogue.js';
export { operations } from './operations.js';
export { networkOperations, allOperations } from './network.js';
export type { NetworkOperations, NetworkOperationName, AllOperations } from './network.js';
export type { Operations, OperationName } from './operations.js';
export { schemas } from './schemas/index.js';
export type { SchemaName } from './schemas/index.js';
export { checkValue, isValid } from './validate.js';
export type { ValueProblem } from './validate.js';
export { matchOperation, expandPath, encodeRfc3986, loneSurrogateAt } from './routing.js';
export type { OperationMatch } from './routing.js';
export { errorCodes, findErrorCode } from './errors.js';
export type { ErrorCodeInfo } from './errors.js';
export { regions, findRegion, cceEndpoint, iamEndpoint, vpcEndpoint } from './regions.js';
export type { RegionInfo } from './regions.js';
export { addonInstanceStatuses, addonRollbackableStatuses, addonTemplateTypes } from './schemas/addon.js';
export { clusterPhases, jobPhases, deleteResourceOptions, ltsReclaimPolicies, clusterNamePattern, tagKeyPattern, tagValuePattern, clusterInstallAddonsAnnotation } from './schemas/cluster.js';
export { upgradeTaskPhases, upgradeInfoPhases, precheckPhases, precheckItemPhases, postcheckPhases, snapshotPhases, workflowPhases, pointStatuses, workflowTaskTypes, precheckItemKinds, precheckItemGroups, precheckItemLevels, upgradeFeatureGateKeys, upgradeFeatureGateValues } from './schemas/upgrade.js';
export { maxClusterTags } from './schemas/tag.js';
export { releaseStatuses, releaseUpdateActions } from './schemas/release.js';
export { weekDays, weeklyPeriodPattern, upgradePlanPhases, clusterLogConfigTypes, v2JobStatuses } from './schemas/sdk-only.js';
export { listItems } from './lists.js';
export { vpcStatuses, publicipStatuses } from './schemas/network.js';
// <generated:types> (scripts/generate.mjs: the schema types, one per schema)
export type {
  GatewayErrorBody,
  ServiceErrorBody,
  ErrorBody,
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
  ChartResp,
  ChartList,
  ChartUploadParameters,
  ChartValues,
  ChartQuotas,
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
  ClusterInstallAddons,
  Vpc,
  VpcList,
  VpcAnswer,
  Subnet,
  SubnetList,
  SubnetAnswer,
  Publicip,
  PublicipList,
  PublicipAnswer,
  QuotaResource,
  QuotaResponse,
  ReleaseResp,
  ReleaseList,
  ReleaseHistory,
  ReleaseReqBodyParams,
  ReleaseValues,
  CreateReleaseReqBody,
  UpdateReleaseReqBody,
  MaintenanceWindow,
  UpgradePlanMetadata,
  UpgradePlanSpec,
  UpgradePlan,
  UpgradePlanList,
  DelayUpgradePlanRequestBody,
  FeatureGates,
  ClusterLogConfig,
  V2Job,
  V2JobList,
  ResourceTag,
  ResourceDeleteTag,
  BatchCreateClusterTagsRequestBody,
  BatchDeleteClusterTagsRequestBody,
  UpgradeMetadata,
  TaskMetadata,
  InPlaceRollingUpdate,
  UpgradeStrategy,
  UpgradeAddonConfig,
  NodeSelector,
  NodePriority,
  ClusterUpgradeAction,
  UpgradeClusterRequestBody,
  ClusterUpgradeResponseAction,
  UpgradeClusterResponse,
  UpgradeTaskStatus,
  UpgradeTask,
  UpgradeTaskList,
  ResourceSelector,
  SkippedCheckItem,
  PrecheckSpec,
  PrecheckClusterRequestBody,
  RiskSource,
  PreCheckItemStatus,
  ClusterCheckStatus,
  AddonCheckStatus,
  NodeStageStatus,
  NodeCheckStatus,
  PrecheckStatus,
  PrecheckClusterTask,
  PrecheckTaskList,
  PostcheckSpec,
  PostcheckClusterRequestBody,
  PostcheckClusterResponse,
  SnapshotClusterResponse,
  SnapshotSpecItems,
  SnapshotTask,
  SnapshotTaskList,
  UpgradeInfoStatus,
  UpgradeInfo,
  UpgradePath,
  UpgradePathList,
  UpgradeFeatureGatesResponse,
  WorkFlowSpec,
  WorkflowPoint,
  PointStatus,
  LineStatus,
  WorkFlowStatus,
  UpgradeWorkFlow,
  UpgradeWorkFlowList,
  CreateUpgradeWorkFlowRequestBody,
  UpgradeWorkFlowUpdateRequestBody,
} from './types.js';
// </generated:types>
export { addonTemplateFixtures } from './fixtures/index.js';
export type {
  ClusterPhase, JobPhase, AddonStatus, UpgradeTaskPhase, PrecheckPhase, WorkflowPhase, WorkflowPointStatus, SnapshotPhase, ReleaseStatus, UpgradePlanPhase, V2JobStatus,
} from './enums.js';
// The domain layer: phase classes, version rules, id formats and the typed operation contract.
export {
  phaseClass, isTransientPhase, isFailedPhase, isSettledPhase, phaseOf, phaseClasses,
  clusterPhaseClasses, addonInstancePhaseClasses, releasePhaseClasses, jobPhaseClasses, v2JobPhaseClasses,
  upgradeTaskPhaseClasses, upgradeInfoPhaseClasses, precheckPhaseClasses, precheckItemPhaseClasses, postcheckPhaseClasses,
  snapshotPhaseClasses, workflowPhaseClasses, workflowPointPhaseClasses, upgradePlanPhaseClasses, taskPhaseClasses,
} from './domain/phases.js';
export type { PhaseClass, PhasedResource } from './domain/phases.js';
export { compareVersions, sameMinorVersion, supportsCluster } from './domain/versions.js';
export type { ClusterSupport } from './domain/versions.js';
export { uuidPattern, iamIdPattern, isUuid, isProjectId, isDomainId } from './domain/ids.js';
export type {
  AllOperationName, OperationInput, OperationOutput, OperationBody, OperationResponseBody, MultipartBody, BinaryResponse,
} from './domain/contract.js';

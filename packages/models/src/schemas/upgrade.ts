// Cluster upgrade: upgrade tasks, pre-check, post-check, backup (snapshot), upgrade info, paths,
// feature gates and upgrade workflows (spec 03, section 4.3).
import { Type } from '@sinclair/typebox';
import { FreeObject, ResponseObject, StringEnum, StringMap } from './common.js';

/** `UpgradeTaskStatus.phase` (spec 03 section 2.4). */
export const upgradeTaskPhases = ['Init', 'Queuing', 'Running', 'Pause', 'Success', 'Failed'] as const;
/** `UpgradeInfoStatus.phase`: the upgrade task phases without `Queuing`. */
export const upgradeInfoPhases = ['Init', 'Running', 'Pause', 'Success', 'Failed'] as const;
/** `PrecheckStatus.phase` of a pre-check task (spec 03 section 2.5). */
export const precheckPhases = ['Init', 'Running', 'Success', 'Failed', 'Error'] as const;
/** Phases of the pre-check groups (cluster, add-on, node) and of each check item: no `Error`. */
export const precheckItemPhases = ['Init', 'Running', 'Success', 'Failed'] as const;
/** `PostcheckStatus.phase` (spec 03 section 2.6). */
export const postcheckPhases = ['Success', 'Failed', 'Error'] as const;
/**
 * Phases a backup (snapshot) task goes through. The reference gives no enum (only `Running` appears),
 * so the schema keeps `phase` a free string; these are the upgrade-task phases, which the emulator uses.
 */
export const snapshotPhases = ['Init', 'Queuing', 'Running', 'Success', 'Failed'] as const;
/** `WorkFlowStatus.phase` of an upgrade workflow (spec 03 section 2.2). */
export const workflowPhases = ['Init', 'Running', 'Pending', 'Success', 'Cancel'] as const;
/** `PointStatus.status` of a workflow point (spec 03 section 2.3). */
export const pointStatuses = ['Init', 'Queuing', 'Running', 'Success', 'Failed'] as const;
/** `PointStatus.taskType` / `Point.taskType`. */
export const workflowTaskTypes = ['Cluster', 'PreCheck', 'Rollback', 'Snapshot', 'PostCheck'] as const;
/** Check item `kind`, `group` and `level` of a pre-check. */
export const precheckItemKinds = ['Exception', 'Risk'] as const;
export const precheckItemGroups = ['LimitCheck', 'MasterCheck', 'NodeCheck', 'AddonCheck', 'ExecuteException'] as const;
export const precheckItemLevels = ['Info', 'Warning', 'Fatal'] as const;
/** Keys and values of the cluster-upgrade feature gates (spec 03 section 2.9). */
export const upgradeFeatureGateKeys = ['DisplayPreCheckDetail', 'EvsSnapshot', 'LabelForSkippedNode', 'UpgradeStrategy'] as const;
export const upgradeFeatureGateValues = ['Support', 'Disable', 'Default'] as const;

const timestamp = (description: string) => Type.Optional(Type.String({ description }));

export const UpgradeMetadata = ResponseObject(
  {
    uid: Type.Optional(Type.String({ description: 'Unique ID.' })),
    name: Type.Optional(Type.String({ description: 'Resource name.' })),
    labels: Type.Optional(StringMap('Resource labels (reserved).')),
    annotations: Type.Optional(StringMap('Resource annotations.')),
    updateTimestamp: timestamp('Update time.'),
    creationTimestamp: timestamp('Creation time.'),
  },
  { description: 'Generic metadata of upgrade answers (spec 03 section 3.7).' },
);

export const TaskMetadata = ResponseObject(
  {
    uid: Type.Optional(Type.String({ description: 'Task ID.' })),
    creationTimestamp: timestamp('Task creation time.'),
    updateTimestamp: timestamp('Task update time.'),
  },
  { description: 'Metadata of an upgrade, pre-check or backup task.' },
);

export const InPlaceRollingUpdate = ResponseObject(
  {
    userDefinedStep: Type.Optional(Type.Integer({ description: 'Node upgrade step size, 1-40 (20 recommended).', minimum: 1, maximum: 40, examples: [20] })),
    scope: Type.Optional(StringEnum(['Cluster', 'NodePool'], { description: 'Scope of the upgrade batches: `Cluster` (one batch setting for the whole cluster) or `NodePool` (reset for each node pool). From the SDK.' })),
  },
  { description: 'In-place upgrade configuration (Table 4-218).' },
);

export const UpgradeStrategy = ResponseObject(
  {
    type: StringEnum(['inPlaceRollingUpdate'], { description: 'Upgrade strategy; only in-place rolling update is supported.' }),
    inPlaceRollingUpdate: Type.Optional(InPlaceRollingUpdate),
  },
  { description: 'Upgrade strategy (Table 4-217).' },
);

export const UpgradeAddonConfig = ResponseObject(
  {
    addonTemplateName: Type.String({ description: 'Add-on name.' }),
    operation: StringEnum(['patch'], { description: 'Action; only `patch` in the upgrade scenario.' }),
    version: Type.String({ description: 'Target add-on version (must match the target cluster version).' }),
    values: Type.Optional(FreeObject('Add-on parameters.')),
  },
  { description: 'Add-on configuration of an upgrade (Table 4-214).' },
);

export const NodeSelector = ResponseObject(
  {
    key: Type.String({ description: 'Label key.' }),
    value: Type.Optional(Type.Array(Type.String(), { description: 'Label values.' })),
    operator: Type.String({ description: 'Label logical operator.' }),
  },
  { description: 'Node label selector (Table 4-216).' },
);

export const NodePriority = ResponseObject(
  {
    nodeSelector: NodeSelector,
    priority: Type.Integer({ description: 'Priority of this batch of nodes; 0 (default) is the lowest.' }),
  },
  { description: 'Upgrade priority of a batch of nodes (Table 4-215).' },
);

export const ClusterUpgradeAction = ResponseObject(
  {
    addons: Type.Optional(Type.Array(UpgradeAddonConfig, { description: 'Add-on configurations.' })),
    nodeOrder: Type.Optional(Type.Record(Type.String(), Type.Array(NodePriority), { description: 'Node upgrade order per node pool ID (`DefaultPool` for the default pool).' })),
    nodePoolOrder: Type.Optional(Type.Record(Type.String(), Type.Integer(), { description: 'Node pool priority per node pool ID; larger upgrades first.' })),
    strategy: UpgradeStrategy,
    targetVersion: Type.String({ description: 'Target cluster version, e.g. `v1.23`.', minLength: 1 }),
    isOnlyUpgrade: Type.Optional(Type.Boolean({ description: 'Skip the pre-upgrade check inside the upgrade (when the caller ran CreateAutopilotPreCheck itself); false by default. From the SDK.' })),
  },
  { description: 'Cluster upgrade configuration (Table 4-213).' },
);

export const UpgradeClusterRequestBody = ResponseObject(
  {
    metadata: ResponseObject({
      apiVersion: Type.String({ description: 'API version.', default: 'v3' }),
      kind: Type.String({ description: 'Resource type.', default: 'UpgradeTask' }),
    }, { description: 'Upgrade metadata (Table 4-211).' }),
    spec: ResponseObject({
      clusterUpgradeAction: Type.Optional(ClusterUpgradeAction),
    }, { description: 'Upgrade configuration (Table 4-212).' }),
  },
  { description: 'Body of UpgradeAutopilotCluster (Table 4-210).' },
);

export const ClusterUpgradeResponseAction = ResponseObject(
  {
    version: Type.Optional(Type.String({ description: 'Current cluster version.' })),
    targetVersion: Type.Optional(Type.String({ description: 'Target cluster version.' })),
    targetPlatformVersion: Type.Optional(Type.String({ description: 'Platform version of the target.' })),
    strategy: Type.Optional(UpgradeStrategy),
    config: Type.Optional(FreeObject('Cluster configuration given for the upgrade.')),
  },
  { description: 'Cluster upgrade configuration (Table 4-222).' },
);

export const UpgradeClusterResponse = ResponseObject(
  {
    metadata: Type.Optional(ResponseObject({
      uid: Type.Optional(Type.String({ description: 'Upgrade task ID (for ShowAutopilotUpgradeClusterTask).' })),
    }, { description: 'Upgrade task metadata (Table 4-220).' })),
    spec: Type.Optional(ResponseObject({
      clusterUpgradeAction: Type.Optional(ClusterUpgradeResponseAction),
    }, { description: 'Upgrade configuration (Table 4-221).' })),
  },
  { description: 'Answer of UpgradeAutopilotCluster (Table 4-219).' },
);

export const UpgradeTaskStatus = ResponseObject(
  {
    phase: Type.Optional(StringEnum(upgradeTaskPhases, { description: 'Upgrade task status.' })),
    progress: Type.Optional(Type.String({ description: 'Progress, e.g. `0.00`.' })),
    completionTime: timestamp('End time.'),
  },
  { description: 'Upgrade task status (Table 4-229).' },
);

export const UpgradeTask = ResponseObject(
  {
    apiVersion: Type.Optional(Type.String({ description: 'API version, `v3`.' })),
    kind: Type.Optional(Type.String({ description: 'Resource type, `UpgradeTask`.' })),
    metadata: Type.Optional(TaskMetadata),
    spec: Type.Optional(ResponseObject({
      version: Type.Optional(Type.String({ description: 'Cluster version before the upgrade.' })),
      targetVersion: Type.Optional(Type.String({ description: 'Target cluster version.' })),
      items: Type.Optional(FreeObject('Attached information of the task.')),
    }, { description: 'Upgrade task information (Table 4-228).' })),
    status: Type.Optional(UpgradeTaskStatus),
  },
  { description: 'An upgrade task (Table 4-226).' },
);

export const UpgradeTaskList = ResponseObject(
  {
    apiVersion: Type.Optional(Type.String({ description: 'API version.' })),
    kind: Type.Optional(Type.String({ description: 'Type, `List`.' })),
    metadata: Type.Optional(TaskMetadata),
    items: Type.Array(UpgradeTask, { description: 'Upgrade tasks.' }),
  },
  { description: 'Answer of ListAutopilotUpgradeClusterTasks (Table 4-232).' },
);

export const ResourceSelector = ResponseObject(
  {
    key: Type.String({ description: 'Label key: `node.uid`.' }),
    values: Type.Optional(Type.Array(Type.String(), { description: 'Label values.' })),
    operator: Type.String({ description: 'Operator; `In` is supported.', examples: ['In'] }),
  },
  { description: 'Resource selector of a skipped check item (node checks only).' },
);

export const SkippedCheckItem = ResponseObject(
  {
    name: Type.Optional(Type.String({ description: 'Name of the skipped check item.' })),
    resourceSelector: Type.Optional(ResourceSelector),
  },
  { description: 'A check item to skip (Table 4-240).' },
);

export const PrecheckSpec = ResponseObject(
  {
    clusterID: Type.Optional(Type.String({ description: 'Cluster ID.' })),
    clusterVersion: Type.Optional(Type.String({ description: 'Cluster version.' })),
    targetVersion: Type.Optional(Type.String({ description: 'Upgrade target version.' })),
    skippedCheckItemList: Type.Optional(Type.Array(SkippedCheckItem, { description: 'Check items to skip.' })),
  },
  { description: 'Pre-check configuration (Table 4-239).' },
);

export const PrecheckClusterRequestBody = ResponseObject(
  {
    apiVersion: Type.String({ description: 'API version.', default: 'v3' }),
    kind: Type.String({ description: 'Resource type.', default: 'PreCheckTask' }),
    spec: PrecheckSpec,
  },
  { description: 'Body of CreateAutopilotPreCheck (Table 4-238).' },
);

export const RiskSource = ResponseObject(
  {
    configurationRisks: Type.Optional(Type.Array(ResponseObject({
      package: Type.Optional(Type.String({ description: 'Component name.' })),
      sourceFile: Type.Optional(Type.String({ description: 'Path of the file concerned.' })),
      nodeMsg: Type.Optional(Type.String({ description: 'Node information.' })),
      field: Type.Optional(Type.String({ description: 'Parameter.' })),
      operation: Type.Optional(Type.String({ description: 'Modification type.' })),
      originalValue: Type.Optional(Type.String({ description: 'Original value.' })),
      value: Type.Optional(Type.String({ description: 'Current value.' })),
    }), { description: 'Configuration risks.' })),
    deprecatedAPIRisks: Type.Optional(Type.Array(ResponseObject({
      url: Type.Optional(Type.String({ description: 'Request path, e.g. `/apis/policy/v1beta1/podsecuritypolicies`.' })),
      userAgent: Type.Optional(Type.String({ description: 'Client information.' })),
    }), { description: 'Deprecated-API risks.' })),
    nodeRisks: Type.Optional(Type.Array(ResponseObject({
      NodeID: Type.Optional(Type.String({ description: 'User node ID.' })),
    }), { description: 'Node risks.' })),
    addonRisks: Type.Optional(Type.Array(ResponseObject({
      addonTemplateName: Type.Optional(Type.String({ description: 'Add-on template name.' })),
      alias: Type.Optional(Type.String({ description: 'Add-on alias.' })),
    }), { description: 'Add-on risks.' })),
  },
  { description: 'Risk items of a check (Table 4-254).' },
);

export const PreCheckItemStatus = ResponseObject(
  {
    name: Type.Optional(Type.String({ description: 'Check item name, e.g. `DeprecatedApiCheck`.' })),
    kind: Type.Optional(StringEnum(precheckItemKinds, { description: '`Exception` (must be resolved) or `Risk` (may be skipped).' })),
    group: Type.Optional(StringEnum(precheckItemGroups, { description: 'Check item group.' })),
    level: Type.Optional(StringEnum(precheckItemLevels, { description: 'Risk level.' })),
    phase: Type.Optional(StringEnum(precheckItemPhases, { description: 'Check item status.' })),
    message: Type.Optional(Type.String({ description: 'Prompt message.' })),
    riskSource: Type.Optional(RiskSource),
    errorCodes: Type.Optional(Type.Array(Type.String(), { description: 'Error codes.' })),
  },
  { description: 'Status of one check item (Table 4-253).' },
);

const checkGroupStatus = (description: string) => ResponseObject(
  {
    phase: Type.Optional(StringEnum(precheckItemPhases, { description: 'Status.' })),
    itemsStatus: Type.Optional(Type.Array(PreCheckItemStatus, { description: 'Check item statuses.' })),
  },
  { description },
);

export const ClusterCheckStatus = checkGroupStatus('Cluster restriction check status (Table 4-248).');
export const AddonCheckStatus = checkGroupStatus('Add-on check status (Table 4-249).');

export const NodeStageStatus = ResponseObject(
  {
    nodeInfo: Type.Optional(ResponseObject({
      uid: Type.Optional(Type.String({ description: 'Node UID.' })),
      name: Type.Optional(Type.String({ description: 'Node name.' })),
      status: Type.Optional(Type.String({ description: 'Status.' })),
      nodeType: Type.Optional(Type.String({ description: 'Node type.' })),
    }, { description: 'Node information (Table 4-252).' })),
    itemsStatus: Type.Optional(Type.Array(PreCheckItemStatus, { description: 'Check item statuses.' })),
  },
  { description: 'Check status of one node (Table 4-251).' },
);

export const NodeCheckStatus = ResponseObject(
  {
    phase: Type.Optional(StringEnum(precheckItemPhases, { description: 'Status.' })),
    nodeStageStatus: Type.Optional(Type.Array(NodeStageStatus, { description: 'Per-node check status.' })),
  },
  { description: 'Node check status (Table 4-250).' },
);

export const PrecheckStatus = ResponseObject(
  {
    phase: Type.Optional(StringEnum(precheckPhases, { description: 'Pre-check status.' })),
    expireTimeStamp: timestamp('Expiry time of the check result.'),
    message: Type.Optional(Type.String({ description: 'Message; usually the log of an execution error.' })),
    clusterCheckStatus: Type.Optional(ClusterCheckStatus),
    addonCheckStatus: Type.Optional(AddonCheckStatus),
    nodeCheckStatus: Type.Optional(NodeCheckStatus),
  },
  { description: 'Pre-check task status (Table 4-247).' },
);

export const PrecheckClusterTask = ResponseObject(
  {
    apiVersion: Type.Optional(Type.String({ description: 'API version, `v3`.' })),
    kind: Type.Optional(Type.String({ description: 'Resource type, `PreCheckTask`.' })),
    metadata: Type.Optional(TaskMetadata),
    spec: Type.Optional(PrecheckSpec),
    status: Type.Optional(PrecheckStatus),
  },
  { description: 'A pre-check task (create answer, Table 4-242; get answer, Table 4-260).' },
);

export const PrecheckTaskList = ResponseObject(
  {
    apiVersion: Type.Optional(Type.String({ description: 'API version.' })),
    kind: Type.Optional(Type.String({ description: 'Type, `List`.' })),
    metadata: Type.Optional(UpgradeMetadata),
    items: Type.Array(PrecheckClusterTask, { description: 'Pre-check tasks.' }),
  },
  { description: 'Answer of ListAutopilotPreCheckTasks (Table 4-278).' },
);

export const PostcheckSpec = ResponseObject(
  {
    clusterID: Type.Optional(Type.String({ description: 'Cluster ID.' })),
    clusterVersion: Type.Optional(Type.String({ description: 'Source version of the upgrade.' })),
    targetVersion: Type.Optional(Type.String({ description: 'Target version of the upgrade.' })),
  },
  { description: 'Post-upgrade confirmation configuration (Table 4-299).' },
);

export const PostcheckClusterRequestBody = ResponseObject(
  {
    apiVersion: Type.String({ description: 'API version.', default: 'v3' }),
    kind: Type.String({ description: 'Resource type, `PostCheckTask`.', default: 'PostCheckTask' }),
    spec: PostcheckSpec,
  },
  { description: 'Body of CreateAutopilotPostCheck (Table 4-298).' },
);

export const PostcheckClusterResponse = ResponseObject(
  {
    apiVersion: Type.Optional(Type.String({ description: 'API version.' })),
    kind: Type.Optional(Type.String({ description: 'Resource type.' })),
    metadata: Type.Optional(ResponseObject({ uid: Type.Optional(Type.String({ description: 'Task ID.' })) }, { description: 'Post-check metadata (Table 4-301).' })),
    spec: Type.Optional(PostcheckSpec),
    status: Type.Optional(ResponseObject({
      phase: Type.Optional(StringEnum(postcheckPhases, { description: 'Post-check status.' })),
    }, { description: 'Post-check status (Table 4-303).' })),
  },
  { description: 'Answer of CreateAutopilotPostCheck.' },
);

export const SnapshotClusterResponse = ResponseObject(
  {
    uid: Type.Optional(Type.String({ description: 'Backup task ID.' })),
    metadata: Type.Optional(ResponseObject({
      apiVersion: Type.Optional(Type.String({ description: 'API version, `v3.1`.' })),
      kind: Type.Optional(Type.String({ description: 'Task type, e.g. `Snapshot`.' })),
    }, { description: 'Backup task metadata (Table 4-306).' })),
  },
  { description: 'Answer of CreateAutopilotClusterMasterSnapshot (Table 4-305).' },
);

export const SnapshotSpecItems = ResponseObject(
  {
    id: Type.Optional(Type.String({ description: 'Sub-task ID.' })),
    type: Type.Optional(Type.String({ description: 'Sub-task type.' })),
    status: Type.Optional(Type.String({ description: 'Status (no values given by the reference).' })),
    creationTimestamp: timestamp('Creation time.'),
    updateTimestamp: timestamp('Update time.'),
    message: Type.Optional(Type.String({ description: 'Message.' })),
  },
  { description: 'Backup sub-task (Table 4-312).' },
);

export const SnapshotTask = ResponseObject(
  {
    kind: Type.Optional(Type.String({ description: 'Task type, e.g. `SnapshotTask`.' })),
    apiVersion: Type.Optional(Type.String({ description: 'API version.' })),
    metadata: Type.Optional(TaskMetadata),
    spec: Type.Optional(ResponseObject({
      items: Type.Optional(Type.Array(SnapshotSpecItems, { description: 'Backup sub-tasks.' })),
    }, { description: 'Backup task configuration (to be deprecated; Table 4-311).' })),
    status: Type.Optional(ResponseObject({
      phase: Type.Optional(Type.String({ description: 'Task status (no enum in the reference; e.g. `Running`).', examples: [...snapshotPhases] })),
      progress: Type.Optional(Type.String({ description: 'Progress, e.g. `67`.' })),
      completionTime: timestamp('Completion time.'),
    }, { description: 'Backup task status (Table 4-313).' })),
  },
  { description: 'A backup task (Table 4-309).' },
);

export const SnapshotTaskList = ResponseObject(
  {
    apiVersion: Type.Optional(Type.String({ description: 'API version, `v3.1`.' })),
    kind: Type.Optional(Type.String({ description: 'Type, `List`.' })),
    metadata: Type.Optional(TaskMetadata),
    items: Type.Array(SnapshotTask, { description: 'Backup tasks.' }),
    status: Type.Optional(ResponseObject({ latestBackupTime: timestamp('Time of the latest backup.') }, { description: 'Table 4-314.' })),
  },
  { description: 'Answer of ListAutopilotClusterMasterSnapshotTasks (Table 4-308).' },
);

export const UpgradeInfoStatus = ResponseObject(
  {
    phase: Type.Optional(StringEnum(upgradeInfoPhases, { description: 'Status of the last upgrade task.' })),
    progress: Type.Optional(Type.String({ description: 'Progress.' })),
    completionTime: timestamp('End time.'),
  },
  { description: 'Upgrade status (Table 4-321).' },
);

export const UpgradeInfo = ResponseObject(
  {
    kind: Type.Optional(Type.String({ description: 'Type, `UpgradeInfo`.' })),
    apiVersion: Type.Optional(Type.String({ description: 'API version.' })),
    metadata: Type.Optional(UpgradeMetadata),
    spec: Type.Optional(ResponseObject({
      lastUpgradeInfo: Type.Optional(UpgradeInfoStatus),
      versionInfo: Type.Optional(ResponseObject({
        release: Type.Optional(Type.String({ description: 'Release version, e.g. `v1.19.10`.' })),
        patch: Type.Optional(Type.String({ description: 'Patch version, e.g. `r0`.' })),
        suggestPatch: Type.Optional(Type.String({ description: 'Recommended target patch, e.g. `r0`.' })),
        targetVersions: Type.Optional(Type.Array(Type.String(), { description: 'Upgrade target versions.' })),
      }, { description: 'Version information (Table 4-319).' })),
      upgradeFeatureGates: Type.Optional(ResponseObject({
        supportUpgradePageV4: Type.Optional(Type.Boolean({ description: 'Whether the console upgrade page supports V4.' })),
      }, { description: 'Upgrade feature switches (Table 4-320).' })),
    }, { description: 'Upgrade information (Table 4-318).' })),
    status: Type.Optional(UpgradeInfoStatus),
  },
  { description: 'Answer of ShowAutopilotClusterUpgradeInfo (Table 4-316).' },
);

export const UpgradePath = ResponseObject(
  {
    version: Type.Optional(Type.String({ description: 'Cluster version (`v1.19.16-r20` up to v1.19, `v1.23` from v1.21).' })),
    platformVersion: Type.Optional(Type.String({ description: 'Platform version `cce.X.Y`.' })),
    targetVersions: Type.Optional(Type.Array(Type.String(), { description: 'Versions this one can be upgraded to.' })),
  },
  { description: 'An upgrade path (Table 4-325).' },
);

export const UpgradePathList = ResponseObject(
  {
    apiVersion: Type.Optional(Type.String({ description: 'API version.' })),
    kind: Type.Optional(Type.String({ description: 'Resource type, `ClusterUpgradePaths`.' })),
    metadata: Type.Optional(UpgradeMetadata),
    upgradePaths: Type.Optional(Type.Array(UpgradePath, { description: 'Upgrade paths.' })),
  },
  { description: 'Answer of ListAutopilotClusterUpgradePaths (Table 4-323).' },
);

export const UpgradeFeatureGatesResponse = ResponseObject(
  {
    apiVersion: Type.Optional(Type.String({ description: 'API version.' })),
    kind: Type.Optional(Type.String({ description: 'Resource type, `ClusterUpgradeFeatureGates`.' })),
    metadata: Type.Optional(UpgradeMetadata),
    upgradeFeatureGates: Type.Optional(Type.Record(Type.String(), Type.String(), {
      description: 'Feature switches: `DisplayPreCheckDetail`, `EvsSnapshot`, `LabelForSkippedNode`, `UpgradeStrategy` -> `Support`, `Disable` or `Default`.',
    })),
  },
  { description: 'Answer of ListAutopilotClusterUpgradeFeatureGates (Table 4-327).' },
);

export const WorkFlowSpec = ResponseObject(
  {
    clusterID: Type.Optional(Type.String({ description: 'Cluster ID (ignored in requests).' })),
    clusterVersion: Type.Optional(Type.String({ description: 'Current cluster version.' })),
    targetVersion: Type.String({ description: 'Target version of the upgrade.', minLength: 1 }),
  },
  { description: 'Upgrade workflow configuration (Table 4-332).' },
);

export const WorkflowPoint = ResponseObject(
  { taskType: Type.Optional(StringEnum(workflowTaskTypes, { description: 'Upgrade task type.' })) },
  { description: 'A point of a workflow line (Table 4-339).' },
);

// Tables and most answers say `taskID`; one answer says `taskId`, so both are described.
export const PointStatus = ResponseObject(
  {
    taskType: Type.Optional(StringEnum(workflowTaskTypes, { description: 'Upgrade task type.' })),
    taskID: Type.Optional(Type.String({ description: 'ID of the task behind this point.' })),
    taskId: Type.Optional(Type.String({ description: 'Spelling of `taskID` seen in one answer.' })),
    status: Type.Optional(StringEnum(pointStatuses, { description: 'Point status.' })),
    startTimeStamp: timestamp('Task start time.'),
    endTimeStamp: timestamp('Task end time.'),
    expireTimeStamp: timestamp('Task expiry time (pre-check only).'),
  },
  { description: 'Status of one workflow task (Table 4-337).' },
);

export const LineStatus = ResponseObject(
  {
    startPoint: Type.Optional(WorkflowPoint),
    endPoint: Type.Optional(WorkflowPoint),
    critical: Type.Optional(Type.String({ description: 'Whether this is a critical line.' })),
  },
  { description: 'A task line (edge) of a workflow (Table 4-338).' },
);

export const WorkFlowStatus = ResponseObject(
  {
    phase: Type.Optional(StringEnum(workflowPhases, { description: 'Workflow status.' })),
    pointStatuses: Type.Optional(Type.Array(PointStatus, { description: 'Status of each task.' })),
    lineStatuses: Type.Optional(Type.Array(LineStatus, { description: 'Task lines.' })),
  },
  { description: 'Workflow status (Table 4-336).' },
);

export const UpgradeWorkFlow = ResponseObject(
  {
    kind: Type.Optional(Type.String({ description: 'Fixed value `WorkFlowTask`.' })),
    apiVersion: Type.Optional(Type.String({ description: 'Fixed value `v3`.' })),
    metadata: Type.Optional(UpgradeMetadata),
    spec: Type.Optional(ResponseObject({
      clusterID: Type.Optional(Type.String({ description: 'Cluster ID.' })),
      clusterVersion: Type.Optional(Type.String({ description: 'Cluster version at the start.' })),
      targetVersion: Type.Optional(Type.String({ description: 'Target version.' })),
    }, { description: 'Upgrade workflow configuration.' })),
    status: Type.Optional(WorkFlowStatus),
  },
  { description: 'An upgrade workflow (WorkFlowTask, Table 4-343).' },
);

export const UpgradeWorkFlowList = ResponseObject(
  {
    kind: Type.Optional(Type.String({ description: 'Fixed value `List`.' })),
    apiVersion: Type.Optional(Type.String({ description: 'Fixed value `v3`.' })),
    // The reference's table (4-342) and the official SDK say `items` is one UpgradeWorkFlow object;
    // the reference's example answers an array. Readers accept both (use `listItems`). The emulator
    // sends the array: a list answer has to carry every workflow of the cluster, which one object
    // cannot, and the example is the only sight of the real wire format we have.
    items: Type.Union([Type.Array(UpgradeWorkFlow), UpgradeWorkFlow], { description: 'Upgrade workflows (an array; the table says one object).' }),
  },
  { description: 'Answer of ListAutopilotUpgradeWorkFlows (Table 4-342).' },
);

export const CreateUpgradeWorkFlowRequestBody = ResponseObject(
  {
    kind: StringEnum(['WorkFlowTask'], { description: 'Fixed value `WorkFlowTask`.' }),
    apiVersion: StringEnum(['v3'], { description: 'Fixed value `v3`.' }),
    spec: WorkFlowSpec,
  },
  { description: 'Body of CreateAutopilotUpgradeWorkFlow (Table 4-331).' },
);

export const UpgradeWorkFlowUpdateRequestBody = ResponseObject(
  {
    status: Type.Optional(ResponseObject({
      // The table copies the five workflow phases, but 4.3.17 accepts only Cancel.
      phase: Type.Optional(StringEnum(['Cancel'], { description: 'New workflow status; only `Cancel` is supported.' })),
    }, { description: 'Workflow status after the update (Table 4-362).' })),
  },
  { description: 'Body of UpgradeAutopilotWorkFlowUpdate (Table 4-361).' },
);

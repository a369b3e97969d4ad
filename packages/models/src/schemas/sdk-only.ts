// Objects of the operations the official Go SDK (huaweicloud-sdk-go-v3, services/cce/v3/model) has
// and the reference does not: maintenance windows, upgrade plans, feature gates, log configs and
// the v2 jobs. Field names and required-ness are the SDK's; descriptions translate its comments.
import { Type } from '@sinclair/typebox';
import { FreeObject, ResponseObject, StringEnum, StringMap } from './common.js';

export const weekDays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
/** `weekly_period`: week days from {@link weekDays}, comma separated (`Friday,Saturday`). */
export const weeklyPeriodPattern = `^(${weekDays.join('|')})(,(${weekDays.join('|')}))*$`;

export const MaintenanceWindow = ResponseObject(
  {
    weekly_period: Type.String({ pattern: weeklyPeriodPattern, description: 'Upgrade days, comma separated from Monday,...,Sunday, e.g. `Friday,Saturday`.', errorMessage: 'must be week days separated by commas, e.g. "Friday,Saturday"' }),
    start_time: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'Start of the window, `HH:MM` in UTC.', errorMessage: 'must be a UTC time HH:MM, e.g. "02:00"' }),
    duration_hours: Type.Integer({ minimum: 1, maximum: 24, description: 'Length of the window in hours.' }),
    upgrade_scope: Type.Optional(Type.String({ description: 'Versions upgraded automatically; only patch versions are supported now.' })),
  },
  { description: 'Maintenance window of automatic upgrades (SDK model MaintenanceWindow).' },
);

export const upgradePlanPhases = ['Pending', 'Enqueued', 'Upgrading', 'Success', 'Failed', 'Skipped'] as const;

export const UpgradePlanMetadata = ResponseObject(
  {
    uid: Type.Optional(Type.String({ description: 'Upgrade plan ID.' })),
    name: Type.Optional(Type.String({ description: 'Name.' })),
    labels: Type.Optional(StringMap('Labels.')),
    annotations: Type.Optional(StringMap('Annotations.')),
    updateTimestamp: Type.Optional(Type.String({ description: 'Update time.' })),
    creationTimestamp: Type.Optional(Type.String({ description: 'Creation time.' })),
  },
  { description: 'Metadata (SDK model Metadata).' },
);

export const UpgradePlanSpec = ResponseObject(
  {
    clusterID: Type.String({ description: 'Cluster ID.' }),
    clusterVersion: Type.String({ description: 'Current cluster version.' }),
    targetVersion: Type.String({ description: 'Target version of this upgrade.' }),
    notBefore: Type.String({ description: 'Earliest start of the automatic upgrade (UTC); before notBeforeDeadline.' }),
    notAfter: Type.String({ description: 'Latest time of the automatic upgrade (UTC).' }),
    notBeforeDeadline: Type.String({ description: 'Deadline for the start of the automatic upgrade (UTC).' }),
  },
  { description: 'Upgrade plan specification (SDK model UpgradePlanSpec).' },
);

export const UpgradePlan = ResponseObject(
  {
    kind: Type.String({ description: 'Fixed value `UpgradePlan`.' }),
    apiVersion: Type.String({ description: 'Fixed value `v3`.' }),
    metadata: UpgradePlanMetadata,
    spec: UpgradePlanSpec,
    status: ResponseObject({ phase: StringEnum(upgradePlanPhases, { description: 'Upgrade plan status.' }) }, { description: 'Upgrade plan status (SDK model UpgradePlanStatus).' }),
  },
  { description: 'An automatic upgrade plan (SDK model UpgradePlan).' },
);

export const UpgradePlanList = ResponseObject(
  {
    kind: Type.Optional(Type.String({ description: 'Fixed value `List`.' })),
    apiVersion: Type.Optional(Type.String({ description: 'Fixed value `v3`.' })),
    // The SDK types `items` as one UpgradePlan, as it does the workflow list's (whose reference
    // example answers an array). Readers accept both (`listItems`); the emulator sends an array for
    // the reason given at UpgradeWorkFlowList.
    items: Type.Optional(Type.Union([Type.Array(UpgradePlan), UpgradePlan], { description: 'Upgrade plans (an array; the SDK says one object).' })),
  },
  { description: 'Answer of ListAutopilotUpgradePlans.' },
);

export const DelayUpgradePlanRequestBody = ResponseObject(
  { notBefore: Type.String({ minLength: 1, description: 'New start of the plan (UTC, RFC 3339); must be before notBeforeDeadline.' }) },
  { description: 'Body of UpdateAutopilotUpgradePlan: delay the plan (SDK model DelayUpgradePlanRequestBody).' },
);

export const FeatureGates = ResponseObject(
  {
    kind: Type.Optional(Type.String({ description: 'Fixed value `Configuration`.' })),
    apiVersion: Type.Optional(Type.String({ description: 'Fixed value `v3.1`.' })),
    spec: Type.Optional(FreeObject('Feature switches by name; the SDK leaves their shape open.')),
  },
  { description: 'Answer of ShowAutopilotFeatureGates.' },
);

export const clusterLogConfigTypes = ['control', 'audit', 'system-addon'] as const;

export const ClusterLogConfig = ResponseObject(
  {
    ttl_in_days: Type.Optional(Type.Integer({ description: 'Days the logs are kept.' })),
    log_configs: Type.Optional(Type.Array(ResponseObject({
      name: Type.Optional(Type.String({ description: 'Log type (component name).' })),
      enable: Type.Optional(Type.Boolean({ description: 'Whether it is collected.' })),
    }, { description: 'One log type (SDK model AutopilotClusterLogConfigLogConfigs).' }), { description: 'Log types and whether each is collected.' })),
  },
  { description: 'Answer of ShowAutopilotClusterConfig: the cluster\'s log collection.' },
);

export const v2JobStatuses = ['Initializing', 'Running', 'Failed', 'Success'] as const;

const V2JobFields = {
  kind: Type.Optional(Type.String({ description: 'Fixed value `Job`.' })),
  apiVersion: Type.Optional(Type.String({ description: 'Fixed value `v3`.' })),
  metadata: Type.Optional(ResponseObject({
    uid: Type.Optional(Type.String({ description: 'Job ID.' })),
    creationTimestamp: Type.Optional(Type.String({ description: 'Creation time.' })),
    updateTimestamp: Type.Optional(Type.String({ description: 'Update time.' })),
  }, { description: 'Job metadata (SDK model V2JobTypeObject).' })),
  spec: Type.Optional(ResponseObject({
    type: Type.Optional(Type.String({ description: 'Job type, e.g. `CreateCluster`.' })),
    clusteruid: Type.Optional(Type.String({ description: 'Cluster ID.' })),
    resourceid: Type.Optional(Type.String({ description: 'Resource ID.' })),
    resourcename: Type.Optional(Type.String({ description: 'Resource name.' })),
    extendparam: Type.Optional(StringMap('Extension parameters of the job.')),
    subjobs: Type.Optional(Type.Array(FreeObject('A sub-job, itself a V2Job.'), { description: 'Sub-jobs.' })),
  }, { description: 'Job specification (SDK model V2JobSpec).' })),
  status: Type.Optional(ResponseObject({
    status: Type.Optional(StringEnum(v2JobStatuses, { description: 'Job status.' })),
    reason: Type.Optional(Type.String({ description: 'Why the job failed.' })),
    completionTime: Type.Optional(Type.String({ description: 'Completion time.' })),
  }, { description: 'Job status (SDK model V2JobStatus).' })),
};

export const V2Job = ResponseObject(V2JobFields, { description: 'A job of the v2 job API (SDK model V2Job).' });

export const V2JobList = Type.Array(V2Job, { description: 'Answer of ListAutopilotJobs: a bare array of jobs.' });

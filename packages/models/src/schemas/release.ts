// Releases (模板实例): create, update (upgrade/rollback), get, list, history (spec 04, section 4.6).
import { Type } from '@sinclair/typebox';
import { ResponseObject, StringEnum } from './common.js';

/** `ReleaseResp.status` (spec 04 section 0.2). */
export const releaseStatuses = [
  'DEPLOYED', 'DELETED', 'FAILED', 'DELETING', 'PENDING_INSTALL', 'PENDING_UPGRADE', 'PENDING_ROLLBACK', 'UNKNOWN',
] as const;

/** `action` of UpdateAutopilotRelease. */
export const releaseUpdateActions = ['upgrade', 'rollback'] as const;

export const ReleaseResp = ResponseObject(
  {
    chart_name: Type.Optional(Type.String({ description: 'Chart name.' })),
    chart_public: Type.Optional(Type.Boolean({ description: 'Whether the chart is public.' })),
    chart_version: Type.Optional(Type.String({ description: 'Chart version.' })),
    cluster_id: Type.Optional(Type.String({ description: 'Cluster ID.' })),
    cluster_name: Type.Optional(Type.String({ description: 'Cluster name.' })),
    create_at: Type.Optional(Type.String({ description: 'Creation time.' })),
    description: Type.Optional(Type.String({ description: 'Release description.' })),
    name: Type.Optional(Type.String({ description: 'Release name.' })),
    namespace: Type.Optional(Type.String({ description: 'Namespace of the release.' })),
    parameters: Type.Optional(Type.String({ description: 'Release parameters.' })),
    resources: Type.Optional(Type.String({ description: 'Resources the release needs.' })),
    status: Type.Optional(StringEnum(releaseStatuses, { description: 'Release status.' })),
    status_description: Type.Optional(Type.String({ description: 'Release status description.' })),
    update_at: Type.Optional(Type.String({ description: 'Update time.' })),
    values: Type.Optional(Type.String({ description: 'Release values as a serialized JSON string.' })),
    version: Type.Optional(Type.Integer({ description: 'Release version (revision number).' })),
  },
  { description: 'A release (Table 4-392).' },
);

// The reference types the list and history answers as Array<Array<ReleaseResp>>, but its examples
// and the SDK use a flat array, which is what the service sends.
export const ReleaseList = Type.Array(ReleaseResp, { description: 'Answer of ListAutopilotReleases: a flat JSON array of releases.' });
export const ReleaseHistory = Type.Array(ReleaseResp, { description: 'Answer of ShowAutopilotReleaseHistory: one release per revision.' });

export const ReleaseReqBodyParams = ResponseObject(
  {
    dry_run: Type.Optional(Type.Boolean({ description: 'Only validate the chart parameters; do not install.' })),
    name_template: Type.Optional(Type.String({ description: 'Release name template.' })),
    no_hooks: Type.Optional(Type.Boolean({ description: 'Disable hooks during installation.' })),
    replace: Type.Optional(Type.Boolean({ description: 'Replace a release with the same name.' })),
    recreate: Type.Optional(Type.Boolean({ description: 'Recreate the release.' })),
    reset_values: Type.Optional(Type.Boolean({ description: 'Reset values during an update.' })),
    release_version: Type.Optional(Type.Integer({ description: 'Release version to roll back to.' })),
    include_hooks: Type.Optional(Type.Boolean({ description: 'Enable hooks during update or deletion.' })),
  },
  { description: 'Release parameters (Table 4-396).' },
);

export const ReleaseValues = ResponseObject(
  {
    imagePullPolicy: Type.Optional(Type.String({ description: 'Image pull policy.' })),
    imageTag: Type.Optional(Type.String({ description: 'Image tag.' })),
  },
  { description: 'Release values: the chart\'s values.yaml overrides (free-form; these two keys are the documented ones; Table 4-397).', additionalProperties: true },
);

export const CreateReleaseReqBody = ResponseObject(
  {
    chart_id: Type.String({ description: 'Chart ID.', minLength: 1 }),
    description: Type.Optional(Type.String({ description: 'Release description.' })),
    name: Type.String({ description: 'Release name.', minLength: 1 }),
    namespace: Type.String({ description: 'Namespace of the release.', minLength: 1 }),
    version: Type.String({ description: 'Release version number (the chart version, e.g. `3.0.1`).', minLength: 1 }),
    parameters: Type.Optional(ReleaseReqBodyParams),
    values: ReleaseValues,
  },
  { description: 'Body of CreateAutopilotRelease (Table 4-395).' },
);

export const UpdateReleaseReqBody = ResponseObject(
  {
    chart_id: Type.String({ description: 'Chart ID.', minLength: 1 }),
    action: StringEnum(releaseUpdateActions, { description: '`upgrade` or `rollback`.' }),
    parameters: ReleaseReqBodyParams,
    values: ReleaseValues,
  },
  { description: 'Body of UpdateAutopilotRelease (Table 4-408); for rollback, `parameters.release_version` is the target revision.' },
);

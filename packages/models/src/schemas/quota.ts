// CCE resource quotas (spec 04, section 4.4).
import { Type } from '@sinclair/typebox';
import { ResponseObject } from './common.js';

export const QuotaResource = ResponseObject(
  {
    quotaKey: Type.Optional(Type.String({ description: 'Resource type (quota key), e.g. `autopilot_cluster`.' })),
    quotaLimit: Type.Optional(Type.Integer({ description: 'Quota value.' })),
    used: Type.Optional(Type.Integer({ description: 'Resources already created.' })),
    unit: Type.Optional(Type.String({ description: 'Unit, e.g. `count`.' })),
    regionId: Type.Optional(Type.String({ description: 'Region ID; absent when the resource has no region dimension.' })),
    availabilityZoneId: Type.Optional(Type.String({ description: 'AZ ID; absent when the resource has no AZ dimension.' })),
  },
  { description: 'Quota of one resource type (Table 4-373).' },
);

export const QuotaResponse = ResponseObject(
  { quotas: Type.Array(QuotaResource, { description: 'Resource quotas.' }) },
  { description: 'Answer of ShowAutopilotQuotas (Table 4-372).' },
);

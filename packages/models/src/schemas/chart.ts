// Charts (模板): upload/update (multipart), list, get, values, quotas (spec 04, section 4.6).
import { Type } from '@sinclair/typebox';
import { FreeObject, ResponseObject } from './common.js';

export const ChartResp = ResponseObject(
  {
    id: Type.Optional(Type.String({ description: 'Chart ID.' })),
    name: Type.Optional(Type.String({ description: 'Chart name.' })),
    values: Type.Optional(Type.String({ description: 'The chart\'s values.yaml content as a serialized JSON string.' })),
    translate: Type.Optional(Type.String({ description: 'Chart translation resources.' })),
    instruction: Type.Optional(Type.String({ description: 'Chart introduction (README.md).' })),
    version: Type.Optional(Type.String({ description: 'Chart version.' })),
    description: Type.Optional(Type.String({ description: 'Chart description.' })),
    source: Type.Optional(Type.String({ description: 'Chart source.' })),
    icon_url: Type.Optional(Type.String({ description: 'Chart icon URL.' })),
    public: Type.Optional(Type.Boolean({ description: 'Whether the chart is public.' })),
    chart_url: Type.Optional(Type.String({ description: 'Chart URL, e.g. `neo4j-3.0.1.tgz`.' })),
    create_at: Type.Optional(Type.String({ description: 'Creation time.' })),
    update_at: Type.Optional(Type.String({ description: 'Update time.' })),
  },
  { description: 'A chart (Table 4-387).' },
);

export const ChartList = Type.Array(ChartResp, { description: 'Answer of ListAutopilotCharts: a bare JSON array of charts (Table 4-386).' });

/**
 * The JSON document carried by the `parameters` text part of the chart upload/update form
 * (the `content` part carries the .tgz archive).
 */
export const ChartUploadParameters = ResponseObject(
  {
    override: Type.Optional(Type.Boolean({ description: 'Overwrite an existing chart with the same name and version.' })),
    skip_lint: Type.Optional(Type.Boolean({ description: 'Whether to skip validating (linting) the uploaded chart.' })),
    source: Type.Optional(Type.String({ description: 'Chart source, e.g. `package`.' })),
    visible: Type.Optional(Type.Boolean({ description: 'Whether the chart is visible.' })),
  },
  { description: 'Upload options: the JSON text of the `parameters` form field (Table 4-383).' },
);

export const ChartValues = ResponseObject(
  { values: Type.Optional(FreeObject('The data of values.yaml; its structure depends on the chart.')) },
  { description: 'Answer of ShowAutopilotChartValues (Table 4-426).' },
);

export const ChartQuotas = ResponseObject(
  {
    quotas: Type.Optional(ResponseObject({
      resources: Type.Optional(Type.Array(ResponseObject({
        type: Type.Optional(Type.String({ description: 'Type, e.g. `Charts`.' })),
        quota: Type.Optional(Type.Integer({ description: 'Quota.' })),
        used: Type.Optional(Type.Integer({ description: 'Amount used.' })),
      }, { description: 'Quota of one resource (Table 4-435).' }), { description: 'Resources.' })),
    }, { description: 'Chart quota (Table 4-434).' })),
  },
  { description: 'Answer of ShowAutopilotUserChartsQuotas (Table 4-433).' },
);

export { startServer } from './start.js';
export { SchemaStore, bindingKey, describeBinding } from './schema-store.js';
export type { ResolvedSchema } from './schema-store.js';
export {
  SchemaRequest,
  SchemasChangedNotification,
  SYNTAX_DIAGNOSTIC_CODES,
  NO_SCHEMA_DIAGNOSTIC_CODE,
} from './protocol.js';
export type { SchemaRequestParams, SchemaRequestResult, SchemasChangedParams, ValuesServerInitializationOptions } from './protocol.js';
export { VALUES_URI_SCHEME, buildValuesUri, parseValuesUri, parseBindingComment, formatBindingComment, bindingOf } from '@cce-autopilot/values';
export type { ValuesBinding } from '@cce-autopilot/values';

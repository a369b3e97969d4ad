export type { HttpMethod, ParameterDef, RequestBodyKind, ResponseBodyKind, ResourceGroup, OperationDef } from './catalogue.js';
export { operations } from './operations.js';
export type { Operations, OperationName } from './operations.js';

import { Type } from '@sinclair/typebox';
import type { TSchema, ObjectOptions, SchemaOptions, TProperties, TObject, TUnion, TLiteral } from '@sinclair/typebox';

/**
 * Response objects: the real server adds fields the reference never lists (`eniSubnetId`,
 * `resourceJobId`...), so response shapes never forbid extra properties.
 */
export function ResponseObject<T extends TProperties>(properties: T, options: ObjectOptions = {}): TObject<T> {
  return Type.Object(properties, options);
}

/** A string -> string map (annotations, labels). */
export function StringMap(description: string) {
  return Type.Record(Type.String(), Type.String(), { description });
}

/** A string enum from a const tuple, keeping the literal union as the static type. */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: SchemaOptions & { default?: T[number] } = {},
): TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }> {
  // A union of literals (not `Type.Unsafe` with `enum`) so TypeCompiler and JSON Schema walkers
  // both understand it; checkValue turns its union error into "must be one of ...". Array.map
  // cannot keep the tuple's literal types, so the union's static type is stated here.
  return Type.Union(values.map((v) => Type.Literal(v)), options) as TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }>;
}

/** Any JSON object whose fields the reference does not describe. */
export function FreeObject(description: string) {
  return Type.Record(Type.String(), Type.Unknown(), { description });
}

/** Gateway-level failure (authentication, signature, throttling at the API gateway). */
export const GatewayErrorBody = Type.Object(
  {
    error_code: Type.String({ description: 'Gateway error code, e.g. `APIGW.0301`.' }),
    error_msg: Type.String({ description: 'Error description.' }),
    request_id: Type.Optional(Type.String({ description: 'Request id, also sent as `X-Request-Id`.' })),
  },
  { description: 'Error body of gateway-level failures (spec 01 section 3.3).' },
);

/** Service failure with a CCE error code (spec 01 section 7.2). */
export const ServiceErrorBody = Type.Object(
  {
    errorCode: Type.String({ description: 'CCE error code, e.g. `CCE.01404001`.' }),
    errorMessage: Type.String({ description: 'Error description.' }),
  },
  { description: 'Error body of service failures (spec 01 section 7.2).' },
);

/** Either error body; clients accept both. */
export const ErrorBody = Type.Union([GatewayErrorBody, ServiceErrorBody], {
  description: 'An error body: gateway format or service format.',
});


/** A field the service may send as JSON `null` (e.g. `values`, `targetVersions`, `supportVersions`). */
export function Nullable<T extends TSchema>(schema: T, options: SchemaOptions = {}) {
  return Type.Union([schema, Type.Null()], { description: schema.description, ...options });
}

import type { TSchema } from '@sinclair/typebox';

/** HTTP methods the CCE Autopilot API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A path or query parameter of an operation. */
export interface ParameterDef {
  readonly name: string;
  readonly required: boolean;
  readonly type: 'string' | 'integer' | 'boolean';
  readonly enum?: readonly string[];
  /** The server's default when the parameter is absent (documentation only; clients do not send it). */
  readonly default?: string;
  readonly description: string;
}

/**
 * How a request body travels: JSON, or multipart/form-data (chart upload/update: the archive under
 * `content` and a JSON `parameters` field), or none.
 */
export type RequestBodyKind = 'json' | 'multipart' | 'none';

/**
 * How the success answer travels: JSON, a binary download (chart archive), plain text (addon
 * delete answers a text body), or nothing.
 */
export type ResponseBodyKind = 'json' | 'binary' | 'text' | 'empty';

/** Resource groups, used by the CLI and the docs to group operations. */
export type ResourceGroup = 'cluster' | 'job' | 'addon' | 'upgrade' | 'quota' | 'tag' | 'chart' | 'release' | 'network';

/** Which service's endpoint an operation is sent to; CCE when absent. */
export type ServiceKind = 'cce' | 'vpc';

/** One API operation, as data. Every consumer (client, emulator, CLI, docs) derives from this. */
export interface OperationDef<
  Name extends string = string,
  Req extends TSchema | undefined = TSchema | undefined,
  Res extends TSchema | undefined = TSchema | undefined,
> {
  readonly name: Name;
  /** Section of the official reference (e.g. "4.1.1"), or "SDK" for operations only the official SDK describes. */
  readonly section: string;
  readonly title: string;
  readonly titleZh: string;
  readonly group: ResourceGroup;
  readonly method: HttpMethod;
  /** Path template with `{param}` placeholders, exactly as in the reference. */
  readonly path: string;
  readonly pathParams: readonly ParameterDef[];
  readonly query: readonly ParameterDef[];
  readonly requestKind: RequestBodyKind;
  /**
   * Schema of the JSON body; for `multipart` operations, of the JSON document in the `parameters`
   * form field (the archive travels in `content`). Undefined when there is no body.
   */
  readonly requestSchema: Req;
  readonly responseKind: ResponseBodyKind;
  /** Schema of the JSON answer; undefined for binary, text and empty answers. */
  readonly responseSchema: Res;
  readonly successStatus: readonly number[];
  /** Whether the project id travels in the path; when not, the signed `X-Project-Id` header carries it. */
  readonly projectIdInPath: boolean;
  /** The service whose regional endpoint serves it (`vpc.{region}...` for VPC/EIP); CCE when absent. */
  readonly service?: ServiceKind;
  /** Response headers that carry part of the answer (the certificate's `Port-ID`); the client exposes them. */
  readonly responseHeaders?: readonly string[];
}

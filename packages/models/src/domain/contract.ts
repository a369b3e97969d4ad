// The typed operation contract, derived from the catalogue: what a call of operation N takes and
// what it answers. The client's methods, the emulator's handlers and the extension's API port all
// use these, so a change of the catalogue is a compile error wherever it matters.
import type { Static, TSchema } from '@sinclair/typebox';
import type { AllOperations } from '../network.js';

/** Every operation name of the catalogue, the VPC/EIP operations included. */
export type AllOperationName = keyof AllOperations & string;

/** The body of a multipart operation (chart upload/update). */
export interface MultipartBody {
  readonly content: Blob | Uint8Array;
  /** File name sent with the `content` part; defaults to `chart.tgz`. */
  readonly filename?: string;
  /** The `parameters` form field: upload options such as `{override, skip_lint, source, visible}`. */
  readonly parameters?: Readonly<Record<string, unknown>> | string;
}

/** A streamed download (chart archive). Read `body` once; it is not buffered. */
export interface BinaryResponse {
  readonly body: NodeJS.ReadableStream & AsyncIterable<Uint8Array>;
  readonly contentType: string | undefined;
  readonly contentLength: number | undefined;
  readonly requestId: string | undefined;
}

type Ops = AllOperations;
type StaticOf<S> = S extends TSchema ? Static<S> : unknown;
type QueryValue<P> = P extends { readonly enum: readonly (infer E)[] } ? E : string | number | boolean;
type ParamOf<O> = O extends { readonly pathParams: readonly (infer P)[] } ? P : never;
type ParamNameOf<O> = ParamOf<O> extends { readonly name: infer K } ? K : never;
type QueryOf<O> = O extends { readonly query: readonly (infer P)[] } ? P : never;

type PathInput<O> = {
  [P in ParamOf<O> as P extends { readonly name: infer K extends string } ? (K extends 'project_id' ? never : K) : never]: string;
} & ('project_id' extends ParamNameOf<O> ? { project_id?: string } : unknown);

type QueryInput<O> = {
  [P in QueryOf<O> as P extends { readonly name: infer K extends string; readonly required: true } ? K : never]: QueryValue<P>;
} & {
  [P in QueryOf<O> as P extends { readonly name: infer K extends string; readonly required: false } ? K : never]?: QueryValue<P>;
};

type BodyInput<O> = O extends { readonly requestKind: 'json'; readonly requestSchema: infer S }
  ? { body: StaticOf<S> }
  : O extends { readonly requestKind: 'multipart' }
    ? { body: MultipartBody }
    : unknown;

/** What a call takes, flat: path parameters (project id optional), query parameters and `body`. */
export type OperationInput<N extends AllOperationName> = PathInput<Ops[N]> & QueryInput<Ops[N]> & BodyInput<Ops[N]>;

/** The JSON request body of operation N (`never` for operations without one). */
export type OperationBody<N extends AllOperationName> = Ops[N] extends { readonly requestKind: 'json'; readonly requestSchema: infer S }
  ? StaticOf<S>
  : Ops[N] extends { readonly requestKind: 'multipart' } ? MultipartBody : never;

type HeadersOf<O> = O extends { readonly responseHeaders: readonly (infer H extends string)[] }
  ? { /** Answer headers the catalogue names (not enumerable: not part of the JSON). */ readonly responseHeaders: Readonly<Partial<Record<H, string>>> }
  : unknown;

/** What a call answers: the parsed JSON, a stream (chart archive), text (addon delete) or nothing. */
export type OperationOutput<N extends AllOperationName> = Ops[N] extends { readonly responseKind: infer K; readonly responseSchema: infer S }
  ? K extends 'json'
    ? StaticOf<S> & HeadersOf<Ops[N]>
    : K extends 'binary'
      ? BinaryResponse
      : K extends 'text'
        ? string
        : void
  : never;

/** The JSON answer of operation N without the header view (what a server sends as the body). */
export type OperationResponseBody<N extends AllOperationName> = Ops[N] extends { readonly responseKind: 'json'; readonly responseSchema: infer S }
  ? StaticOf<S>
  : never;

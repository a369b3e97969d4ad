// What a handler of one catalogue operation gets and gives, typed from the catalogue itself: path
// parameters by name, query parameters by name, and the JSON body as the models' OperationBody<N>
// (the server has checked it against the operation's request schema before the handler runs).
import type { IncomingMessage } from 'node:http';
import type { AllOperationName, AllOperations, OperationBody, OperationDef, OperationResponseBody } from '@cce-autopilot/models';
import type { Family } from '../errors.js';
import type { Project } from '../records.js';
import type { World } from '../world.js';

type Ops = AllOperations;

/** Every operation the emulator serves: the 61 CCE Autopilot operations and the VPC/EIP reads. */
export type EmulatedOperationName = AllOperationName;

type NamesOf<L> = L extends readonly (infer P)[] ? (P extends { readonly name: infer K extends string } ? K : never) : never;

export type PathParams<N extends EmulatedOperationName> = { readonly [K in NamesOf<Ops[N]['pathParams']>]: string };
export type QueryName<N extends EmulatedOperationName> = NamesOf<Ops[N]['query']>;

/** The query string, readable only by the names the catalogue gives the operation (URLSearchParams fits). */
export interface Query<N extends EmulatedOperationName> {
  get(name: QueryName<N>): string | null;
}

/** The checked JSON body; `undefined` for operations without one (multipart ones get `form`). */
export type RequestBody<N extends EmulatedOperationName> = Ops[N] extends { readonly requestKind: 'json' } ? OperationBody<N> : undefined;
export type RequestForm<N extends EmulatedOperationName> = Ops[N] extends { readonly requestKind: 'multipart' } ? FormData : undefined;

/** What a handler gets: the matched operation, its decoded inputs, the caller's project and the world. */
export interface OpRequest<N extends EmulatedOperationName> {
  op: OperationDef;
  params: PathParams<N>;
  query: Query<N>;
  body: RequestBody<N>;
  form: RequestForm<N>;
  headers: IncomingMessage['headers'];
  project: Project;
  projectId: string;
  world: World;
  family: Family;
}

export interface OpResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * What a handler of operation N answers: for a JSON operation the body is the catalogue's answer
 * type, so a renderer that drops a required field or sends a value outside an enum does not compile.
 */
export interface TypedResult<N extends EmulatedOperationName> extends OpResult {
  body?: ResponseBody<N>;
}

/** The JSON answer of N; text, binary and empty answers stay open (`'success'`, a stream, nothing). */
export type ResponseBody<N extends EmulatedOperationName> = Ops[N] extends { readonly responseKind: 'json' } ? OperationResponseBody<N> : unknown;

export type Handler<N extends EmulatedOperationName> = (r: OpRequest<N>) => TypedResult<N> | Promise<TypedResult<N>>;

/** One handler per named operation; `satisfies HandlerMap<...>` makes a missing or mistyped one a compile error. */
export type HandlerMap<Names extends EmulatedOperationName = EmulatedOperationName> = { readonly [N in Names]: Handler<N> };

/** The part of a request a helper shared by several operations reads: these path and query parameters. */
export interface RequestWith<P extends string, Q extends string = never> {
  world: World;
  projectId: string;
  params: { readonly [K in P]: string };
  query: { get(name: Q): string | null };
}

/** What the server checked of a request, before it knows the operation's types. */
export interface CheckedRequest {
  op: OperationDef;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  form: FormData | undefined;
  headers: IncomingMessage['headers'];
  project: Project;
  projectId: string;
  world: World;
  family: Family;
}

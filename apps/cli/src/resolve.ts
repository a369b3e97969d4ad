// Names or ids for clusters, add-on instances and charts, as gcloud and az take them: one
// mechanism keyed by the parameter name, applied to path parameters, query parameters and
// option values alike (commands derived from the catalogue get it for free).
import type { ClientOperationName } from '@cce-autopilot/client';
import { isUuid } from '@cce-autopilot/models';
import { AmbiguousReferenceError, UnknownReferenceError, UsageError } from './errors.js';
import { pick } from './output.js';
import type { CliContext } from './context.js';

/** One thing a name can be looked up among. */
export interface Candidate {
  readonly id: string;
  readonly name: string;
  /** Shown in the candidates list (a chart's version, a cluster's phase). */
  readonly detail?: string;
}

export interface ReferenceKind {
  /** What it is, in the API's words, for messages. */
  readonly what: string;
  /** Lists what the name is matched against; `scope` holds already resolved ids (cluster_id). */
  readonly list: (ctx: CliContext, scope: Readonly<Record<string, string>>) => Promise<readonly Candidate[]>;
  /** Where the list was taken from, for "no cluster x in ...". */
  readonly where: (ctx: CliContext, scope: Readonly<Record<string, string>>) => string;
}

function itemsOf(answer: unknown): unknown[] {
  if (Array.isArray(answer)) return answer;
  const items = pick(answer, 'items');
  return Array.isArray(items) ? items : [];
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

async function listOf(ctx: CliContext, operation: ClientOperationName, input: Record<string, unknown>): Promise<unknown[]> {
  return itemsOf(await ctx.client().invoke(operation, input, ctx.requestOptions()));
}

export const referenceKinds = {
  cluster: {
    what: 'cluster',
    list: async (ctx) =>
      (await listOf(ctx, 'ListAutopilotClusters', {})).map((c) => ({ id: str(pick(c, 'metadata.uid')), name: str(pick(c, 'metadata.name')), detail: str(pick(c, 'status.phase')) })),
    where: (ctx) => `region ${ctx.client().region}`,
  },
  addon: {
    what: 'add-on instance',
    list: async (ctx, scope) => {
      const clusterId = scope['cluster_id'];
      if (clusterId === undefined) throw new UsageError('an add-on given by name needs --cluster-id to look it up in');
      return (await listOf(ctx, 'ListAutopilotAddonInstances', { cluster_id: clusterId })).flatMap((a) => {
        const id = str(pick(a, 'metadata.uid'));
        const name = str(pick(a, 'metadata.name'));
        const template = str(pick(a, 'spec.addonTemplateName'));
        // An instance is known by its own name and by its template's (coredns), as the console shows it.
        const names = [...new Set([name, template].filter((n) => n !== ''))];
        return names.map((n) => ({ id, name: n, detail: str(pick(a, 'spec.version')) }));
      });
    },
    where: (_ctx, scope) => `cluster ${scope['cluster_id'] ?? '?'}`,
  },
  chart: {
    what: 'chart',
    list: async (ctx) => (await listOf(ctx, 'ListAutopilotCharts', {})).map((c) => ({ id: str(pick(c, 'id')), name: str(pick(c, 'name')), detail: str(pick(c, 'version')) })),
    where: () => 'the project',
  },
} satisfies Record<string, ReferenceKind>;

export type ReferenceKindName = keyof typeof referenceKinds;

/**
 * Which parameters (API snake_case names) take a name or an id. `id` means an add-on instance only
 * in the add-on group's operations. Order matters: cluster_id is resolved first (add-ons need it).
 */
export function referenceKindOf(param: string, group: string): ReferenceKindName | undefined {
  if (param === 'cluster_id') return 'cluster';
  if (param === 'chart_id') return 'chart';
  if (param === 'id' && group === 'addon') return 'addon';
  return undefined;
}

function describe(c: Candidate): string {
  return `${c.name || '(no name)'} (${c.id}${c.detail ? `, ${c.detail}` : ''})`;
}

/** The id `ref` stands for: itself when it is an id, else the one candidate with that name. */
export async function resolveReference(ctx: CliContext, kindName: ReferenceKindName, ref: string, scope: Readonly<Record<string, string>> = {}): Promise<Candidate> {
  const kind: ReferenceKind = referenceKinds[kindName];
  // Ids the API hands out are UUIDs: those are used as they are, without a look-up.
  if (isUuid(ref)) return { id: ref, name: '' };
  const all = await kind.list(ctx, scope);
  const byId = all.find((c) => c.id === ref);
  if (byId) return byId;
  const byName = all.filter((c) => c.name === ref);
  const ids = [...new Set(byName.map((c) => c.id))];
  const [first] = byName;
  if (ids.length === 1 && first !== undefined) return first;
  if (ids.length > 1) {
    throw new AmbiguousReferenceError(`${ids.length} ${kind.what}s in ${kind.where(ctx, scope)} are named "${ref}"; give the id of one of:\n${byName.map((c) => `  ${describe(c)}`).join('\n')}`);
  }
  const unique = all.filter((c, i) => all.findIndex((o) => o.id === c.id) === i);
  const list = unique.length === 0 ? ' (there are none)' : `; there are:\n${unique.map((c) => `  ${describe(c)}`).join('\n')}`;
  throw new UnknownReferenceError(`no ${kind.what} "${ref}" (name or id) in ${kind.where(ctx, scope)}${list}`);
}

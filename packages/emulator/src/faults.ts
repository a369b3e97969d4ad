import { randomUUID } from 'node:crypto';

export type FaultAction = 'error' | 'throttle' | 'reset' | 'truncate' | 'latency';

/** A fault rule: what happens to requests of one operation (or `*`), how often, how many times. */
export interface FaultRule {
  id: string;
  /** Operation name from the catalogue, or `*` for every CCE operation. */
  operation: string;
  action: FaultAction;
  /** For `error`: HTTP status and service error code (defaults 500 / CCE.01500001). */
  status?: number;
  errorCode?: string;
  errorMessage?: string;
  /** For `throttle`: seconds in Retry-After (default 1). */
  retryAfterSeconds?: number;
  /** Added before the request is handled, with any action. */
  latencyMs?: number;
  /** 0..1, default 1. */
  probability?: number;
  /** How many more times the rule fires; absent = unlimited. */
  remaining?: number;
  hits: number;
}

/** What callers give: `action` defaults to `error` (or `latency` when only latencyMs is set). */
export type FaultRuleInput = Omit<FaultRule, 'id' | 'hits' | 'action' | 'remaining'> & { id?: string; action?: FaultAction; count?: number };

const actions: readonly FaultAction[] = ['error', 'throttle', 'reset', 'truncate', 'latency'];

/** Checks an admin request body and turns it into a rule; throws with the offending field named. */
export function parseFaultRule(input: unknown, knownOperations: ReadonlySet<string>): FaultRule {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new Error('fault rule must be a JSON object');
  const o = input as Record<string, unknown>;
  const operation = o.operation;
  if (typeof operation !== 'string' || (operation !== '*' && !knownOperations.has(operation))) {
    throw new Error(`operation must be an operation name of the catalogue or "*" (got ${JSON.stringify(operation)})`);
  }
  const action = (o.action ?? (o.latencyMs !== undefined && o.status === undefined ? 'latency' : 'error')) as FaultAction;
  if (!actions.includes(action)) throw new Error(`action must be one of ${actions.join(', ')} (got ${JSON.stringify(o.action)})`);
  const num = (name: string, min: number, max: number): number | undefined => {
    const v = o[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw new Error(`${name} must be a number from ${min} to ${max} (got ${JSON.stringify(v)})`);
    return v;
  };
  const str = (name: string): string | undefined => {
    const v = o[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw new Error(`${name} must be a string`);
    return v;
  };
  const rule: FaultRule = { id: str('id') ?? randomUUID(), operation, action, hits: 0 };
  const status = num('status', 400, 599);
  if (status !== undefined) rule.status = Math.trunc(status);
  const errorCode = str('errorCode');
  if (errorCode !== undefined) rule.errorCode = errorCode;
  const errorMessage = str('errorMessage');
  if (errorMessage !== undefined) rule.errorMessage = errorMessage;
  const retry = num('retryAfterSeconds', 0, 3600);
  if (retry !== undefined) rule.retryAfterSeconds = retry;
  const latency = num('latencyMs', 0, 120_000);
  if (latency !== undefined) rule.latencyMs = latency;
  const probability = num('probability', 0, 1);
  if (probability !== undefined) rule.probability = probability;
  const count = num('count', 1, 1_000_000);
  if (count !== undefined) rule.remaining = Math.trunc(count);
  return rule;
}

/** The active rules. First matching rule that fires wins. */
export class FaultRules {
  private rules: FaultRule[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  add(rule: FaultRule): FaultRule {
    this.rules = this.rules.filter((r) => r.id !== rule.id);
    this.rules.push(rule);
    return rule;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** The rule that applies to this request, if any; counts it as fired. */
  pick(operation: string): FaultRule | undefined {
    for (const rule of this.rules) {
      if (rule.operation !== '*' && rule.operation !== operation) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      rule.hits++;
      if (rule.remaining !== undefined) {
        rule.remaining--;
        if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
      }
      return { ...rule };
    }
    return undefined;
  }
}

import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { TypeCheck } from '@sinclair/typebox/compiler';
import { ValueErrorType } from '@sinclair/typebox/errors';
import type { ValueError } from '@sinclair/typebox/errors';
import { KindGuard, type TSchema } from '@sinclair/typebox';

/** One problem found in a value: where (JSON pointer, `""` for the value itself) and what, in words. */
export interface ValueProblem {
  path: string;
  message: string;
}

// Compiling is the expensive part; schemas are module constants, so a WeakMap keeps one check each.
const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

function checkerFor(schema: TSchema): TypeCheck<TSchema> {
  let check = compiled.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    compiled.set(schema, check);
  }
  return check;
}

/** `/spec/eniNetwork/subnets/0/subnetID` -> `spec.eniNetwork.subnets[0].subnetID`. */
function fieldLabel(pointer: string): string {
  if (pointer === '') return 'the value';
  let label = '';
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(token)) label += `[${token}]`;
    else label += label === '' ? token : `.${token}`;
  }
  return label;
}

function literalValues(schema: TSchema): unknown[] | undefined {
  if (!KindGuard.IsUnion(schema) || !schema.anyOf.every((s) => KindGuard.IsLiteral(s))) return undefined;
  return schema.anyOf.map((s) => (KindGuard.IsLiteral(s) ? s.const : undefined));
}

const kindWords: Record<string, string> = {
  string: 'a string', number: 'a number', integer: 'an integer', boolean: 'true or false', null: 'null', array: 'a list', object: 'an object',
};

/** `string | number` unions read as "a string or a number". */
function primitiveKinds(schema: TSchema): string[] | undefined {
  const anyOf = (schema as { anyOf?: { type?: string }[] }).anyOf;
  if (!anyOf) return undefined;
  const words = anyOf.map((s) => (s.type ? kindWords[s.type] : undefined));
  return words.every((w): w is string => w !== undefined) ? words : undefined;
}

/** The single non-null branch of a `T | null` union, to report the value's problems against T. */
function nullableInner(schema: TSchema): TSchema | undefined {
  const anyOf = (schema as { anyOf?: TSchema[] }).anyOf;
  if (!anyOf || anyOf.length !== 2) return undefined;
  const rest = anyOf.filter((s) => (s as { type?: string }).type !== 'null');
  return rest.length === 1 ? rest[0] : undefined;
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function describe(error: ValueError): string {
  const schema = error.schema as TSchema & { errorMessage?: string; minLength?: number; maxLength?: number; minimum?: number; maximum?: number; minItems?: number; maxItems?: number; const?: unknown };
  const custom = schema.errorMessage;
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return 'is required';
    case ValueErrorType.ObjectAdditionalProperties:
      return 'is not a known field';
    case ValueErrorType.StringPattern:
    case ValueErrorType.StringMinLength:
    case ValueErrorType.StringMaxLength:
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.NumberMinimum:
    case ValueErrorType.NumberMaximum:
      if (custom) return `${custom} (got ${show(error.value)})`;
      break;
    case ValueErrorType.Union: {
      if (custom) return `${custom} (got ${show(error.value)})`;
      const values = literalValues(schema);
      if (values) return `must be one of ${values.map((v) => show(v)).join(', ')} (got ${show(error.value)})`;
      const kinds = primitiveKinds(schema);
      if (kinds) return `must be ${kinds.join(' or ')} (got ${show(error.value)})`;
      return `does not match any allowed form (got ${show(error.value)})`;
    }
    default:
      break;
  }
  switch (error.type) {
    case ValueErrorType.String: return `must be a string (got ${show(error.value)})`;
    case ValueErrorType.Integer: return `must be an integer (got ${show(error.value)})`;
    case ValueErrorType.Number: return `must be a number (got ${show(error.value)})`;
    case ValueErrorType.Boolean: return `must be true or false (got ${show(error.value)})`;
    case ValueErrorType.Object: return `must be an object (got ${show(error.value)})`;
    case ValueErrorType.Array: return `must be a list (got ${show(error.value)})`;
    case ValueErrorType.Literal: return `must be ${show(schema.const)} (got ${show(error.value)})`;
    case ValueErrorType.StringMinLength: return `must be at least ${schema.minLength} characters long`;
    case ValueErrorType.StringMaxLength: return `must be at most ${schema.maxLength} characters long`;
    case ValueErrorType.StringPattern: return `does not match the expected format (got ${show(error.value)})`;
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.NumberMinimum: return `must be at least ${schema.minimum} (got ${show(error.value)})`;
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.NumberMaximum: return `must be at most ${schema.maximum} (got ${show(error.value)})`;
    case ValueErrorType.ArrayMinItems: return `must have at least ${schema.minItems} entries`;
    case ValueErrorType.ArrayMaxItems: return `must have at most ${schema.maxItems} entries`;
    default: return error.message.charAt(0).toLowerCase() + error.message.slice(1);
  }
}

/** Re-words a nested problem with its full path (its message starts with the nested label). */
function relabel(fullPath: string, nested: ValueProblem): string {
  const nestedLabel = fieldLabel(nested.path);
  const rest = nested.message.startsWith(nestedLabel) ? nested.message.slice(nestedLabel.length) : ` ${nested.message}`;
  return `${fieldLabel(fullPath)}${rest}`;
}

/**
 * Checks a value against a schema and lists every problem, each naming the field in plain words
 * (`spec.flavor is required`). An empty list means the value is valid.
 */
export function checkValue(schema: TSchema, value: unknown): ValueProblem[] {
  const check = checkerFor(schema);
  if (check.Check(value)) return [];
  const problems: ValueProblem[] = [];
  const seen = new Set<string>();
  const missing = new Set<string>();
  for (const error of check.Errors(value)) {
    // A missing property also fails its own type check; "is required" says it all.
    if (missing.has(error.path)) continue;
    if (error.type === ValueErrorType.ObjectRequiredProperty) missing.add(error.path);
    const inner = error.type === ValueErrorType.Union && error.value !== null ? nullableInner(error.schema) : undefined;
    const found = inner
      ? checkValue(inner, error.value).map((p) => ({ path: error.path + p.path, message: relabel(error.path + p.path, p) }))
      : [{ path: error.path, message: `${fieldLabel(error.path)} ${describe(error)}` }];
    for (const problem of found) {
      const key = `${problem.path}\u0000${problem.message}`;
      // A too-short name fails both minLength and pattern; with a custom message both read the same.
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

/** Whether a value conforms to a schema (same cached compiled check as checkValue). */
export function isValid(schema: TSchema, value: unknown): boolean {
  return checkerFor(schema).Check(value);
}

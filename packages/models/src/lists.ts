/**
 * The elements of a list answer's `items`. Where the reference's tables or the official SDK type
 * `items` as one object but the service's examples send an array (the workflow and upgrade-plan
 * lists), a reader gets an array either way; an absent or null `items` is an empty list.
 */
export function listItems<T>(items: T | readonly T[] | null | undefined): T[] {
  if (items === undefined || items === null) return [];
  return Array.isArray(items) ? [...(items as readonly T[])] : [items as T];
}

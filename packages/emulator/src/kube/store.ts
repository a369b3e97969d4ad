import type { KubeObject } from './object.js';
import type { ResourceType } from './resources.js';

export type { KubeObject };

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  resource: ResourceType;
  object: KubeObject;
}

/** An apiserver-style failure: becomes a `Status` object with the same code and reason. */
export class KubeError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function qualifiedName(type: ResourceType): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

export function notFound(type: ResourceType, name: string): KubeError {
  return new KubeError(404, 'NotFound', `${qualifiedName(type)} "${name}" not found`, { name, group: type.group, kind: type.plural });
}

/**
 * The storage layer (etcd's part in the apiserver): objects by type, namespace and name, one
 * resourceVersion counter, and watch events. Stored objects are never mutated in place — every
 * write stores a new object — so lists can hand out the stored objects without copying them
 * (listing thousands of pods stays cheap); callers that want to change one clone it first.
 */
export class ObjectStore {
  /** type key -> "namespace/name" -> object; per type so a list never scans other kinds. */
  private readonly byType = new Map<string, Map<string, KubeObject>>();
  private revision = 1;
  private readonly listeners = new Set<(e: WatchEvent) => void>();
  /** Recent events, so a watch from a list's resourceVersion misses nothing written in between. */
  private readonly history: WatchEvent[] = [];
  private static readonly HISTORY = 4096;
  /** Sorted lists per type, dropped on each write to that type. */
  private readonly sorted = new Map<string, KubeObject[]>();
  /** The JSON text of stored objects: they never change, so each is serialized once. */
  private readonly json = new WeakMap<object, string>();

  /** JSON text of a stored object (stored objects never change, so each is serialized once). */
  jsonOf(obj: Readonly<KubeObject>): string {
    let text = this.json.get(obj);
    if (text === undefined) {
      text = JSON.stringify(obj);
      this.json.set(obj, text);
    }
    return text;
  }

  get resourceVersion(): string {
    return String(this.revision);
  }

  nextResourceVersion(): string {
    return String(++this.revision);
  }

  subscribe(listener: (e: WatchEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private bucket(type: ResourceType, create: boolean): Map<string, KubeObject> | undefined {
    const k = `${type.group}/${type.version}/${type.plural}`;
    let b = this.byType.get(k);
    if (!b && create) {
      b = new Map();
      this.byType.set(k, b);
    }
    return b;
  }

  get(type: ResourceType, namespace: string | undefined, name: string): Readonly<KubeObject> | undefined {
    return this.bucket(type, false)?.get(`${type.namespaced ? (namespace ?? '') : ''}/${name}`);
  }

  /** Stored objects of a type (all namespaces when `namespace` is undefined), sorted by namespace and name. Do not mutate. */
  list(type: ResourceType, namespace?: string): readonly Readonly<KubeObject>[] {
    const k = `${type.group}/${type.version}/${type.plural}`;
    const b = this.byType.get(k);
    if (!b) return [];
    let all = this.sorted.get(k);
    if (!all) {
      all = [...b.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([, v]) => v);
      this.sorted.set(k, all);
    }
    if (namespace === undefined || !type.namespaced) return all;
    return all.filter((o) => o.metadata.namespace === namespace);
  }

  /** Stores `obj` (with a fresh resourceVersion) and tells the watchers. */
  put(type: ResourceType, obj: KubeObject): KubeObject {
    const key = `${type.namespaced ? (obj.metadata.namespace ?? '') : ''}/${obj.metadata.name}`;
    const b = this.bucket(type, true) as Map<string, KubeObject>;
    const existed = b.has(key);
    obj.metadata.resourceVersion = this.nextResourceVersion();
    b.set(key, obj);
    this.sorted.delete(`${type.group}/${type.version}/${type.plural}`);
    this.emit(existed ? 'MODIFIED' : 'ADDED', type, obj);
    return obj;
  }

  remove(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const key = `${type.namespaced ? (namespace ?? '') : ''}/${name}`;
    const b = this.bucket(type, false);
    const current = b?.get(key);
    if (!b || !current) return undefined;
    b.delete(key);
    this.sorted.delete(`${type.group}/${type.version}/${type.plural}`);
    const gone = { ...current, metadata: { ...current.metadata, resourceVersion: this.nextResourceVersion() } };
    this.emit('DELETED', type, gone);
    return gone;
  }

  /**
   * Events after `resourceVersion` still in the history, or undefined when that version is older
   * than the history holds (the apiserver then answers 410 Gone: "too old resource version").
   */
  since(resourceVersion: number): WatchEvent[] | undefined {
    if (resourceVersion >= this.revision) return [];
    const first = this.history[0];
    if (!first || Number(first.object.metadata.resourceVersion) > resourceVersion + 1) return undefined;
    return this.history.filter((e) => Number(e.object.metadata.resourceVersion) > resourceVersion);
  }

  private emit(type: WatchEvent['type'], resource: ResourceType, object: KubeObject): void {
    const e = { type, resource, object };
    this.history.push(e);
    if (this.history.length > ObjectStore.HISTORY) this.history.splice(0, this.history.length - ObjectStore.HISTORY);
    for (const l of this.listeners) l(e);
  }
}

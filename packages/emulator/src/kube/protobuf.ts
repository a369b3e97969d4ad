import protobuf from 'protobufjs/light.js';
import descriptor from './data/proto-v1.30.json' with { type: 'json' };
import { at, type JsonObject } from './fields.js';
import { KubeError } from './store.js';

/**
 * Request bodies in the apiserver's protobuf encoding (`application/vnd.kubernetes.protobuf`),
 * which kubectl's typed clients send for built-in kinds (`kubectl create rolebinding` ...):
 * the `k8s\0` magic, a `runtime.Unknown` envelope, and the kind's message from the upstream
 * `generated.proto` (kubernetes/api v0.30.14, descriptor in `data/proto-v1.30.json`). Decoded
 * into the object's JSON form, so the rest of the apiserver sees what a JSON client would send.
 */
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

function asDescriptor(json: object): protobuf.INamespace {
  return json;
}

export class ProtobufDecoder {
  // The JSON module's literal type is far more precise than protobufjs's descriptor interface; as
  // a plain object it is what fromJSON takes.
  private readonly root = protobuf.Root.fromJSON(asDescriptor(descriptor));
  private readonly unknown = this.root.lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');

  /** The body's JSON form, not yet admitted (the apiserver checks it as it would a JSON body). */
  decode(body: Buffer): JsonObject {
    if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) {
      throw new KubeError(400, 'BadRequest', 'the request body is not valid protobuf: it does not start with the Kubernetes protobuf magic "k8s\\0"');
    }
    let envelope: JsonObject;
    try {
      envelope = fields(this.unknown, this.unknown.decode(body.subarray(4)));
    } catch (err) {
      throw new KubeError(400, 'BadRequest', `the request body is not valid protobuf: ${(err as Error).message}`);
    }
    const apiVersion = String(at(envelope, 'typeMeta', 'apiVersion') ?? '');
    const kind = String(at(envelope, 'typeMeta', 'kind') ?? '');
    const [group, version] = apiVersion.includes('/') ? (apiVersion.split('/') as [string, string]) : ['core', apiVersion];
    const pkg = group === 'core' ? 'core' : (group.split('.')[0] ?? group);
    let type: protobuf.Type;
    try {
      type = this.root.lookupType(`k8s.io.api.${pkg}.${version}.${kind}`);
    } catch {
      throw new KubeError(415, 'UnsupportedMediaType', `the emulator cannot decode ${kind} (${apiVersion}) from protobuf; send it as application/json`);
    }
    let message: protobuf.Message;
    try {
      // fields() gives bytes in their JSON form, base64.
      message = type.decode(Buffer.from(typeof envelope.raw === 'string' ? envelope.raw : '', 'base64'));
    } catch (err) {
      throw new KubeError(400, 'BadRequest', `the request body is not a valid ${kind} in protobuf: ${(err as Error).message}`);
    }
    return { apiVersion, kind, ...fields(type, message) };
  }
}

function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && 'toNumber' in v) return (v as { toNumber(): number }).toNumber();
  return Number(v);
}

function time(v: JsonObject, micro: boolean): string | undefined {
  // Go's zero time is what an unset timestamp encodes to; its JSON form is null, i.e. absent.
  if (num(v.seconds ?? 0) === 0 && num(v.nanos ?? 0) === 0) return undefined;
  const ms = num(v.seconds ?? 0) * 1000 + Math.floor(num(v.nanos ?? 0) / 1e6);
  const iso = new Date(ms).toISOString();
  return micro ? `${iso.slice(0, 19)}.${String(Math.floor(num(v.nanos ?? 0) / 1000)).padStart(6, '0')}Z` : `${iso.slice(0, 19)}Z`;
}

/** JSON carried as bytes (RawExtension, FieldsV1); an empty or absent payload is `{}`. */
function embeddedJson(v: unknown): unknown {
  return v instanceof Uint8Array && v.length ? JSON.parse(Buffer.from(v).toString('utf8')) : {};
}

const SPECIAL: Record<string, (v: JsonObject) => unknown> = {
  'k8s.io.apimachinery.pkg.apis.meta.v1.Time': (v) => time(v, false),
  'k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime': (v) => time(v, true),
  'k8s.io.apimachinery.pkg.util.intstr.IntOrString': (v) => (num(v.type ?? 0) === 1 ? String(v.strVal ?? '') : num(v.intVal ?? 0)),
  'k8s.io.apimachinery.pkg.api.resource.Quantity': (v) => String(v.string ?? ''),
  'k8s.io.apimachinery.pkg.runtime.RawExtension': (v) => embeddedJson(v.raw),
  'k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1': (v) => embeddedJson(v.Raw),
  'k8s.io.apimachinery.pkg.apis.meta.v1.Duration': (v) => `${num(v.duration ?? 0) / 1e9}s`,
};

function scalar(field: protobuf.Field, v: unknown): unknown {
  if (field.resolvedType instanceof protobuf.Type) return toJson(field.resolvedType, v as protobuf.Message);
  if (field.type === 'bytes') return Buffer.from(v as Uint8Array).toString('base64');
  if (['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64', 'int32', 'uint32', 'sint32', 'double', 'float'].includes(field.type)) return num(v);
  return v;
}

/** The JSON form of a decoded message (the well-known kinds have their own). */
function toJson(type: protobuf.Type, message: protobuf.Message | JsonObject): unknown {
  const special = SPECIAL[type.fullName.replace(/^\./, '')];
  if (special) return special(message as JsonObject);
  return fields(type, message);
}

/** The fields of a decoded message, in JSON form: those present on the wire, empty lists and maps left out. */
function fields(type: protobuf.Type, message: protobuf.Message | JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const field of type.fieldsArray) {
    field.resolve();
    const v = (message as JsonObject)[field.name];
    if (v === undefined || v === null || !Object.hasOwn(message, field.name)) continue;
    if (field.map) {
      const entries = Object.entries(v as JsonObject);
      if (entries.length === 0) continue;
      out[field.name] = Object.fromEntries(entries.map(([k, x]) => [k, scalar(field, x)]));
    } else if (field.repeated) {
      if ((v as unknown[]).length === 0) continue;
      out[field.name] = (v as unknown[]).map((x) => scalar(field, x));
    } else {
      const value = scalar(field, v);
      // gogo-protobuf writes every non-pointer string, so "" means unset (omitempty in JSON).
      if (value === undefined || value === '') continue;
      out[field.name] = value;
    }
  }
  return out;
}

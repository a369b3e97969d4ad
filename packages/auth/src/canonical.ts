// The canonical request of SDK-HMAC-SHA256, shared by the signer and the verifier so that both
// sides cannot drift apart. Everything here works on strings as they appear on the wire.

import { hash } from 'node:crypto';

export const ALGORITHM = 'SDK-HMAC-SHA256';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

// RFC 3986 unreserved characters stay as they are; every other byte becomes %XX (upper-case hex).
const UNRESERVED = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9\-_.~]/.test(ch)) UNRESERVED[c] = 1;
}
const PERCENT_HEX: readonly string[] = Array.from({ length: 256 }, (_, b) => '%' + b.toString(16).toUpperCase().padStart(2, '0'));
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let d = 0; d < 10; d++) HEX_VALUE[48 + d] = d;
for (let d = 0; d < 6; d++) {
  HEX_VALUE[65 + d] = 10 + d;
  HEX_VALUE[97 + d] = 10 + d;
}

function hexAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c < 128 ? (HEX_VALUE[c] as number) : -1;
}

/**
 * Canonical form of one path segment or query name/value as received: valid `%XX` escapes are
 * decoded to their byte, then every byte that is not unreserved is escaped again. This equals
 * "percent-decode, then encode per RFC 3986" (the server's rule) without building the decoded
 * bytes; characters that arrive unescaped (unicode, spaces, `*'()!`) are UTF-8 encoded.
 */
export function canonicalEncode(raw: string): string {
  let out = '';
  let last = 0;
  const n = raw.length;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c < 128 && UNRESERVED[c] === 1) continue;
    if (last < i) out += raw.slice(last, i);
    if (c === 37 && i + 2 < n && hexAt(raw, i + 1) >= 0 && hexAt(raw, i + 2) >= 0) {
      const b = hexAt(raw, i + 1) * 16 + hexAt(raw, i + 2);
      out += b < 128 && UNRESERVED[b] === 1 ? String.fromCharCode(b) : PERCENT_HEX[b];
      i += 2;
    } else if (c < 0x80) {
      out += PERCENT_HEX[c];
    } else if (c < 0x800) {
      out += PERCENT_HEX[0xc0 | (c >> 6)]! + PERCENT_HEX[0x80 | (c & 0x3f)];
    } else if (c < 0xd800 || c >= 0xe000) {
      out += PERCENT_HEX[0xe0 | (c >> 12)]! + PERCENT_HEX[0x80 | ((c >> 6) & 0x3f)] + PERCENT_HEX[0x80 | (c & 0x3f)];
    } else {
      const c2 = i + 1 < n ? raw.charCodeAt(i + 1) : 0;
      if (c < 0xdc00 && c2 >= 0xdc00 && c2 < 0xe000) {
        const cp = 0x10000 + (((c & 0x3ff) << 10) | (c2 & 0x3ff));
        out += PERCENT_HEX[0xf0 | (cp >> 18)]! + PERCENT_HEX[0x80 | ((cp >> 12) & 0x3f)] +
          PERCENT_HEX[0x80 | ((cp >> 6) & 0x3f)] + PERCENT_HEX[0x80 | (cp & 0x3f)];
        i++;
      } else {
        // A lone surrogate cannot be sent as UTF-8; HTTP stacks replace it with U+FFFD.
        out += '%EF%BF%BD';
      }
    }
    last = i + 1;
  }
  if (last === 0) return raw;
  return last < n ? out + raw.slice(last) : out;
}

/** Canonical URI: every segment canonicalized, with a trailing `/` added for signing only. */
export function canonicalUri(rawPath: string): string {
  if (rawPath === '' || rawPath === '/') return '/';
  // Most API paths need no escaping at all: check once instead of segment by segment.
  let plain = true;
  for (let i = 0; i < rawPath.length; i++) {
    const c = rawPath.charCodeAt(i);
    if (c !== 47 && (c >= 128 || UNRESERVED[c] !== 1)) {
      plain = false;
      break;
    }
  }
  if (plain) return rawPath.charCodeAt(rawPath.length - 1) === 47 ? rawPath : rawPath + '/';
  let out = '';
  let start = 0;
  for (;;) {
    const slash = rawPath.indexOf('/', start);
    const segment = slash < 0 ? rawPath.slice(start) : rawPath.slice(start, slash);
    out += canonicalEncode(segment);
    if (slash < 0) break;
    out += '/';
    start = slash + 1;
  }
  return out.charCodeAt(out.length - 1) === 47 ? out : out + '/';
}

function decodeForSort(raw: string): string {
  if (raw.indexOf('%') < 0) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

interface QueryPair {
  readonly name: string;
  readonly value: string;
  readonly text: string;
}

function queryPair(part: string): QueryPair {
  const eq = part.indexOf('=');
  const rawName = eq < 0 ? part : part.slice(0, eq);
  const rawValue = eq < 0 ? '' : part.slice(eq + 1);
  return {
    name: decodeForSort(rawName),
    value: decodeForSort(rawValue),
    text: canonicalEncode(rawName) + '=' + canonicalEncode(rawValue),
  };
}

function comparePairs(a: QueryPair, b: QueryPair): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.value !== b.value) return a.value < b.value ? -1 : 1;
  return 0;
}

/**
 * Canonical query string: pairs sorted by decoded name, then decoded value (the official SDKs sort
 * before they encode), one entry per repeated key, `k=` for a key without value. `+` is a literal
 * plus sign (RFC 3986), so clients must send spaces as `%20`.
 */
export function canonicalQuery(rawQuery: string): string {
  if (rawQuery === '') return '';
  if (rawQuery.indexOf('&') < 0) return queryPair(rawQuery).text;
  const pairs: QueryPair[] = [];
  for (const part of rawQuery.split('&')) {
    if (part !== '') pairs.push(queryPair(part));
  }
  pairs.sort(comparePairs);
  let out = '';
  for (let i = 0; i < pairs.length; i++) out += (i === 0 ? '' : '&') + pairs[i]!.text;
  return out;
}

export interface SplitUrl {
  /** `host[:port]` from an absolute URL (lower-case, default port dropped), else undefined. */
  readonly host: string | undefined;
  readonly path: string;
  readonly query: string;
}

/** Splits an absolute URL or an origin-form target (`/path?query`) without normalizing it. */
export function splitUrl(url: string): SplitUrl {
  let host: string | undefined;
  let rest = url;
  const scheme = url.indexOf('://');
  if (scheme > 0 && url.charCodeAt(0) !== 47) {
    const afterScheme = scheme + 3;
    let end = afterScheme;
    while (end < url.length) {
      const c = url.charCodeAt(end);
      if (c === 47 || c === 63 || c === 35) break;
      end++;
    }
    let authority = url.slice(afterScheme, end);
    const at = authority.lastIndexOf('@');
    if (at >= 0) authority = authority.slice(at + 1);
    authority = authority.toLowerCase();
    const protocol = url.slice(0, scheme).toLowerCase();
    // HTTP clients leave the default port out of the Host header, so the server never sees it.
    if ((protocol === 'https' && authority.endsWith(':443')) || (protocol === 'http' && authority.endsWith(':80'))) {
      authority = authority.slice(0, authority.lastIndexOf(':'));
    }
    host = authority;
    rest = url.slice(end);
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  return { host, path: path === '' ? '/' : path, query: q < 0 ? '' : rest.slice(q + 1) };
}

const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? '0' : '') + i);
const MS_PER_DAY = 86_400_000;
// 0001-01-01 and 9999-12-31 23:59:59 in epoch milliseconds: the range a 4-digit year can write.
const MIN_TIME = -62_135_596_800_000;
const MAX_TIME = 253_402_300_799_999;

/**
 * `X-Sdk-Date` format: UTC `YYYYMMDDTHHMMSSZ`. Computed from the epoch milliseconds with the
 * days-to-civil algorithm (H. Hinnant) because toISOString() and slicing cost more than hashing.
 */
export function formatSdkDate(date: Date): string {
  const t = date.getTime();
  if (!Number.isFinite(t)) throw new TypeError('signRequest: options.date is an invalid Date');
  if (t < MIN_TIME || t > MAX_TIME) throw new RangeError(`signRequest: options.date ${date.toISOString()} is outside the years 0001-9999`);
  const days = Math.floor(t / MS_PER_DAY);
  const secondsOfDay = Math.floor((t - days * MS_PER_DAY) / 1000);
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(secondsOfDay / 3600);
  const minutes = Math.floor((secondsOfDay % 3600) / 60);
  return TWO_DIGITS[Math.floor(year / 100)]! + TWO_DIGITS[year % 100] + TWO_DIGITS[month] + TWO_DIGITS[day] + 'T' +
    TWO_DIGITS[hours] + TWO_DIGITS[minutes] + TWO_DIGITS[secondsOfDay % 60] + 'Z';
}

const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Parses an `X-Sdk-Date` value; undefined when it is not a real UTC `YYYYMMDDTHHMMSSZ` time. */
export function parseSdkDate(value: string): Date | undefined {
  const m = SDK_DATE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC rolls 20191332 over into the next year; a round trip catches impossible dates.
  return formatSdkDate(date) === value ? date : undefined;
}

// crypto.hash is the one-shot form of createHash: same digest, without a Hash object per call.
export function sha256Hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex');
}

const HMAC_BLOCK = 64;
const ASCII_KEY = /^[\x00-\x7f]{0,64}$/;
// The HMAC pads depend only on the SK, and a process signs with one or a few keys, so the last
// few are remembered: a signature then costs two one-shot hashes and no buffer work. Bounded,
// and it holds nothing derived from anything but keys the caller passed in.
const PAD_CACHE_LIMIT = 16;
const padCache = new Map<string, readonly [inner: string, outer: string]>();

function keyPads(key: Uint8Array): Buffer {
  const pads = Buffer.allocUnsafe(2 * HMAC_BLOCK);
  for (let i = 0; i < HMAC_BLOCK; i++) {
    const b = i < key.length ? (key[i] as number) : 0;
    pads[i] = b ^ 0x36;
    pads[HMAC_BLOCK + i] = b ^ 0x5c;
  }
  return pads;
}

/**
 * HMAC-SHA256 (RFC 2104) over an ASCII message, built from two one-shot hashes. Node's
 * createHmac imports the key into a new context on every call, which costs more than the whole
 * rest of signing; tests check this against createHmac for short, block-sized and long keys.
 */
export function hmacSha256Hex(key: string, asciiMessage: string): string {
  if (ASCII_KEY.test(key)) {
    // An ASCII key XOR 0x36/0x5c stays ASCII, so the pads hash the same as UTF-8 strings.
    let pads = padCache.get(key);
    if (pads === undefined) {
      const b = keyPads(Buffer.from(key, 'latin1'));
      pads = [b.toString('latin1', 0, HMAC_BLOCK), b.toString('latin1', HMAC_BLOCK)];
      if (padCache.size >= PAD_CACHE_LIMIT) padCache.clear();
      padCache.set(key, pads);
    }
    const inner = hash('sha256', pads[0] + asciiMessage, 'binary');
    return hash('sha256', Buffer.from(pads[1] + inner, 'latin1'), 'hex');
  }
  let k: Uint8Array = Buffer.from(key, 'utf8');
  if (k.length > HMAC_BLOCK) k = Buffer.from(hash('sha256', k, 'binary'), 'latin1');
  const pads = keyPads(k);
  const inner = Buffer.allocUnsafe(HMAC_BLOCK + asciiMessage.length);
  pads.copy(inner, 0, 0, HMAC_BLOCK);
  inner.write(asciiMessage, HMAC_BLOCK, 'latin1');
  const outer = Buffer.allocUnsafe(HMAC_BLOCK + 32);
  pads.copy(outer, 0, HMAC_BLOCK);
  outer.write(hash('sha256', inner, 'binary'), HMAC_BLOCK, 'latin1');
  return hash('sha256', outer, 'hex');
}

export interface CanonicalParts {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  /** `name:value\n` lines in signed-header order. */
  readonly canonicalHeaders: string;
  /** Lower-case names joined by `;`. */
  readonly signedHeaders: string;
  readonly payloadHash: string;
  readonly sdkDate: string;
}

/** Hex HMAC-SHA256 over the string to sign, keyed with the SK itself. */
export function computeSignature(parts: CanonicalParts, sk: string): string {
  const canonicalRequest = parts.method + '\n' + canonicalUri(parts.path) + '\n' + canonicalQuery(parts.query) + '\n' +
    parts.canonicalHeaders + '\n' + parts.signedHeaders + '\n' + parts.payloadHash;
  const stringToSign = ALGORITHM + '\n' + parts.sdkDate + '\n' + sha256Hex(canonicalRequest);
  return hmacSha256Hex(sk, stringToSign);
}

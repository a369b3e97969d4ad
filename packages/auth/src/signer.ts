import {
  ALGORITHM, EMPTY_BODY_SHA256, UNSIGNED_PAYLOAD, computeSignature, formatSdkDate, parseSdkDate, sha256Hex, splitUrl,
} from './canonical.js';

/** A request as the caller is about to send it. */
export interface SignableRequest {
  readonly method: string;
  /** Absolute URL (`https://host/path?query`), or a path with a `host` header. */
  readonly url: string;
  /** Every header the request will carry; all of them are signed. */
  readonly headers?: Readonly<Record<string, string | number | readonly string[] | undefined>>;
  /** The exact bytes that will be sent (a string is sent as UTF-8). */
  readonly body?: string | Uint8Array | null;
}

/** Permanent (AK/SK) or temporary (AK/SK + security token) credentials. */
export interface SigningCredentials {
  readonly ak: string;
  readonly sk: string;
  readonly securityToken?: string;
}

export interface SignOptions {
  /** Signing time; now when absent. Ignored when the request already carries `X-Sdk-Date`. */
  readonly date?: Date;
}

/** The headers to add to the request (a type, not an interface, so it is a `Record<string, string>` too). */
export type AuthHeaders = {
  Authorization: string;
  'X-Sdk-Date': string;
  'X-Security-Token'?: string;
};

/** Removes HTTP optional whitespace (SP, HTAB) at both ends, as a server's header parser does. */
export function trimOws(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && (value.charCodeAt(start) === 32 || value.charCodeAt(start) === 9)) start++;
  while (end > start && (value.charCodeAt(end - 1) === 32 || value.charCodeAt(end - 1) === 9)) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

export function headerValue(value: string | number | readonly string[]): string {
  if (typeof value === 'string') return trimOws(value);
  if (typeof value === 'number') return String(value);
  return value.map(trimOws).join(',');
}

type Entry = [name: string, value: string];

function byName(a: Entry, b: Entry): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/**
 * Signs a request with SDK-HMAC-SHA256 as Huawei Cloud's official SDKs do: every header the
 * request carries is signed, plus `host` and `x-sdk-date` (and `x-security-token` for temporary
 * credentials). A request carrying `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` is signed without
 * hashing its body. Returns only the headers to add.
 */
export function signRequest(request: SignableRequest, credentials: SigningCredentials, options?: SignOptions): AuthHeaders {
  const { ak, sk, securityToken } = credentials;
  if (typeof ak !== 'string' || ak === '') throw new TypeError('signRequest: credentials.ak must be a non-empty string');
  if (typeof sk !== 'string' || sk === '') throw new TypeError('signRequest: credentials.sk must be a non-empty string');
  const target = splitUrl(request.url);
  let path = target.path;
  // fetch (WHATWG URL) sends `/a/./b/../c` as `/a/c` and `\` as `/`; sign the path that goes out.
  if (path.indexOf('/.') >= 0 || path.indexOf('\\') >= 0 || path.indexOf('%2') >= 0 && /%2e/i.test(path)) {
    path = new URL('http://placeholder' + path).pathname;
  }
  const entries: Entry[] = [];
  let sdkDate: string | undefined;
  let hasHost = false;
  let unsignedPayload = false;
  const headers = request.headers;
  if (headers !== undefined) {
    for (const name in headers) {
      const raw = headers[name];
      if (raw === undefined) continue;
      const lower = name.toLowerCase();
      // The Authorization header carries the signature, so it cannot be part of what is signed.
      if (lower === 'authorization') continue;
      const value = headerValue(raw);
      if (lower === 'x-sdk-date') {
        if (parseSdkDate(value) === undefined) {
          throw new TypeError(`signRequest: header X-Sdk-Date ${JSON.stringify(value)} is not a UTC time YYYYMMDDTHHMMSSZ`);
        }
        sdkDate = value;
      } else if (lower === 'host') {
        hasHost = true;
      } else if (lower === 'x-security-token' && securityToken !== undefined) {
        continue; // replaced by the credentials' token below
      } else if (lower === 'x-sdk-content-sha256' && value === UNSIGNED_PAYLOAD) {
        unsignedPayload = true;
      }
      entries.push([lower, value]);
    }
  }
  if (!hasHost) {
    if (target.host === undefined || target.host === '') {
      throw new TypeError(`signRequest: url ${JSON.stringify(request.url)} has no host; give an absolute URL or a Host header`);
    }
    entries.push(['host', target.host]);
  }
  if (sdkDate === undefined) {
    sdkDate = formatSdkDate(options?.date ?? new Date());
    entries.push(['x-sdk-date', sdkDate]);
  }
  if (securityToken !== undefined && securityToken !== '') entries.push(['x-security-token', securityToken]);
  entries.sort(byName);

  let canonicalHeaders = '';
  let signedHeaders = '';
  for (let i = 0; i < entries.length; i++) {
    const [name, value] = entries[i]!;
    if (i > 0) {
      if (entries[i - 1]![0] === name) throw new TypeError(`signRequest: header ${JSON.stringify(name)} is given twice (names are case-insensitive)`);
      signedHeaders += ';';
    }
    canonicalHeaders += name + ':' + value + '\n';
    signedHeaders += name;
  }

  const body = request.body;
  const payloadHash = unsignedPayload ? UNSIGNED_PAYLOAD
    : body === undefined || body === null || body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(body);
  const signature = computeSignature({
    method: request.method.toUpperCase(), path, query: target.query, canonicalHeaders, signedHeaders, payloadHash, sdkDate,
  }, sk);
  const result: AuthHeaders = {
    Authorization: `${ALGORITHM} Access=${ak}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    'X-Sdk-Date': sdkDate,
  };
  if (securityToken !== undefined && securityToken !== '') result['X-Security-Token'] = securityToken;
  return result;
}

import { findErrorCode } from '@cce-autopilot/models';

/** A failure answered with an HTTP status, an error code and a message (and maybe extra headers). */
abstract class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** A service failure, answered as `{"errorCode","errorMessage"}`. */
export class ServiceError extends HttpFailure {}

/** A gateway failure (auth, signature, throttling), answered as `{"error_code","error_msg","request_id"}`. */
export class GatewayError extends HttpFailure {}

function tableMessage(code: string, fallback: string): string {
  return findErrorCode(code)?.message ?? fallback;
}

/** Error-code family per resource group: 01 cluster service, 02 charts/releases, 03 add-ons. */
export type Family = '01' | '02' | '03';

export function badRequest(detail: string, family: Family = '01'): ServiceError {
  const code = `CCE.${family}400001`;
  return new ServiceError(400, code, `${tableMessage(code, 'Invalid request.')} ${detail}`);
}

export function notFound(detail: string, family: Family = '01'): ServiceError {
  const code = `CCE.${family}404001`;
  return new ServiceError(404, code, `${tableMessage(code, 'Resource not found.')} ${detail}`);
}

export function conflict(detail: string, family: Family = '01'): ServiceError {
  const code = family === '03' ? 'CCE.03409001' : `CCE.${family}409001`;
  return new ServiceError(409, code, `${tableMessage(code, 'The resource already exists.')} ${detail}`);
}

/** A specific row of the table (e.g. CCE.01400007 quota, CCE.01400015 version). */
export function coded(code: string, detail: string): ServiceError {
  const info = findErrorCode(code);
  return new ServiceError(info?.httpStatus ?? 400, code, `${info?.message ?? ''} ${detail}`.trim());
}

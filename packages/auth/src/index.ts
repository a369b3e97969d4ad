export { signRequest } from './signer.js';
export type { SignableRequest, SigningCredentials, SignOptions, AuthHeaders } from './signer.js';
export { verifyRequest, GATEWAY_AUTH_ERROR } from './verifier.js';
export type { VerifyInput, VerifyResult, VerifyOptions } from './verifier.js';

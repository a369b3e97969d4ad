export { signRequest } from './signer.js';
export type { SignableRequest, SigningCredentials, SignOptions, AuthHeaders } from './signer.js';
export { verifyRequest, verifyRequestHeaders, GATEWAY_AUTH_ERROR } from './verifier.js';
export type { VerifyInput, VerifyResult, VerifyOptions } from './verifier.js';
export { CredentialsError, ProfileFileError } from './errors.js';
export {
  explicitProvider, environmentProvider, profileFileProvider, profileFilePath, secretStoreProvider, SECRET_STORE_KEY,
  credentialChain, defaultCredentialChain, resolveCredentials, nodeReadTextFile,
} from './credentials.js';
export type {
  ResolvedCredentials, ProviderResult, CredentialProvider, Env, ReadTextFile, ExplicitCredentials, ProfileProviderOptions,
  SecretStore, DefaultChainOptions,
} from './credentials.js';
export { parseProfileFile } from './profile.js';
export type { ProfileSection } from './profile.js';
export { IamTokenProvider, IamError, lookupProjectId, projectIdFromAnswer, lookupDomainId, domainIdFromAnswer } from './iam.js';
export type { FetchLike, PasswordIdentity, ProjectScope, IamTokenProviderOptions, IamToken, ProjectLookupOptions, DomainLookupOptions } from './iam.js';
export { resolveEndpoints, cceEndpointEnvName, serviceEndpointEnvName } from './endpoints.js';
export type { EndpointOptions, ResolvedEndpoints } from './endpoints.js';

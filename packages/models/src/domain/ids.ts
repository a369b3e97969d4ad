// Id formats of the API, in one place. Resource ids the CCE service hands out (clusters, jobs,
// add-on instances, tasks, workflows, charts, VPCs, subnets, EIPs) are UUIDs; IAM ids (project,
// domain, user) are 32 lowercase hex digits (spec 01 3.2 `X-Project-Id: e9993fc787d94b6c886cbaa340f9c0f4`).
// Patterns are exported as source strings (a shared RegExp object carries `lastIndex` state).

/** A UUID in its 8-4-4-4-12 hex form; case-insensitive, as UUIDs are. */
export const uuidPattern = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/** An IAM project, domain or user id: 32 lowercase hex digits. */
export const iamIdPattern = '^[0-9a-f]{32}$';

const UUID = new RegExp(uuidPattern);
const IAM_ID = new RegExp(iamIdPattern);

/** Whether `value` is a UUID: a resource id the API handed out, usable without looking it up by name. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Whether `value` has the shape of an IAM project id. */
export function isProjectId(value: string): boolean {
  return IAM_ID.test(value);
}

/** Whether `value` has the shape of an IAM domain (account) id; the same shape as a project id. */
export function isDomainId(value: string): boolean {
  return IAM_ID.test(value);
}

// The v2 job API (ListAutopilotJobs, GetAutopilotOneJob, DeleteAutopilotJob): the same job records
// as the v3 ShowAutopilotJob, in the SDK's V2Job shape (lower-case spec keys, `status.status`).
import { isTransientPhase } from '@cce-autopilot/models';
import type { V2Job, V2JobStatus } from '@cce-autopilot/models';
import { clusterTimestamp } from '../clock.js';
import { ServiceError, notFound } from '../errors.js';
import type { JobRecord } from '../records.js';
import type { Handler, HandlerMap, RequestWith } from './contract.js';

type V2JobSpec = NonNullable<V2Job['spec']>;

function render(job: JobRecord): V2Job {
  const one = (id: string, type: string, phase: V2JobStatus, created: number, updated: number, extra: V2JobSpec = {}): V2Job => ({
    kind: 'Job',
    apiVersion: 'v3',
    metadata: { uid: id, creationTimestamp: clusterTimestamp(created), updateTimestamp: clusterTimestamp(updated) },
    spec: { type, clusteruid: job.clusterId, resourceid: job.resourceId, ...extra },
    status: {
      status: phase,
      reason: phase === 'Failed' ? job.reason : '',
      ...(phase === 'Success' || phase === 'Failed' ? { completionTime: clusterTimestamp(updated) } : {}),
    },
  });
  return one(job.id, job.type, job.phase, job.createdAt, job.updatedAt, {
    resourcename: job.resourceName,
    extendparam: {},
    subjobs: job.subJobs.map((s) => one(s.id, s.type, s.phase, s.createdAt, s.updatedAt)),
  });
}

function jobOf(r: RequestWith<'job_id'>): JobRecord {
  const job = r.world.jobs.get(r.params.job_id);
  if (!job || job.projectId !== r.projectId) throw notFound(`job ${r.params.job_id} does not exist in project ${r.projectId}.`);
  return job;
}

const list: Handler<'ListAutopilotJobs'> = (r) => ({
  // The SDK reads a bare array (ListAutopilotJobsResponse.Body is []V2Job), newest first.
  body: r.world.jobs.list().filter((j) => j.projectId === r.projectId).sort((a, b) => b.createdAt - a.createdAt).map(render),
});

const get: Handler<'GetAutopilotOneJob'> = (r) => ({ body: render(jobOf(r)) });

const remove: Handler<'DeleteAutopilotJob'> = (r) => {
  const job = jobOf(r);
  if (isTransientPhase('v2Job', job.phase)) {
    throw new ServiceError(400, 'CCE.01400001', `Invalid request. job ${job.id} (${job.type}) is ${job.phase}; only a finished job can be deleted.`);
  }
  r.world.jobs.remove(job);
  return { status: 200, body: undefined };
};

export const jobV2Handlers = {
  ListAutopilotJobs: list,
  GetAutopilotOneJob: get,
  DeleteAutopilotJob: remove,
} satisfies Partial<HandlerMap>;

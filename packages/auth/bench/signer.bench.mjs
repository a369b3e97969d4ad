// Throughput of signRequest against the official Node SDK's AKSKSigner on the same requests, in
// the same process, alternating rounds so that both see the same machine load. Each signer is
// called the way its client calls it: the official one with HcClient's request shape (it
// serializes `data` itself), ours with the body bytes the client is about to send.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { signRequest } from '../dist/index.js';

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js');

const ak = 'QTWAOYTTINDUT2QVKYUC';
const sk = 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc';
const credential = { getAk: () => ak, getSk: () => sk };
const project = '77b6a44cba5143ab91d13ab9a8ff44fd';
const host = 'cce.cn-north-4.myhuaweicloud.com';
const cluster = { kind: 'Cluster', apiVersion: 'v3', metadata: { name: 'demo-cluster' }, spec: { category: 'Turbo', type: 'VirtualMachine', flavor: 'cce.autopilot.cluster', version: 'v1.28', hostNetwork: { vpc: 'vpc-id', subnet: 'subnet-id' }, containerNetwork: { mode: 'eni' }, eniNetwork: { subnets: [{ subnetID: 'sub-1' }] } } };

const requests = [
  { method: 'GET', path: `/autopilot/v3/projects/${project}/clusters`, query: { detail: 'true', status: 'Available' }, headers: { 'content-type': 'application/json' } },
  { method: 'POST', path: `/autopilot/v3/projects/${project}/clusters`, query: {}, headers: { 'content-type': 'application/json' }, data: cluster },
  { method: 'GET', path: '/autopilot/v3/addons', query: { cluster_id: 'c-1' }, headers: { 'content-type': 'application/json', 'X-Project-Id': project } },
  { method: 'DELETE', path: `/autopilot/v3/projects/${project}/clusters/c-1`, query: { delete_efs: 'true', delete_eni: 'true', delete_net: 'true', delete_obs: 'false', delete_sfs: 'false' }, headers: { 'content-type': 'application/json' } },
  { method: 'PUT', path: `/autopilot/v3/projects/${project}/clusters/c-1`, query: {}, headers: { 'content-type': 'application/json' }, data: { spec: { description: 'new description with spaces' } } },
  { method: 'GET', path: `/autopilot/v3/projects/${project}/clusters/c-1/releases/my-release/history`, query: { namespace: 'default' }, headers: { 'content-type': 'application/json', 'X-Project-Id': project } },
];

const ourRequests = requests.map((r) => {
  const qs = Object.entries(r.query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return { method: r.method, url: `https://${host}${r.path}${qs ? '?' + qs : ''}`, headers: r.headers, body: r.data === undefined ? undefined : JSON.stringify(r.data) };
});
const officialRequests = () => requests.map((r) => ({ method: r.method, endpoint: `https://${host}${r.path}`, headers: { ...r.headers }, queryParams: { ...r.query }, data: r.data }));

function runOurs(n) {
  let sink = 0;
  for (let i = 0; i < n; i++) sink += signRequest(ourRequests[i % ourRequests.length], { ak, sk }).Authorization.length;
  return sink;
}

function runOfficial(n) {
  let sink = 0;
  // Fresh request objects each round: the official signer sorts query arrays in place.
  const reqs = officialRequests();
  for (let i = 0; i < n; i++) sink += AKSKSigner.sign(reqs[i % reqs.length], credential).Authorization.length;
  return sink;
}

// Both signers produce the same Authorization for the same request at the same second, which is
// what makes the comparison fair; check it before timing.
const check = ourRequests[1];
const fixedDate = '20240506T070809Z';
const ours = signRequest({ ...check, headers: { ...check.headers, 'X-Sdk-Date': fixedDate } }, { ak, sk }).Authorization;
const theirs = AKSKSigner.sign({ ...officialRequests()[1], headers: { ...requests[1].headers, 'X-Sdk-Date': fixedDate } }, credential).Authorization;
if (ours !== theirs) throw new Error(`signers disagree:\n ours   ${ours}\n theirs ${theirs}`);

// Many short alternating slices instead of a few long runs: on a shared machine a load spike
// then hits both signers alike, and the ratio of summed times stays stable.
const slices = Number(process.env.BENCH_SLICES ?? 60);
const oursPerSlice = 2000;
const officialPerSlice = 500;
runOurs(oursPerSlice * 5);
runOfficial(officialPerSlice * 5);
let oursMs = 0;
let officialMs = 0;
for (let s = 0; s < slices; s++) {
  let t = performance.now();
  runOfficial(officialPerSlice);
  officialMs += performance.now() - t;
  t = performance.now();
  runOurs(oursPerSlice);
  oursMs += performance.now() - t;
}
const o = (slices * oursPerSlice) / oursMs * 1000;
const off = (slices * officialPerSlice) / officialMs * 1000;
console.log(`signer: @cce-autopilot/auth signRequest  ${Math.round(o).toLocaleString('en')} req/s`);
console.log(`signer: official AKSKSigner.sign         ${Math.round(off).toLocaleString('en')} req/s`);
console.log(`signer: ratio ${(o / off).toFixed(2)}x (goal >= 3x; ${slices} alternating slices over ${requests.length} CCE requests)`);

#!/usr/bin/env node
// Builds src/kube/data/proto-v1.30.json, the protobufjs JSON descriptor of the upstream
// `generated.proto` files kubectl's typed clients encode request bodies with.
// Usage: node scripts/build-proto-descriptor.mjs <dir with k8s.io/api/... and k8s.io/apimachinery/...> > src/kube/data/proto-v1.30.json
//
// The checked-in descriptor came from kubernetes/api v0.30.14 (e619809ab08129f17d21e98adfd8f00740c10343)
// and kubernetes/apimachinery v0.30.14 (07dc100ca27cee6e7e41844a5a0fbd5d2c71c2aa): core, apps,
// batch, autoscaling, policy, storage, networking, discovery, rbac, authorization, authentication
// and events, with meta/v1, runtime, runtime/schema, util/intstr and api/resource.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import protobuf from 'protobufjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: build-proto-descriptor.mjs <proto root>');
  process.exit(2);
}
const files = [];
const walk = (d) => {
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (f.endsWith('.proto')) files.push(relative(dir, p));
  }
};
walk(dir);
const root = new protobuf.Root();
root.resolvePath = (_origin, target) => join(dir, target);
root.loadSync(files.sort(), { keepCase: true });
const json = root.toJSON({ keepComments: false });
process.stdout.write(JSON.stringify({ source: 'kubernetes/api v0.30.14 e619809ab08129f17d21e98adfd8f00740c10343, kubernetes/apimachinery v0.30.14 07dc100ca27cee6e7e41844a5a0fbd5d2c71c2aa', ...json }));

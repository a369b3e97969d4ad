// What the emulator really holds, asked through the project's own client and signer (built dist),
// so scenarios compare the tree with the API's truth instead of with hard-coded names.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './vscode-web.mjs';

async function importDist(pkg) {
  const main = join(repoRoot, 'packages', pkg, 'dist/index.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: build @cce-autopilot/${pkg} first (pnpm build)`);
  return import(pathToFileURL(main).href);
}

export class EmulatorApi {
  constructor(emulator) {
    this.emulator = emulator;
    this.clients = new Map();
  }

  /** The account's projects; on the emulator as in the cloud, one per region, named after it. */
  async projects() {
    const { signRequest } = await importDist('auth');
    const url = `${this.emulator.url}/v3/projects`;
    const headers = { 'content-type': 'application/json' };
    Object.assign(headers, signRequest({ method: 'GET', url, headers }, { ak: this.emulator.ak, sk: this.emulator.sk }));
    const response = await fetch(url, { headers });
    if (!response.ok) throw new Error(`GET /v3/projects answered ${response.status}: ${await response.text()}`);
    const { projects } = await response.json();
    return projects.map((p) => ({ id: p.id, region: p.name }));
  }

  async client(region) {
    if (!this.clients.has(region)) {
      const { createClient } = await importDist('client');
      const projects = await this.projects();
      const project = projects.find((p) => p.region === region);
      if (!project) throw new Error(`the emulator has no project for region ${region} (has ${projects.map((p) => p.region).join(', ')})`);
      this.clients.set(
        region,
        createClient({
          region,
          projectId: project.id,
          credentials: { ak: this.emulator.ak, sk: this.emulator.sk },
          endpoints: { cce: this.emulator.url, iam: this.emulator.url },
          retry: { maxAttempts: 1 },
          env: {},
        }),
      );
    }
    return this.clients.get(region);
  }

  /** Calls one catalogue operation in a region: `call('cn-north-4', 'ListAutopilotClusters', {...})`. */
  async call(region, operation, input = {}) {
    const client = await this.client(region);
    return client.request(operation, input);
  }

  async clusters(region) {
    const answer = await this.call(region, 'ListAutopilotClusters', {});
    return (answer.items ?? []).map((c) => ({
      id: c.metadata?.uid,
      name: c.metadata?.name,
      phase: c.status?.phase,
      version: c.spec?.version,
      region,
    }));
  }

  async findCluster(name) {
    for (const { region } of await this.projects()) {
      const found = (await this.clusters(region)).find((c) => c.name === name);
      if (found) return found;
    }
    return undefined;
  }

  /** Regions with their clusters. */
  async world() {
    const regions = [];
    for (const { region } of await this.projects()) regions.push({ region, clusters: await this.clusters(region) });
    return regions;
  }

  /** Admin endpoints of the emulator (`/_emulator/...`): faults, clock, state. */
  async admin(method, path, body) {
    const response = await fetch(`${this.emulator.url}/_emulator/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} /_emulator/${path} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  close() {
    for (const client of this.clients.values()) void client.close?.();
    this.clients.clear();
  }
}

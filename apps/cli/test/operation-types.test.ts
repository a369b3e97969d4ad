// The command builder's types: a command's wait/handle read its operation's answer, and a body built
// from flags is the operation's body. Checked by the compiler (`pnpm typecheck`, part of `pnpm test`):
// each expected-error directive fails the typecheck if its line stops being an error.
import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { CliContext } from '../src/context.js';
import { addOperationCommand, compact, type OperationCommandSpec } from '../src/commands/operation.js';

const io = { stdout: { write: () => true }, stderr: { write: () => true }, isTTY: false, env: {} };

describe('OperationCommandSpec<N>', () => {
  it('types the answer in wait and handle by the operation', () => {
    const create: OperationCommandSpec<'CreateAutopilotCluster'> = {
      name: 'create',
      operation: 'CreateAutopilotCluster',
      example: 'x',
      wait: async (_c, result) => result.metadata.uid,
    };
    const wrongField: OperationCommandSpec<'ShowAutopilotClusterConfig'> = {
      name: 'log-configs',
      operation: 'ShowAutopilotClusterConfig',
      example: 'x',
      // @ts-expect-error the answer is {ttl_in_days, log_configs}: there is no logConfigs
      handle: async (_c, answer) => void answer.logConfigs,
    };
    const binary: OperationCommandSpec<'DownloadAutopilotChart'> = {
      name: 'download',
      operation: 'DownloadAutopilotChart',
      example: 'x',
      handle: async (_c, download) => void download.body,
    };
    expect([create, wrongField, binary].every((s) => typeof s.name === 'string')).toBe(true);
  });

  it('checks a body built from flags against the operation body', () => {
    const program = new Command();
    const ctx = new CliContext(program, io);
    addOperationCommand(program, ctx, {
      name: 'cancel',
      operation: 'UpgradeAutopilotWorkFlowUpdate',
      example: 'x',
      // @ts-expect-error a workflow is cancelled with the phase "Cancel", not "Cancelled"
      body: () => ({ status: { phase: 'Cancelled' as const } }),
    });
    addOperationCommand(program, ctx, {
      name: 'create',
      operation: 'CreateAutopilotCluster',
      example: 'x',
      // @ts-expect-error a cluster's kind is "Cluster" (or "cluster")
      body: () => compact({ kind: 'Clusters', metadata: { name: 'demo' } }),
    });
    addOperationCommand(program, ctx, {
      name: 'delay',
      operation: 'UpdateAutopilotUpgradePlan',
      example: 'x',
      // Unset flags leave fields undefined; compact drops them.
      body: () => compact({ notBefore: undefined }),
    });
    expect(program.commands.map((c) => c.name())).toEqual(['cancel', 'create', 'delay']);
  });
});

// `cce-autopilot mcp`: only the command's definition lives here. The server (and the MCP SDK) is
// imported when the command runs, so no other command pays for loading it.
import { Command, Option } from 'commander';
import type { CliContext } from '../context.js';

export function registerMcp(program: Command, ctx: CliContext): void {
  const mcp = new Command('mcp')
    .summary('Serve CCE Autopilot to AI agents over the Model Context Protocol (stdio)')
    .description(
      'Run an MCP server on stdin/stdout: every API operation as a tool (schemas from the catalogue), task tools (find_cluster, validate_values, wait_until_settled, set_up_kubeconfig), ' +
        'the catalogue and each cluster as resources, and prompts. Uses the global --region, --project-id, --endpoint and --profile options and the usual credentials.',
    )
    .addOption(
      new Option('--access <level>', 'readonly: reads only; readwrite: adds changes; admin: adds what hands out credentials (certificates, kubeconfig)')
        .choices(['readonly', 'readwrite', 'admin'])
        .default('readonly'),
    );
  mcp.addHelpText(
    'after',
    '\nExample:\n  $ cce-autopilot --region cn-north-4 mcp --access readwrite\n\n' +
      'In .vscode/mcp.json:\n  {"servers": {"cce-autopilot": {"type": "stdio", "command": "cce-autopilot", "args": ["mcp", "--access", "readonly"]}}}\n' +
      'More: apps/cli/src/mcp/README.md\n',
  );
  mcp.action(async (opts: { access: 'readonly' | 'readwrite' | 'admin' }) => {
    const { runMcpServer } = await import('./server.js');
    await runMcpServer(program, ctx, { access: opts.access });
  });
  program.addCommand(mcp);
}

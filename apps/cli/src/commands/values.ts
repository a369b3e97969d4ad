import type { Command } from 'commander';
import type { CliContext } from '../context.js';

type Opts = Record<string, unknown>;

export function registerValues(program: Command, ctx: CliContext): void {
  const values = program
    .command('values')
    .description('Addon and chart values files: validate them against the schema derived from the template or chart');
  values.addHelpText('after', '\nExample:\n  $ cce-autopilot values validate coredns.yaml --addon coredns --version 1.28.6\n');

  values
    .command('validate')
    .description('check a values file; prints file:line:col: error|warning: message, exits 1 when there is an error')
    .argument('<file>', 'values file (YAML)')
    .option('--addon <name>', 'addon template name (with --version)')
    .option('--version <version>', 'addon template version, e.g. 1.28.6')
    .option('--chart <chart>', 'chart name or id: validate chart values')
    .option('--template <file>', 'local template (JSON/YAML: template version, template, template list, or chart values); no server needed')
    .option('--values-schema <file>', "the chart's values.schema.json, when it has one")
    .option('--lang <locale>', 'language of descriptions: zh-CN or en (default: from LANG)')
    .addHelpText('after', '\nExample:\n  $ cce-autopilot values validate coredns.yaml --template coredns-1.28.6.json --output json\n')
    .action(async (file: string, opts: Opts) => {
      const { validateValuesFile } = await import('./values-run.js');
      await validateValuesFile(ctx, file, opts);
    });

  values
    .command('schema')
    .description('print the JSON Schema derived for an addon template version or a chart')
    .option('--addon <name>', 'addon template name (with --version)')
    .option('--version <version>', 'addon template version, e.g. 1.28.6')
    .option('--chart <chart>', 'chart name or id')
    .option('--template <file>', 'local template file instead of the API')
    .option('--values-schema <file>', "the chart's values.schema.json, when it has one")
    .option('--lang <locale>', 'language of descriptions: zh-CN or en (default: from LANG)')
    .addHelpText('after', '\nExample:\n  $ cce-autopilot values schema --addon coredns --version 1.28.6 > coredns.schema.json\n')
    .action(async (opts: Opts) => {
      const { printValuesSchema } = await import('./values-run.js');
      await printValuesSchema(ctx, opts);
    });
}

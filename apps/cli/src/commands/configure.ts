// `configure` (as `aws configure` and KooCLI's `hcloud configure`): writes a profile to the
// credentials file the auth package's chain reads, after checking the keys with one call, and
// `configure list` shows the profiles with the SK masked.
import { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { columns, UsageError, type CliContext } from '../context.js';
import { optString } from './operation.js';

type Opts = Record<string, unknown>;
const str = optString;

/** The profile chosen when none is named: the first the auth chain reads. */
const DEFAULT_PROFILE = 'basic';

function homeOf(ctx: CliContext): string {
  const home = ctx.io.env['HOME'] ?? ctx.io.env['USERPROFILE'];
  if (!home) throw new UsageError('cannot find the home folder (HOME is not set); set HUAWEICLOUD_SDK_CREDENTIALS_FILE');
  return home;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

/** `****WXYZ`: enough to tell keys apart, never the key. */
export function mask(secret: string | undefined): string {
  if (!secret) return '';
  return secret.length <= 8 ? '****' : `****${secret.slice(-4)}`;
}

/**
 * The file's text with `values` set in section `[profile]`: existing keys are replaced on their
 * own line, new ones added at the end of the section, a new section appended; every other line
 * (other profiles, comments, blank lines) stays as it was.
 */
export async function withProfile(text: string, path: string, profile: string, values: Readonly<Record<string, string>>): Promise<string> {
  const { parseProfileFile, ProfileFileError } = await import('@cce-autopilot/auth');
  // Parsing first refuses a broken file with its line number, before anything is changed.
  let sections: ReturnType<typeof parseProfileFile>;
  try {
    sections = parseProfileFile(text, path);
  } catch (error) {
    if (error instanceof ProfileFileError) throw new UsageError(`${error.message}; fix the file and run configure again (nothing was written)`);
    throw error;
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text === '' ? [] : text.replace(/\r?\n$/, '').split(/\r?\n/);
  const section = sections.get(profile);
  const entries = Object.entries(values);
  if (section === undefined) {
    const head = lines.length > 0 && lines[lines.length - 1]!.trim() !== '' ? [''] : [];
    return [...lines, ...head, `[${profile}]`, ...entries.map(([k, v]) => `${k} = ${v}`)].join(eol) + eol;
  }
  // The section ends before the next header.
  let end = lines.length;
  for (let i = section.line; i < lines.length; i++) {
    if (lines[i]!.trim().startsWith('[')) {
      end = i;
      break;
    }
  }
  let last = section.line - 1;
  for (let i = section.line; i < end; i++) if (lines[i]!.trim() !== '') last = i;
  const added: string[] = [];
  for (const [key, value] of entries) {
    const existing = section.values.get(key);
    if (existing) lines[existing.line - 1] = `${key} = ${value}`;
    else added.push(`${key} = ${value}`);
  }
  lines.splice(last + 1, 0, ...added);
  return lines.join(eol) + eol;
}

/** Writes next to the file and renames over it: a reader sees the old file or the new, never half. */
async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, { mode: 0o600, flag: 'wx' });
    await chmod(temp, 0o600);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

const KEY_VALUE = /^[^\s#;=:"'[\]]+$/;

async function value(ctx: CliContext, opts: Opts, key: string, question: string, required: boolean, secret = false): Promise<string | undefined> {
  let given = str(opts, key);
  if (given === undefined && ctx.io.ask !== undefined) {
    const answer = (await ctx.io.ask(question, { secret })).trim();
    given = answer === '' ? undefined : answer;
  }
  if (given === undefined) {
    if (required) throw new UsageError(`configure needs --${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} (or a terminal to ask on)`);
    return undefined;
  }
  // The value goes on one INI line: no spaces, quotes, comment or separator characters.
  if (!KEY_VALUE.test(given)) throw new UsageError(`--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} holds characters an access key never has (spaces, quotes, #, ;, =, :)`);
  return given;
}

export function registerConfigure(program: Command, ctx: CliContext): void {
  const configure = new Command('configure')
    .summary('Save an access key (AK/SK) as a profile of ~/.huaweicloud/credentials')
    .description(
      'Save an access key as a profile (the global --profile, default [basic]) of ~/.huaweicloud/credentials ' +
        '(HUAWEICLOUD_SDK_CREDENTIALS_FILE when set): the file every Huawei Cloud SDK and this CLI read. ' +
        'The keys are checked first with one signed call (the IAM project of --region; with --project-id, ShowAutopilotQuotas); ' +
        'the file is written only when that works, with mode 0600, atomically, keeping other profiles and comments. ' +
        'Values not given as options are asked for on a terminal.',
    )
    .option('--ak <ak>', 'access key id')
    .option('--sk <sk>', 'secret access key (asked for when absent; an option is visible to other local users)')
    .option('--no-check', 'save without checking the keys against the API')
    .action(async (opts: Opts) => {
      const g = ctx.globals();
      const profile = g.profile ?? DEFAULT_PROFILE;
      const ak = (await value(ctx, opts, 'ak', `AK for profile [${profile}]: `, true))!;
      const sk = (await value(ctx, opts, 'sk', `SK for profile [${profile}]: `, true, true))!;
      let projectId = g.projectId;
      if (projectId !== undefined && !KEY_VALUE.test(projectId)) throw new UsageError('--project-id holds characters a project id never has');
      const { createClient } = await import('@cce-autopilot/client');
      const { profileFilePath } = await import('@cce-autopilot/auth');
      const path = profileFilePath(ctx.io.env, homeOf(ctx));
      const before = (await readIfExists(path)) ?? '';
      if (opts['check'] !== false) {
        const client = createClient({
          // The keys are the ones given; the environment still chooses endpoints (HUAWEICLOUD_SDK_IAM_ENDPOINT...).
          env: ctx.io.env,
          credentials: { ak, sk },
          ...(g.region === undefined ? {} : { region: g.region }),
          ...(projectId === undefined ? {} : { projectId }),
          endpoints: { ...(g.endpoint === undefined ? {} : { cce: g.endpoint }), ...(g.iamEndpoint === undefined ? {} : { iam: g.iamEndpoint }) },
          retry: { maxAttempts: 1 },
          userAgent: 'cce-autopilot-cli/0.1.0',
        });
        try {
          if (projectId === undefined) {
            const { lookupProjectId } = await import('@cce-autopilot/auth');
            projectId = await lookupProjectId({ iamEndpoint: client.iamEndpoint, region: client.region, credentials: { ak, sk } });
          } else {
            await client.request('ShowAutopilotQuotas', {});
          }
        } finally {
          await client.close();
        }
      }
      const text = await withProfile(before, path, profile, { ak, sk, ...(projectId === undefined ? {} : { project_id: projectId }) });
      await writeAtomically(path, text);
      await ctx.print({ profile, file: path, ak, sk: mask(sk), ...(projectId === undefined ? {} : { projectId }), checked: opts['check'] !== false }, columns(['PROFILE', 'profile'], ['AK', 'ak'], ['SK', 'sk'], ['PROJECT ID', 'projectId'], ['FILE', 'file']));
    });
  configure.addHelpText('after', '\nExample:\n  $ cce-autopilot --profile ci --region cn-north-4 configure --ak AKEXAMPLE --sk SKEXAMPLE\n');

  const list = new Command('list')
    .summary('List the profiles of the credentials file (SK masked)')
    .description('List the profiles of ~/.huaweicloud/credentials (HUAWEICLOUD_SDK_CREDENTIALS_FILE when set) with the SK masked.')
    .action(async () => {
      const { parseProfileFile, profileFilePath } = await import('@cce-autopilot/auth');
      const path = profileFilePath(ctx.io.env, homeOf(ctx));
      const text = await readIfExists(path);
      if (text === undefined) throw new UsageError(`${path} does not exist yet: create a profile with cce-autopilot configure`);
      const rows = [...parseProfileFile(text, path).values()].map((s) => ({
        profile: s.name,
        ak: s.values.get('ak')?.value ?? '',
        sk: mask(s.values.get('sk')?.value),
        projectId: s.values.get('project_id')?.value ?? '',
        securityToken: s.values.has('security_token'),
      }));
      await ctx.print(rows, columns(['PROFILE', 'profile'], ['AK', 'ak'], ['SK', 'sk'], ['PROJECT ID', 'projectId']));
    });
  list.addHelpText('after', '\nExample:\n  $ cce-autopilot configure list\n');
  configure.addCommand(list);
  program.addCommand(configure);
}

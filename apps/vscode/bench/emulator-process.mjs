// One emulator in its own process (so the benchmark's client does not share its event loop), with
// a cluster quota large enough for the benchmark. Prints one JSON line, then serves until killed.
import { startEmulator } from '@cce-autopilot/emulator';

const perProject = Number(process.argv[2] ?? '200');
const emu = await startEmulator({ seed: 'empty', speed: 'instant', quotas: { clustersPerRegion: perProject } });
process.stdout.write(`${JSON.stringify({ url: emu.url, region: emu.region, projectId: emu.projectId, ak: emu.ak, sk: emu.sk, projects: emu.projects })}\n`);
const stop = () => { emu.stop().finally(() => process.exit(0)); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

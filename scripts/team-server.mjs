// Starts the team server (out/main/teamServer.js) with the backend's V8 flags, as the web
// bridge runs: `npm run team-server -- --data-dir DIR --host 0.0.0.0 --port 8443`.
// Builds first only when the build is missing (a server is rebuilt on purpose, after an
// upgrade: `npm run build`), so a service restart does not recompile the interface.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'out', 'main', 'teamServer.js');
if (!existsSync(entry)) {
  console.log('Première utilisation : construction de Pilote CPO (npm run build)…');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const { flags } = JSON.parse(
  readFileSync(join(root, 'resources', 'backend-node-flags.json'), 'utf8'),
);
const child = spawn(process.execPath, [...flags, entry, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
const forward = (signal) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', (code) => process.exit(code ?? 0));

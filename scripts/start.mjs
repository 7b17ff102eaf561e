// Opens Pilote CPO after `npm run build`: in Electron where its binary is already installed
// and can run, otherwise at once in browser mode through the web bridge (one French line
// says so and prints the address). Never downloads anything (see electronBinary.cjs).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import electronModule from './electronBinary.cjs';

const { electronBinary } = electronModule;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electron = electronBinary();

if (electron.binary) {
  const child = spawn(electron.binary, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    `Electron n'est pas disponible sur cette machine (${electron.reason}) : Pilote CPO s'ouvre en mode navigateur.`,
  );
  // The backend's V8 flags, as in Electron's utility process (see the file for why).
  const { flags } = JSON.parse(
    readFileSync(join(root, 'resources', 'backend-node-flags.json'), 'utf8'),
  );
  const child = spawn(
    process.execPath,
    [...flags, join(root, 'out', 'main', 'webBridge.js'), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}

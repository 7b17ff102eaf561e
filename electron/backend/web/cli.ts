/**
 * Starts the backend and the web bridge from the command line (built to out/main/webBridge.js).
 *   node out/main/webBridge.js [--data-dir DIR] [--port N] [--no-demo] [--json]
 * With --json it prints one JSON line {url, port, token, dataDir} for test harnesses.
 * PILOTE_CPO_TODAY=AAAA-MM-JJ runs the app on a fixed day (see ../clock.ts).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { version } from '../../../package.json';
import { createBackend } from '../backend';
import { clockFromEnvironment } from '../clock';
import { defaultDataDir } from '../dataDir';
import { runServer } from './runServer';
import { startWebBridge } from './server';

async function main() {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      'no-demo': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const backend = createBackend({
    dataDir,
    mode: 'web',
    version,
    demo: !values['no-demo'],
    // PILOTE_CPO_TODAY pins the day (e2e tests): read once, here.
    now: clockFromEnvironment(),
  });
  const bridge = await startWebBridge({
    backend,
    staticDir: join(__dirname, '..', 'renderer'),
    port: values.port ? Number(values.port) : 0,
  });
  if (values.json) {
    console.log(
      JSON.stringify({ url: bridge.url, port: bridge.port, token: bridge.token, dataDir }),
    );
  } else {
    console.log(`Pilote CPO est prêt. Ouvrez cette adresse dans votre navigateur : ${bridge.url}`);
    console.log(`Données : ${dataDir} — arrêt : Ctrl+C`);
  }
  return { server: bridge, backend };
}

runServer(main, "Pilote CPO n'a pas pu démarrer");

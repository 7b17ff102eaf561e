/**
 * Starts the team server from the command line (built to out/main/teamServer.js):
 *   npm run team-server -- --data-dir DIR [--host 0.0.0.0] [--port 8443]
 *     [--cert FILE --key FILE] [--name serveur.local]… [--http] [--admin-login LOGIN] [--demo] [--json]
 *
 * HTTPS unless the host is 127.0.0.1 (then --https asks for it); --http on another address
 * is refused. At the first start of a data folder without accounts, the administrator is
 * created: login from --admin-login (default « direction »), password from the environment
 * variable PILOTE_CPO_ADMIN_PASSWORD, else generated and printed once.
 * PILOTE_CPO_TODAY=AAAA-MM-JJ runs it on a fixed day (see ../clock.ts).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { version } from '../../../package.json';
import { createBackend } from '../backend';
import { clockFromEnvironment } from '../clock';
import { defaultDataDir } from '../dataDir';
import { runServer } from '../web/runServer';
import { countAccounts } from './accounts';
import { checkListenAddress, isLoopback, startTeamServer } from './server';

export const ADMIN_PASSWORD_VARIABLE = 'PILOTE_CPO_ADMIN_PASSWORD';

async function main() {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8443' },
      cert: { type: 'string' },
      key: { type: 'string' },
      name: { type: 'string', multiple: true },
      http: { type: 'boolean', default: false },
      https: { type: 'boolean', default: false },
      'admin-login': { type: 'string', default: 'direction' },
      demo: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const host = values.host;
  const https = values.http
    ? false
    : values.https || values.cert !== undefined || !isLoopback(host);
  // Refused before the database is even opened.
  checkListenAddress(host, https);
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const now = clockFromEnvironment();
  const backend = createBackend({ dataDir, mode: 'team', version, demo: values.demo, now });
  const firstStart = countAccounts(backend.database.db) === 0;
  const givenPassword = process.env[ADMIN_PASSWORD_VARIABLE];
  const password = givenPassword ?? randomBytes(15).toString('base64url');
  const server = await startTeamServer({
    backend,
    staticDir: join(__dirname, '..', 'renderer'),
    host,
    port: Number(values.port),
    https,
    certFile: values.cert,
    keyFile: values.key,
    certificateNames: values.name,
    administrator: firstStart
      ? { login: values['admin-login'], displayName: 'Administrateur', password }
      : undefined,
    now,
  });
  if (values.json) {
    console.log(
      JSON.stringify({
        url: server.url,
        port: server.port,
        fingerprint: server.fingerprint,
        administrator: server.administratorCreated,
        dataDir,
      }),
    );
  } else {
    console.log(`Serveur d’équipe Pilote CPO prêt : ${server.url}`);
    if (server.fingerprint) {
      console.log(
        `Empreinte SHA-256 du certificat (${server.certificate?.source === 'operator' ? 'le vôtre' : 'créé pour ce serveur'}) :`,
      );
      console.log(`  ${server.fingerprint}`);
      console.log(
        'Comparez-la avec celle que le navigateur affiche avant d’accepter le certificat.',
      );
    }
    if (server.administratorCreated) {
      console.log(
        `Premier démarrage : compte administrateur « ${server.administratorCreated} » créé.`,
      );
      if (givenPassword === undefined) {
        console.log(`  Mot de passe provisoire (affiché une seule fois) : ${password}`);
        console.log('  Changez-le après la première connexion (Comptes → Réinitialiser).');
      }
    }
    console.log(`Données : ${dataDir} — arrêt : Ctrl+C`);
  }
  return { server, backend };
}

runServer(main, 'Le serveur d’équipe n’a pas pu démarrer');

/**
 * The team server: the same backend and the same built renderer as the local web bridge
 * (../web/server.ts), served to the office network, for several staff with accounts.
 *
 * What differs from the local bridge, and why:
 * - HTTPS by default (a certificate generated at first start, or the operator's own);
 *   plain HTTP is refused on any address but the loopback (passwords and identities
 *   would cross the network in clear);
 * - the caller is an account signed in with its password (team/accounts.ts), its session
 *   in an HttpOnly, SameSite=Strict cookie (Secure, and `__Host-` prefixed, over HTTPS);
 * - every call carries the session's CSRF token in a header (X-CSRF-Token), and a request
 *   a browser marks as cross-site (Origin of another site, Sec-Fetch-Site: cross-site) is
 *   refused with 403, before anything is read;
 * - the backend receives the account and its role with each call: it refuses what the role
 *   does not allow and signs the history with the account (backend.ts, roles.ts).
 * After these checks the routes are the local bridge's (serveApp): events, uploads, calls,
 * the renderer's files.
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { AppError } from '../../../shared/errors';
import { toErrorData, type Backend } from '../backend';
import { readBody, resolveMaxUploadBytes, sendError, sendJson, serveApp } from '../web/server';
import {
  endSession,
  ensureAdministrator,
  login,
  readSession,
  removeEndedSessions,
  sessionIsOpen,
  sameSecret,
  type ActiveSession,
  type NewAccount,
} from './accounts';
import {
  ensureSelfSignedCertificate,
  readOperatorCertificate,
  type Certificate,
} from './certificate';
import { LoginThrottle } from './loginThrottle';

export const CSRF_HEADER = 'x-csrf-token';
const PLAIN_COOKIE = 'pilote_cpo_session';
/** Over HTTPS: the browser keeps a `__Host-` cookie only if Secure, Path=/ and without Domain. */
const SECURE_COOKIE = '__Host-pilote_cpo_session';

/** The addresses where plain HTTP is allowed: nothing leaves the machine. */
export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost';
}

/**
 * Refuses plain HTTP anywhere but the loopback, before anything is opened. Pure, so the
 * rule is tested without binding to the network.
 */
export function checkListenAddress(host: string, https: boolean) {
  if (!https && !isLoopback(host)) {
    throw new AppError(
      'VALIDATION',
      `Refusé : le serveur d’équipe n’écoute en HTTP simple (sans chiffrement) que sur 127.0.0.1, pas sur « ${host} ». ` +
        'Sur le réseau, il utilise HTTPS : retirez --http (un certificat est créé au premier démarrage) ou donnez le vôtre avec --cert et --key.',
    );
  }
}

export interface TeamServerOptions {
  backend: Backend;
  /** The built renderer (out/renderer). */
  staticDir: string;
  /** Default 127.0.0.1. */
  host?: string;
  port?: number;
  /** HTTPS or not; default: HTTPS unless the host is the loopback. */
  https?: boolean;
  /** The operator's certificate and key (PEM files); else one is generated and kept. */
  certFile?: string;
  keyFile?: string;
  /** Extra names written in a generated certificate (the server's name on the network). */
  certificateNames?: string[];
  /** The administrator created at first start (when the data set has no account yet). */
  administrator?: Omit<NewAccount, 'role'>;
  /** The clock of sessions and lockouts (tests); the backend's own is given to the backend. */
  now?: () => Date;
  maxUploadBytes?: number;
}

export interface TeamServer {
  server: Server;
  port: number;
  host: string;
  https: boolean;
  url: string;
  /** The certificate's SHA-256 fingerprint (HTTPS), to compare with the browser's. */
  fingerprint: string | null;
  certificate: Certificate | null;
  /** The administrator created by this start, or null when accounts existed already. */
  administratorCreated: string | null;
  close(): Promise<void>;
}

function cookieValue(request: IncomingMessage, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/**
 * A request a browser sent from another site: refused whatever it carries. A request with
 * neither header comes from a program (curl, the tests), which the cookie and the CSRF token
 * still have to convince.
 */
export function crossSiteProblem(
  headers: IncomingMessage['headers'],
  ownOrigin: string,
): string | null {
  const fetchSite = headers['sec-fetch-site'];
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    return 'Requête venue d’un autre site : refusée.';
  }
  const origin = headers.origin;
  if (origin !== undefined && origin !== ownOrigin) {
    return 'Origine refusée : ouvrez Pilote CPO à l’adresse du serveur.';
  }
  return null;
}

export async function startTeamServer(options: TeamServerOptions): Promise<TeamServer> {
  const host = options.host ?? '127.0.0.1';
  const https = options.https ?? (options.certFile !== undefined || !isLoopback(host));
  checkListenAddress(host, https);
  if ((options.certFile === undefined) !== (options.keyFile === undefined)) {
    throw new AppError('VALIDATION', 'Donnez à la fois --cert et --key, ou aucun des deux.');
  }
  const now = options.now ?? (() => new Date());
  const backend = options.backend;
  const db = () => backend.database.db;
  const staticRoot = resolve(options.staticDir);
  const maxUploadBytes = resolveMaxUploadBytes(options.maxUploadBytes);
  const cookieName = https ? SECURE_COOKIE : PLAIN_COOKIE;
  const cookieFlags = `HttpOnly; SameSite=Strict; Path=/${https ? '; Secure' : ''}`;
  const throttle = new LoginThrottle();
  /** The open events channels and their sessions. */
  const streams = new Set<{ sessionId: string; response: ServerResponse }>();
  /** Ends the events channels whose session has ended (checked without counting as activity). */
  const endStaleStreams = () => {
    for (const stream of streams) {
      if (!sessionIsOpen(db(), stream.sessionId, now())) {
        streams.delete(stream);
        stream.response.end();
      }
    }
  };
  // After a change of accounts (disabled, password reset), and every minute for expiry.
  const unsubscribe = backend.subscribe((event) => {
    if (event.type === 'changed' && event.channel.startsWith('accounts.')) endStaleStreams();
  });
  const sweep = setInterval(endStaleStreams, 60_000);
  sweep.unref();

  let administratorCreated: string | null = null;
  if (options.administrator) {
    const created = await ensureAdministrator(
      db(),
      { ...options.administrator, role: 'direction' },
      now(),
    );
    administratorCreated = created?.login ?? null;
  }
  removeEndedSessions(db(), now());

  let certificate: Certificate | null = null;
  if (https) {
    certificate =
      options.certFile && options.keyFile
        ? readOperatorCertificate(options.certFile, options.keyFile)
        : await ensureSelfSignedCertificate(backend.dataDir, [
            host,
            ...(options.certificateNames ?? []),
          ]);
  }

  const listener = (request: IncomingMessage, response: ServerResponse) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { ok: false, error: toErrorData(error) });
      else response.end();
    });
  };
  const server: Server = certificate
    ? (createHttpsServer(
        { cert: certificate.cert, key: certificate.key, minVersion: 'TLSv1.2' },
        listener,
      ) as unknown as Server)
    : createHttpServer(listener);

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const hostHeader = request.headers.host ?? '';
    const ownOrigin = `${https ? 'https' : 'http'}://${hostHeader}`;
    let url: URL;
    try {
      url = new URL(request.url ?? '/', ownOrigin);
    } catch {
      sendError(response, 400, new AppError('VALIDATION', 'Adresse illisible.'));
      return;
    }
    const isApi = url.pathname.startsWith('/api/');
    if (isApi) {
      const problem = crossSiteProblem(request.headers, ownOrigin);
      if (problem) {
        sendError(response, 403, new AppError('FORBIDDEN', problem));
        return;
      }
    }
    const sessionId = cookieValue(request, cookieName);

    if (url.pathname === '/api/session/login') {
      if (request.method !== 'POST') {
        sendError(response, 405, new AppError('VALIDATION', 'Méthode non permise.'));
        return;
      }
      await handleLogin(request, response);
      return;
    }
    if (url.pathname === '/api/session/logout') {
      if (request.method !== 'POST') {
        sendError(response, 405, new AppError('VALIDATION', 'Méthode non permise.'));
        return;
      }
      // Never inside another call's open transaction (a FEC import's): see Backend.exclusive.
      await backend.exclusive(() => endSession(db(), sessionId));
      endStaleStreams();
      response.setHeader('Set-Cookie', `${cookieName}=; Max-Age=0; ${cookieFlags}`);
      sendJson(response, 200, { ok: true, data: { loggedOut: true } });
      return;
    }

    const session = readSession(db(), sessionId, now());
    if (url.pathname === '/api/session') {
      // Read without a session too: it is how the page learns it must show the login form.
      sendJson(response, 200, { ok: true, data: sessionInfo(session) });
      return;
    }
    if (!isApi) {
      // The renderer's files: the same for everyone (the login page is part of it).
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        sendError(response, 405, new AppError('VALIDATION', 'Méthode non permise.'));
        return;
      }
      await serveApp(request, response, url, { backend, staticRoot, maxUploadBytes });
      return;
    }
    if (!session) {
      sendError(
        response,
        401,
        new AppError('UNAUTHORISED', 'Session terminée ou absente : reconnectez-vous.'),
      );
      return;
    }
    // Anything that changes or reads through a call carries the CSRF token; the events
    // channel (a GET an EventSource cannot add headers to) only reads what changed.
    const isEvents = url.pathname === '/api/events' && request.method === 'GET';
    if (isEvents && sessionId) {
      // Kept to be ended with its session (logout, expiry, a disabled account).
      const open = { sessionId, response };
      streams.add(open);
      request.on('close', () => streams.delete(open));
    }
    if (!isEvents) {
      const given = request.headers[CSRF_HEADER];
      if (!sameSecret(typeof given === 'string' ? given : undefined, session.csrfToken)) {
        sendError(
          response,
          403,
          new AppError(
            'FORBIDDEN',
            'Jeton de sécurité manquant ou invalide : rechargez la page et recommencez.',
          ),
        );
        return;
      }
    }
    // Uploads feed imports only; read-only accounts import nothing, so they send no file.
    if (url.pathname === '/api/upload' && session.account.role === 'lecture') {
      sendError(
        response,
        403,
        new AppError('FORBIDDEN', 'Votre rôle (lecture seule) ne permet pas d’envoyer de fichier.'),
      );
      return;
    }
    await serveApp(request, response, url, {
      backend,
      staticRoot,
      maxUploadBytes,
      actor: { account: session.account.login, role: session.account.role },
    });
  }

  function sessionInfo(session: ActiveSession | null) {
    return {
      mode: 'team' as const,
      https,
      account: session
        ? {
            login: session.account.login,
            displayName: session.account.displayName,
            role: session.account.role,
          }
        : null,
      csrfToken: session?.csrfToken ?? null,
      expiresAt: session?.expiresAt ?? null,
    };
  }

  async function handleLogin(request: IncomingMessage, response: ServerResponse) {
    const address = request.socket.remoteAddress ?? '';
    const wait = throttle.waitFor(address, now());
    if (wait !== null) {
      sendJson(response, 429, {
        ok: false,
        error: new AppError(
          'UNAUTHORISED',
          `Trop d’essais depuis cet ordinateur : réessayez dans ${Math.ceil(wait / 60_000)} min.`,
        ).toData(),
      });
      return;
    }
    let body: unknown;
    try {
      body = await readBody(request);
    } catch (error) {
      sendJson(response, 400, { ok: false, error: toErrorData(error) });
      return;
    }
    const { login: typed, password } = (body ?? {}) as { login?: unknown; password?: unknown };
    if (typeof typed !== 'string' || typeof password !== 'string' || typed.trim() === '') {
      sendError(
        response,
        400,
        AppError.validation([], 'Saisissez votre identifiant et votre mot de passe.'),
      );
      return;
    }
    // Its writes (the session, the failure count) never land in an import's open transaction.
    const result = await backend.exclusive(() => login(db(), typed, password, now));
    if (!result.ok) {
      throttle.failed(address, now());
      sendJson(response, 401, {
        ok: false,
        error: { ...new AppError('UNAUTHORISED', result.message).toData() },
        lockedUntil: result.lockedUntil,
      });
      return;
    }
    response.setHeader('Set-Cookie', `${cookieName}=${result.sessionId}; ${cookieFlags}`);
    sendJson(response, 200, {
      ok: true,
      data: {
        mode: 'team',
        https,
        account: result.account,
        csrfToken: result.csrfToken,
        expiresAt: result.expiresAt,
      },
    });
  }

  // A member of staff pauses between clicks for longer than Node's 5 s default: keep the
  // connection (and its TLS session) open through the pause instead of reconnecting, as a
  // browser expects; headers must time out later than idle connections.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const port = (server.address() as AddressInfo).port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolvePromise({
        server,
        port,
        host,
        https,
        url: `${https ? 'https' : 'http'}://${shownHost}:${port}/`,
        fingerprint: certificate?.fingerprint ?? null,
        certificate,
        administratorCreated,
        close: () =>
          new Promise((done) => {
            clearInterval(sweep);
            unsubscribe();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/**
 * The web bridge: the backend's calls over HTTP on 127.0.0.1, and the built renderer.
 * Used by the end-to-end tests and by `npm start` where Electron cannot run.
 *
 * Security, since any local program or web page could try to reach the port:
 * - a random token is required on every request (cookie set by the one-time `/?t=` link,
 *   or an `Authorization: Bearer` header), compared in constant time;
 * - the Host header must be 127.0.0.1:<port> or localhost:<port> (DNS rebinding);
 * - a request carrying a foreign Origin is refused, and no CORS header is ever sent;
 * - the cookie is HttpOnly and SameSite=Strict;
 * - the one-time link works once: a copied address cannot be replayed later;
 * - an upload is bounded (2 GiB by default), and a call names a file by its upload id only,
 *   never by a path (the contract has no such field).
 * The routes are the contract's channels; the bridge holds no logic of its own.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { channels } from '../../../shared/contract';
import { CONTENT_SECURITY_POLICY } from '../../../shared/contentSecurityPolicy';
import { AppError } from '../../../shared/errors';
import { formatNumber } from '../../../shared/format';
import type { Actor } from '../../../shared/contract/roles';
import { toErrorData, type Backend } from '../backend';
import { UPLOAD_FOLDER } from '../services/actuals';

const COOKIE = 'pilote_cpo_token';
const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** The largest upload accepted: a FEC of several million lines is well under it. */
export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

export interface WebBridge {
  server: Server;
  port: number;
  token: string;
  /** The link to open once: it sets the cookie and lands on the app. */
  url: string;
  close(): Promise<void>;
}

export interface WebBridgeOptions {
  backend: Backend;
  /** The built renderer (out/renderer). */
  staticDir: string;
  port?: number;
  token?: string;
  /**
   * Uploads above this size are refused with 413: this option, else the environment's
   * PILOTE_CPO_MAX_UPLOAD_BYTES, else DEFAULT_MAX_UPLOAD_BYTES (2 GiB).
   */
  maxUploadBytes?: number;
}

class UploadTooLarge extends Error {}

/** The contract's channels: the only names /api/call/ answers. */
const callRoutes = new Set<string>(channels);

/** decodeURIComponent, or null for a malformed address (`%E0%A4%A`): a 400, not a 500. */
function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** The HTTP status of a refusal: 4xx for what the caller can correct, 500 for the engine. */
function statusOf(code: string): number {
  if (code === 'INTERNAL') return 500;
  if (code === 'NOT_FOUND') return 404;
  if (code === 'CONFLICT') return 409;
  if (code === 'FORBIDDEN') return 403;
  return 400;
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(request: IncomingMessage): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === COOKIE) return rest.join('=');
  }
  return undefined;
}

function bearerToken(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

export function sendJson(response: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(text);
}

export function sendError(response: ServerResponse, status: number, error: AppError) {
  sendJson(response, status, { ok: false, error: error.toData() });
}

export async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new AppError('VALIDATION', 'Requête trop volumineuse.');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new AppError('VALIDATION', 'Requête illisible (JSON invalide).');
  }
}

/** The upload bound: the option, else PILOTE_CPO_MAX_UPLOAD_BYTES, else the default. */
export function resolveMaxUploadBytes(option?: number): number {
  const fromEnvironment = Number(process.env.PILOTE_CPO_MAX_UPLOAD_BYTES);
  return (
    option ??
    (Number.isSafeInteger(fromEnvironment) && fromEnvironment > 0
      ? fromEnvironment
      : DEFAULT_MAX_UPLOAD_BYTES)
  );
}

/** What the routes after the sign-in need: the same for the local bridge and the team server. */
export interface AppRoutes {
  backend: Backend;
  /** The built renderer, resolved. */
  staticRoot: string;
  maxUploadBytes: number;
  /** The team server's authenticated account (its role is checked by the backend); none locally. */
  actor?: Actor;
}

/**
 * The routes once the caller is let in (the local token, or a team session and its CSRF
 * token): the events channel, uploads, the contract's calls, and the built renderer.
 */
export async function serveApp(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  app: AppRoutes,
) {
  if (url.pathname === '/api/events' && request.method === 'GET') {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    response.write(': connecté\n\n');
    const unsubscribe = app.backend.subscribe((event) => {
      response.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    request.on('close', unsubscribe);
    return;
  }

  if (url.pathname === '/api/upload') {
    // Large files (a FEC of a million lines) are streamed to disk, never held in memory;
    // the calls then name the upload. Bytes only: what the file means is the backend's.
    if (request.method !== 'POST') {
      sendError(response, 405, new AppError('VALIDATION', 'Méthode non permise.'));
      return;
    }
    const tooLarge = new AppError(
      'VALIDATION',
      `Fichier trop volumineux : ${formatNumber(Math.floor(app.maxUploadBytes / 1024 / 1024))} Mio au plus.`,
    );
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > app.maxUploadBytes) {
      response.setHeader('Connection', 'close');
      sendError(response, 413, tooLarge);
      request.destroy();
      return;
    }
    const uploadId = randomUUID();
    const folder = join(app.backend.dataDir, UPLOAD_FOLDER);
    mkdirSync(folder, { recursive: true });
    const target = join(folder, uploadId);
    let received = 0;
    try {
      await pipeline(
        request,
        // Counted as it comes: a body sent without its length is bounded too.
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            received += chunk.length;
            if (received > app.maxUploadBytes) throw new UploadTooLarge();
            yield chunk;
          }
        },
        createWriteStream(target),
      );
    } catch (error) {
      rmSync(target, { force: true });
      if (error instanceof UploadTooLarge) {
        response.setHeader('Connection', 'close');
        sendError(response, 413, tooLarge);
        request.destroy();
        return;
      }
      sendError(
        response,
        400,
        new AppError('VALIDATION', 'Le fichier n’a pas pu être reçu : recommencez.'),
      );
      return;
    }
    sendJson(response, 200, { ok: true, data: { uploadId } });
    return;
  }

  if (url.pathname.startsWith('/api/call/')) {
    if (request.method !== 'POST') {
      sendError(response, 405, new AppError('VALIDATION', 'Méthode non permise.'));
      return;
    }
    const channel = decoded(url.pathname.slice('/api/call/'.length));
    if (channel === null) {
      sendError(response, 400, new AppError('VALIDATION', 'Adresse illisible.'));
      return;
    }
    if (!callRoutes.has(channel)) {
      sendError(response, 404, new AppError('NOT_FOUND', `Action inconnue : « ${channel} ».`));
      return;
    }
    try {
      const input = await readBody(request);
      const data = await app.backend.callRaw(channel, input, app.actor);
      sendJson(response, 200, { ok: true, data });
    } catch (error) {
      const data = toErrorData(error);
      sendJson(response, statusOf(data.code), { ok: false, error: data });
    }
    return;
  }

  if (request.method !== 'GET' && request.method !== 'HEAD') {
    sendError(response, 405, new AppError('VALIDATION', 'Méthode non permise.'));
    return;
  }
  serveStatic(app.staticRoot, url.pathname, response);
}

function serveStatic(staticRoot: string, pathname: string, response: ServerResponse) {
  const path = decoded(pathname);
  if (path === null || path.includes('\0')) {
    response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('Adresse illisible.');
    return;
  }
  const relative = normalize(path).replace(/^([/\\])+/, '');
  let file = join(staticRoot, relative);
  if (!file.startsWith(staticRoot + sep) && file !== staticRoot) {
    response.writeHead(404).end();
    return;
  }
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(staticRoot, 'index.html');
  if (!existsSync(file)) {
    response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end("L'interface n'est pas construite : lancez « npm run build ».");
    return;
  }
  response.writeHead(200, {
    'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  });
  createReadStream(file).pipe(response);
}

export function startWebBridge(options: WebBridgeOptions): Promise<WebBridge> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const staticRoot = resolve(options.staticDir);
  const maxUploadBytes = resolveMaxUploadBytes(options.maxUploadBytes);
  let port = 0;
  /** The one-time link was followed: the address printed at start is dead from now on. */
  let linkUsed = false;

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { ok: false, error: toErrorData(error) });
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const host = request.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      sendError(response, 403, new AppError('UNAUTHORISED', 'Hôte refusé.'));
      return;
    }
    const origin = request.headers.origin;
    if (origin && origin !== `http://${host}`) {
      sendError(response, 403, new AppError('UNAUTHORISED', 'Origine refusée.'));
      return;
    }
    let url: URL;
    try {
      url = new URL(request.url ?? '/', `http://${host}`);
    } catch {
      sendError(response, 400, new AppError('VALIDATION', 'Adresse illisible.'));
      return;
    }

    // The one-time link: trade the token in the address for a cookie, then drop it from the URL.
    const linkToken = url.searchParams.get('t');
    if (request.method === 'GET' && url.pathname === '/' && linkToken !== null) {
      // Already signed in (the cookie): the link only lands on the app.
      const signedIn = sameSecret(cookieToken(request), token);
      if (!signedIn && (linkUsed || !sameSecret(linkToken, token))) {
        response.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' });
        response.end(
          linkUsed
            ? "Lien déjà utilisé : il ne sert qu'une fois. Relancez Pilote CPO pour en obtenir un nouveau."
            : "Lien invalide : relancez Pilote CPO et utilisez l'adresse qu'il affiche.",
        );
        return;
      }
      if (!signedIn) linkUsed = true;
      response.writeHead(303, {
        Location: '/',
        'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'Cache-Control': 'no-store',
      });
      response.end();
      return;
    }

    if (!sameSecret(cookieToken(request) ?? bearerToken(request), token)) {
      if (url.pathname.startsWith('/api/')) {
        sendError(
          response,
          401,
          new AppError('UNAUTHORISED', 'Jeton manquant ou invalide : accès refusé.'),
        );
      } else {
        response.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' });
        response.end(
          "Accès refusé : ouvrez Pilote CPO avec l'adresse complète affichée au démarrage.",
        );
      }
      return;
    }

    await serveApp(request, response, url, {
      backend: options.backend,
      staticRoot,
      maxUploadBytes,
    });
  }

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolvePromise({
        server,
        port,
        token,
        url: `http://127.0.0.1:${port}/?t=${token}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

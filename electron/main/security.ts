/**
 * The window's security settings, as plain data and pure functions, so that a unit test can
 * read every rule without starting Electron (index.ts wires them into Electron; this file
 * must never import 'electron').
 *
 * Rules:
 * - the page runs sandboxed, isolated, without Node, without webviews or insecure content;
 * - every permission request (camera, notifications, geolocation…) is refused;
 * - a link opens in the user's browser only when its origin is on a short allowlist;
 * - a packaged build always loads its own index.html: ELECTRON_RENDERER_URL is honoured only
 *   when the app is not packaged AND the URL is a loopback dev server;
 * - IPC is answered only for the main frame of our own page (that exact index.html, or the
 *   dev server's origin in development), never for another file:// page or a sub-frame.
 */
import { pathToFileURL } from 'node:url';

/** The CSP of the app's pages: the same text the web bridge sends (shared/). */
export { CONTENT_SECURITY_POLICY } from '../../shared/contentSecurityPolicy';

/** BrowserWindow webPreferences: everything that gives the page power is off. */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: true,
  } as const;
}

/** session.setPermissionRequestHandler: the app needs no permission, so none is granted. */
export function denyPermissionRequest(
  _webContents: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(false);
}

/** session.setPermissionCheckHandler: same answer for the synchronous check. */
export function denyPermissionCheck(): boolean {
  return false;
}

/**
 * Sites a link in the app may open in the browser: exact origins (scheme, host, port), no
 * sub-domains, no other scheme. Légifrance (texts cited in the reports), DORA (the
 * inclusion services directory), the DREETS sites, the Code du travail numérique.
 */
export const EXTERNAL_ORIGINS: ReadonlySet<string> = new Set([
  'https://www.legifrance.gouv.fr',
  'https://dora.inclusion.beta.gouv.fr',
  'https://dreets.gouv.fr',
  'https://www.dreets.gouv.fr',
  'https://travail-emploi.gouv.fr',
  'https://code.travail.gouv.fr',
]);

/** True when `url` may go to shell.openExternal. */
export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // user:password@ hides the real host from a reader of the link.
  if (parsed.username || parsed.password) return false;
  return parsed.protocol === 'https:' && EXTERNAL_ORIGINS.has(parsed.origin);
}

export type RendererEntry =
  { kind: 'file'; path: string; url: string } | { kind: 'devServer'; url: string; origin: string };

function loopbackHttpUrl(text: string): URL | null {
  try {
    const url = new URL(text);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    return url.protocol === 'http:' && loopback ? url : null;
  } catch {
    return null;
  }
}

/**
 * What the window loads. `indexHtml` is the absolute path of the built renderer's
 * index.html. A packaged app ignores ELECTRON_RENDERER_URL whatever its value: a variable
 * set on the user's machine must not point the app (and its IPC) at another page.
 */
export function chooseRendererEntry(options: {
  isPackaged: boolean;
  rendererUrl: string | undefined;
  indexHtml: string;
}): RendererEntry {
  if (!options.isPackaged && options.rendererUrl) {
    const dev = loopbackHttpUrl(options.rendererUrl);
    if (dev) return { kind: 'devServer', url: dev.href, origin: dev.origin };
  }
  return { kind: 'file', path: options.indexHtml, url: pathToFileURL(options.indexHtml).href };
}

/** The URL without its #fragment (the app's routes live in the hash). */
function withoutHash(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}${url.search}`;
}

/** True when `url` is our own page: that exact file, or a page of the dev server. */
export function isOwnPageUrl(url: string, entry: RendererEntry): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (entry.kind === 'devServer') return parsed.origin === entry.origin;
  return withoutHash(parsed) === withoutHash(new URL(entry.url));
}

/** The IPC sender check: the main frame of our own page, nothing else. */
export function isTrustedSender(
  frame: { url: string; parent: unknown } | null | undefined,
  entry: RendererEntry,
): boolean {
  if (!frame) return false;
  if (frame.parent !== null && frame.parent !== undefined) return false;
  return isOwnPageUrl(frame.url, entry);
}

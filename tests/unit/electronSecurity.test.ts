/**
 * The Electron window's security rules, read from the pure module index.ts wires into
 * Electron (the binary cannot run here). Each rule is checked on the cases an attacker
 * would try, not only on the happy path.
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BackendSupervisor,
  MAX_RESTARTS,
  RESTART_WINDOW_MS,
  type BackendChild,
  type Envelope,
} from '../../electron/main/backendSupervisor';
import {
  chooseRendererEntry,
  CONTENT_SECURITY_POLICY,
  denyPermissionCheck,
  denyPermissionRequest,
  isAllowedExternalUrl,
  isOwnPageUrl,
  isTrustedSender,
  secureWebPreferences,
} from '../../electron/main/security';

const indexHtml = resolve('/opt/Pilote CPO/resources/app.asar/out/renderer/index.html');
const packaged = chooseRendererEntry({ isPackaged: true, rendererUrl: undefined, indexHtml });
const ownFileUrl = pathToFileURL(indexHtml).href;

describe('webPreferences', () => {
  it('keeps the page sandboxed, isolated and without Node', () => {
    const prefs = secureWebPreferences('/app/preload/index.js');
    expect(prefs).toMatchObject({
      preload: '/app/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
  });
});

describe('Content-Security-Policy', () => {
  it('allows scripts from the app only, no objects, no framing', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
    );
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  // The web bridge sends this same text (one constant in shared/; webBridge.test.ts reads
  // the header it actually sends).
  it('is the one index.html carries', () => {
    const html = readFileSync(join('renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    // A meta CSP cannot carry frame-ancestors (browsers ignore it there): all the rest matches.
    expect(meta).toBe(CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", ''));
  });
});

describe('permissions', () => {
  it('refuses every permission request and check', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'hid']) {
      let granted: boolean | undefined;
      denyPermissionRequest({}, permission, (answer) => (granted = answer));
      expect(granted, permission).toBe(false);
    }
    expect(denyPermissionCheck()).toBe(false);
  });
});

describe('shell.openExternal allowlist', () => {
  it('opens the listed sites', () => {
    expect(
      isAllowedExternalUrl('https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000006903851'),
    ).toBe(true);
    expect(isAllowedExternalUrl('https://dora.inclusion.beta.gouv.fr/services')).toBe(true);
  });

  it('refuses any other https site, look-alikes, other schemes and credentials', () => {
    for (const url of [
      'https://example.org/',
      'https://www.legifrance.gouv.fr.evil.example/',
      'https://evil.example/https://www.legifrance.gouv.fr',
      'https://legifrance.gouv.fr/', // not the exact origin
      'http://www.legifrance.gouv.fr/', // no plain http
      'https://www.legifrance.gouv.fr:8443/',
      'https://user:pass@www.legifrance.gouv.fr/',
      'file:///etc/passwd',
      'smb://server/share',
      'javascript:alert(1)',
      'ms-msdt:/id PCWDiagnostic',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });
});

describe('renderer URL', () => {
  it('a packaged app loads its own index.html even when ELECTRON_RENDERER_URL is set', () => {
    const entry = chooseRendererEntry({
      isPackaged: true,
      rendererUrl: 'http://localhost:5173/',
      indexHtml,
    });
    expect(entry).toEqual({ kind: 'file', path: indexHtml, url: ownFileUrl });
  });

  it('development uses the dev server, only on loopback http', () => {
    expect(
      chooseRendererEntry({ isPackaged: false, rendererUrl: 'http://localhost:5173/', indexHtml }),
    ).toEqual({
      kind: 'devServer',
      url: 'http://localhost:5173/',
      origin: 'http://localhost:5173',
    });
    for (const rendererUrl of [
      'https://evil.example/',
      'http://192.168.1.5:5173/',
      'file:///tmp/x.html',
      '',
    ]) {
      expect(chooseRendererEntry({ isPackaged: false, rendererUrl, indexHtml }).kind).toBe('file');
    }
  });
});

describe('IPC sender check', () => {
  it('accepts the main frame of our exact index.html, whatever the route in the hash', () => {
    expect(isTrustedSender({ url: ownFileUrl, parent: null }, packaged)).toBe(true);
    expect(isTrustedSender({ url: `${ownFileUrl}#/conventions/1`, parent: null }, packaged)).toBe(
      true,
    );
  });

  it('refuses any other file:// page, a sub-frame, a missing frame, another origin', () => {
    const otherFile = pathToFileURL('/home/user/Téléchargements/index.html').href;
    const sibling = pathToFileURL(indexHtml.replace('index.html', 'evil.html')).href;
    expect(isTrustedSender({ url: otherFile, parent: null }, packaged)).toBe(false);
    expect(isTrustedSender({ url: sibling, parent: null }, packaged)).toBe(false);
    expect(isTrustedSender({ url: `${ownFileUrl}?x=1`, parent: null }, packaged)).toBe(false);
    expect(isTrustedSender({ url: ownFileUrl, parent: {} }, packaged)).toBe(false);
    expect(isTrustedSender(null, packaged)).toBe(false);
    expect(isTrustedSender({ url: 'https://example.org/', parent: null }, packaged)).toBe(false);
    expect(isTrustedSender({ url: '', parent: null }, packaged)).toBe(false);
  });

  it('in development accepts the dev server origin only', () => {
    const dev = chooseRendererEntry({
      isPackaged: false,
      rendererUrl: 'http://localhost:5173/',
      indexHtml,
    });
    expect(isTrustedSender({ url: 'http://localhost:5173/#/', parent: null }, dev)).toBe(true);
    expect(isTrustedSender({ url: 'http://localhost:5174/', parent: null }, dev)).toBe(false);
    expect(isTrustedSender({ url: ownFileUrl, parent: null }, dev)).toBe(false);
  });

  it('navigation stays on our page', () => {
    expect(isOwnPageUrl(`${ownFileUrl}#/a-propos`, packaged)).toBe(true);
    expect(isOwnPageUrl('https://www.legifrance.gouv.fr/', packaged)).toBe(false);
  });
});

/** A utility process stand-in: records messages, answers or dies on demand. */
class FakeChild extends EventEmitter implements BackendChild {
  sent: { id: number; channel: string }[] = [];
  killed = false;
  postMessage(message: unknown) {
    this.sent.push(message as { id: number; channel: string });
  }
  kill() {
    this.killed = true;
    this.emit('exit', 0);
  }
  answer(id: number, data: unknown) {
    this.emit('message', { id, ok: true, data });
  }
  die(code: number) {
    this.emit('exit', code);
  }
}

describe('backend supervisor', () => {
  function setup() {
    const children: FakeChild[] = [];
    const events: unknown[] = [];
    let now = 1_000_000;
    const supervisor = new BackendSupervisor(
      () => {
        const child = new FakeChild();
        children.push(child);
        return child;
      },
      (event) => events.push(event),
      () => now,
    );
    return { supervisor, children, events, tick: (ms: number) => (now += ms) };
  }

  it('relays a call and its answer', async () => {
    const { supervisor, children } = setup();
    const reply = supervisor.call('app.info', {});
    children[0]!.answer(children[0]!.sent[0]!.id, { version: '1' });
    expect(await reply).toEqual({ ok: true, data: { version: '1' } });
  });

  it('answers pending calls with a French error when the process dies, restarts it and says so', async () => {
    const { supervisor, children, events } = setup();
    const first = supervisor.call('conventions.list', {});
    const second = supervisor.call('app.info', {});
    children[0]!.die(134);
    for (const reply of await Promise.all([first, second])) {
      expect(reply.ok).toBe(false);
      expect((reply as Extract<Envelope, { ok: false }>).error).toMatchObject({
        code: 'INTERNAL',
        message: expect.stringContaining("Le moteur de Pilote CPO s'est arrêté (code 134)"),
      });
    }
    expect(children).toHaveLength(2);
    expect(events).toContainEqual({
      type: 'notice',
      level: 'warning',
      message: expect.stringContaining('a été relancé'),
    });
    // The new process serves the next call.
    const after = supervisor.call('app.info', {});
    children[1]!.answer(children[1]!.sent[0]!.id, 'ok');
    expect(await after).toEqual({ ok: true, data: 'ok' });
  });

  it('stops restarting a process that keeps dying, and answers calls with an error', async () => {
    const { supervisor, children, events } = setup();
    for (let i = 0; i < MAX_RESTARTS; i += 1) children.at(-1)!.die(1);
    expect(children).toHaveLength(MAX_RESTARTS + 1);
    children.at(-1)!.die(1);
    expect(children).toHaveLength(MAX_RESTARTS + 1);
    expect(events.at(-1)).toMatchObject({ type: 'notice', level: 'error' });
    const reply = await supervisor.call('app.info', {});
    expect(reply.ok).toBe(false);
  });

  it('restarts again once earlier crashes are older than the window', () => {
    const { children, tick } = setup();
    for (let i = 0; i < MAX_RESTARTS; i += 1) children.at(-1)!.die(1);
    tick(RESTART_WINDOW_MS + 1);
    children.at(-1)!.die(1);
    expect(children).toHaveLength(MAX_RESTARTS + 2);
  });

  it('does not restart after stop() (the app is quitting)', () => {
    const { supervisor, children, events } = setup();
    supervisor.stop();
    expect(children[0]!.killed).toBe(true);
    expect(children).toHaveLength(1);
    expect(events).toEqual([]);
  });
});

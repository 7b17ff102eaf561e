/**
 * The web bridge on a real test backend, as the bridge tests start it: a one-page static
 * folder (`<root>/renderer/index.html`) in a temporary root the tests may put other files in,
 * and raw HTTP to it (the test controls the Host header and the path as written; fetch would
 * set one and resolve `..` in the other).
 */
import { request as httpRequest } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startWebBridge,
  type WebBridge,
  type WebBridgeOptions,
} from '../../../electron/backend/web/server';
import { testBackend, type TestBackend } from './testBackend';

export interface TestBridge {
  backend: TestBackend;
  bridge: WebBridge;
  /** The temporary folder holding `staticDir`, removed by `close`. */
  root: string;
  staticDir: string;
  /** Closes the bridge, then the backend, then removes the temporary folder. */
  close(): Promise<void>;
}

/**
 * Starts a test backend, lets `prepare` fill it (before the bridge listens), and serves it
 * through the bridge with `options` (upload limit…).
 */
export async function startTestBridge(
  options: Omit<WebBridgeOptions, 'backend' | 'staticDir'> = {},
  prepare?: (backend: TestBackend) => Promise<void>,
): Promise<TestBridge> {
  const backend = await testBackend();
  await prepare?.(backend);
  const root = mkdtempSync(join(tmpdir(), 'pilote-cpo-static-'));
  const staticDir = join(root, 'renderer');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Pilote CPO</title>');
  const bridge = await startWebBridge({ ...options, backend, staticDir });
  return {
    backend,
    bridge,
    root,
    staticDir,
    close: async () => {
      await bridge.close();
      backend.dispose();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One raw HTTP request to the bridge on `port`, Host `127.0.0.1:<port>` unless the headers
 * say otherwise; the body is written as given. `ignoreReset`: the server may close a
 * refused upload before reading all of it, which is not an error of the request.
 */
export function rawRequest(
  port: number,
  path: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: Buffer | string;
    ignoreReset?: boolean;
  } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: { Host: `127.0.0.1:${port}`, ...options.headers },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      },
    );
    request.on('error', (error) =>
      options.ignoreReset &&
      (String(error).includes('EPIPE') || String(error).includes('ECONNRESET'))
        ? undefined
        : reject(error),
    );
    if (options.body !== undefined) request.write(options.body);
    request.end();
  });
}

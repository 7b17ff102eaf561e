import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { WebBridge } from '../../electron/backend/web/server';
import { CONTENT_SECURITY_POLICY } from '../../shared/contentSecurityPolicy';
import { validConvention } from '../fixtures/conventionInput';
import type { TestBackend } from './helpers/testBackend';
import { rawRequest, startTestBridge, type Reply } from './helpers/webBridge';

let backend: TestBackend;
let bridge: WebBridge;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ backend, bridge, close } = await startTestBridge());
});
afterAll(() => close());

/** A call with a JSON body (Content-Type set), as the renderer sends it. */
function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<Reply> {
  return rawRequest(bridge.port, path, {
    method: options.method,
    headers:
      options.body === undefined
        ? options.headers
        : { ...options.headers, 'Content-Type': 'application/json' },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

/** A raw body, as sent by a browser's fetch(file): no JSON, no re-encoding. */
function sendBytes(path: string, body: Buffer, headers: Record<string, string>): Promise<Reply> {
  return rawRequest(bridge.port, path, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(body.length),
      ...headers,
    },
    body,
  });
}

const auth = () => ({ Authorization: `Bearer ${bridge.token}` });

describe('web bridge', () => {
  test('refuses a call without the token, in French', async () => {
    const reply = await send('/api/call/conventions.list', { method: 'POST', body: {} });
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.body)).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORISED', message: expect.stringMatching(/Jeton/) },
    });
  });

  test('refuses a wrong token, a page without the token, and a foreign Host or Origin', async () => {
    expect(
      (
        await send('/api/call/conventions.list', {
          method: 'POST',
          body: {},
          headers: { Authorization: 'Bearer nope' },
        })
      ).status,
    ).toBe(401);
    expect((await send('/')).status).toBe(401);
    expect((await send('/?t=wrong')).status).toBe(401);
    expect(
      (
        await send('/api/call/conventions.list', {
          method: 'POST',
          body: {},
          headers: { ...auth(), Host: 'evil.example:80' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await send('/api/call/conventions.list', {
          method: 'POST',
          body: {},
          headers: { ...auth(), Origin: 'http://evil.example' },
        })
      ).status,
    ).toBe(403);
  });

  test('the one-time link sets an HttpOnly, SameSite=Strict cookie that then opens everything', async () => {
    const link = await send(`/?t=${bridge.token}`);
    expect(link.status).toBe(303);
    const cookie = String(link.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const cookieHeader = cookie.split(';')[0]!;
    const page = await send('/', { headers: { Cookie: cookieHeader } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    const call = await send('/api/call/conventions.list', {
      method: 'POST',
      body: {},
      headers: { Cookie: cookieHeader },
    });
    expect(call.status).toBe(200);
  });

  test('serves exactly the contract: a call works, an unknown one is 404, bad input is a French 400', async () => {
    const created = await send('/api/call/conventions.create', {
      method: 'POST',
      body: validConvention(),
      headers: auth(),
    });
    expect(created.status).toBe(200);
    expect(JSON.parse(created.body)).toMatchObject({ ok: true, data: { id: expect.any(Number) } });

    expect(
      (
        await send('/api/call/database.dropEverything', {
          method: 'POST',
          body: {},
          headers: auth(),
        })
      ).status,
    ).toBe(404);

    const bad = await send('/api/call/conventions.create', {
      method: 'POST',
      body: validConvention({ reference: 'X2', endDate: '2020-01-01' }),
      headers: auth(),
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.fields).toContainEqual({
      path: 'endDate',
      message: 'La date de fin doit être postérieure à la date de début.',
    });
  });

  test('pushes events over Server-Sent Events after a change', async () => {
    // The change is sent once the stream is open (its first comment arrived), not after a
    // guessed delay: on a slow machine a fixed wait could send it before the subscription.
    let opened!: () => void;
    const subscribed = new Promise<void>((resolve) => (opened = resolve));
    const received = new Promise<string>((resolve, reject) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port: bridge.port,
          path: '/api/events',
          headers: { Host: `127.0.0.1:${bridge.port}`, ...auth() },
        },
        (response) => {
          response.setEncoding('utf8');
          let buffer = '';
          response.on('data', (chunk: string) => {
            buffer += chunk;
            if (buffer.includes(': connecté')) opened();
            const match = /data: (.*)\n\n/.exec(buffer);
            if (match) {
              request.destroy();
              resolve(match[1]!);
            }
          });
        },
      );
      request.on('error', (error) => {
        if (!String(error).includes('socket hang up')) reject(error);
      });
      request.end();
    });
    await subscribed;
    await send('/api/call/session.setUser', {
      method: 'POST',
      body: { name: 'Autre nom' },
      headers: auth(),
    });
    // With what it changed (shared/contract/topics.ts): screens refetch only those queries.
    expect(JSON.parse(await received)).toEqual({
      type: 'changed',
      channel: 'session.setUser',
      topics: ['session', 'audit'],
    });
  });
});

describe('uploads', () => {
  test('a file is streamed to the data folder byte for byte with the token, refused without it', async () => {
    const refused = await sendBytes('/api/upload', Buffer.from('x'), {});
    expect(refused.status).toBe(401);
    // Raw bytes, as a browser sends a File: every byte value, an ISO-8859-15 accent, CR LF,
    // and a NUL. A JSON string would hide a transport that re-encodes the body.
    const bytes = Buffer.concat([
      Buffer.from('JournalCode\tJournalLib\r\n'),
      Buffer.from([0xe9, 0x00, 0xff, 0xfe]),
      Buffer.from(Array.from({ length: 256 }, (_, index) => index)),
    ]);
    const accepted = await sendBytes('/api/upload', bytes, auth());
    expect(accepted.status).toBe(200);
    const { uploadId } = JSON.parse(accepted.body).data as { uploadId: string };
    expect(uploadId).toMatch(/^[a-z0-9-]{8,64}$/);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(join(backend.dataDir, 'televersements', uploadId)).equals(bytes)).toBe(
      true,
    );
  });
});

/**
 * A staff member's browser, as the team bench simulates it: signs in with a password, keeps
 * its session cookie and CSRF token, and makes the same requests the page makes
 * (`/api/call/<channel>`, `/api/upload`, `/api/events`), each timed from the request to
 * the last byte of the answer. One keep-alive agent per user with at most 6 sockets, as a
 * browser keeps per origin, so TLS handshakes are paid once per socket, not per call.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https';
import type { TLSSocket } from 'node:tls';

export interface ServerAddress {
  https: boolean;
  port: number;
  /** The fingerprint the server printed (HTTPS): every connection's certificate must match. */
  fingerprint: string | null;
}

export interface Sample {
  user: string;
  channel: string;
  start: number;
  end: number;
  ok: boolean;
  status: number;
  error?: string;
  /** The first attempt met a keep-alive socket the server had closed: sent again once. */
  retried?: boolean;
}

interface RawReply {
  retried: boolean;
  status: number;
  setCookie: string[];
  text: string;
}

class StaleSocket extends Error {}

/** Compared without separators or case: Node prints colons, the server may not. */
const plainFingerprint = (value: string) => value.replace(/[^0-9a-f]/gi, '').toUpperCase();

export class StaffClient {
  readonly login: string;
  private readonly server: ServerAddress;
  private readonly agent: HttpAgent | HttpsAgent;
  private cookie = '';
  private csrf = '';
  private events: { destroy(): void } | null = null;
  eventsReceived = 0;

  constructor(
    server: ServerAddress,
    login: string,
    private readonly samples: Sample[],
  ) {
    this.server = server;
    this.login = login;
    this.agent = server.https
      ? new HttpsAgent({ keepAlive: true, maxSockets: 6, rejectUnauthorized: false })
      : new HttpAgent({ keepAlive: true, maxSockets: 6 });
  }

  private readonly checkedSockets = new WeakSet<object>();

  /**
   * A self-signed certificate: trusted by its fingerprint, as staff compare it once. Checked
   * once per connection (keep-alive sockets carry many calls).
   */
  private certificateProblem(response: IncomingMessage): string | null {
    if (!this.server.https || !this.server.fingerprint) return null;
    const socket = response.socket as TLSSocket;
    // A resumed TLS session carries no certificate: its ticket came from a checked one.
    if (this.checkedSockets.has(socket) || socket.isSessionReused()) return null;
    const seen = socket.getPeerCertificate().fingerprint256 ?? '';
    if (plainFingerprint(seen) !== plainFingerprint(this.server.fingerprint)) {
      return `unexpected certificate « ${seen} »`;
    }
    this.checkedSockets.add(socket);
    return null;
  }

  /**
   * A request sent on a kept-alive socket the server closed meanwhile (its idle timeout, 5 s
   * in Node, runs out while the user thinks) fails with ECONNRESET before any answer, the
   * request unread: it is sent again once on a new socket, as browsers do and as Node's
   * documentation of `request.reusedSocket` advises. Counted, never hidden.
   */
  private async send(
    path: string,
    method: string,
    body: Buffer | string | undefined,
    headers: Record<string, string>,
  ): Promise<RawReply> {
    try {
      return await this.sendOnce(path, method, body, headers);
    } catch (error) {
      if (!(error instanceof StaleSocket)) throw error;
      return { ...(await this.sendOnce(path, method, body, headers)), retried: true };
    }
  }

  private sendOnce(
    path: string,
    method: string,
    body: Buffer | string | undefined,
    headers: Record<string, string>,
  ): Promise<RawReply> {
    const make = this.server.https ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const request = make(
        {
          host: '127.0.0.1',
          port: this.server.port,
          path,
          method,
          agent: this.agent,
          headers: {
            ...(this.cookie ? { Cookie: this.cookie } : {}),
            ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}),
            ...headers,
          },
        },
        (response: IncomingMessage) => {
          const problem = this.certificateProblem(response);
          if (problem) {
            request.destroy(new Error(problem));
            return;
          }
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              retried: false,
              status: response.statusCode ?? 0,
              setCookie: response.headers['set-cookie'] ?? [],
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          response.on('error', reject);
        },
      );
      request.on('error', (error: NodeJS.ErrnoException) => {
        const stale =
          request.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
        reject(stale ? new StaleSocket(error.message) : error);
      });
      request.end(body);
    });
  }

  async signIn(password: string) {
    const reply = await this.send(
      '/api/session/login',
      'POST',
      JSON.stringify({ login: this.login, password }),
      { 'Content-Type': 'application/json' },
    );
    if (reply.status !== 200) throw new Error(`login ${this.login}: ${reply.status} ${reply.text}`);
    this.cookie = reply.setCookie[0]?.split(';')[0] ?? '';
    this.csrf = (JSON.parse(reply.text) as { data: { csrfToken: string } }).data.csrfToken;
  }

  /** One timed exchange, recorded whatever its outcome; the data, or throws. */
  private async timed<T>(
    channel: string,
    path: string,
    body: Buffer | string,
    contentType: string,
  ): Promise<T> {
    const start = performance.now();
    let sample: Sample;
    try {
      const reply = await this.send(path, 'POST', body, {
        'Content-Type': contentType,
        'X-CSRF-Token': this.csrf,
      });
      const envelope = (reply.text.startsWith('{') ? JSON.parse(reply.text) : {}) as {
        ok?: boolean;
        data?: T;
        error?: { code?: string; message?: string };
      };
      const ok = reply.status === 200 && envelope.ok === true;
      sample = {
        user: this.login,
        channel,
        start,
        end: performance.now(),
        ok,
        status: reply.status,
        ...(reply.retried ? { retried: true } : {}),
        ...(ok
          ? {}
          : {
              error: `${reply.status} ${envelope.error?.code ?? ''} ${envelope.error?.message ?? reply.text.slice(0, 200)}`,
            }),
      };
      this.samples.push(sample);
      if (!ok) throw new Error(`${channel} (${this.login}): ${sample.error}`);
      return envelope.data as T;
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith(`${channel} (`))) {
        this.samples.push({
          user: this.login,
          channel,
          start,
          end: performance.now(),
          ok: false,
          status: 0,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      throw error;
    }
  }

  call<T = unknown>(channel: string, input: unknown): Promise<T> {
    return this.timed<T>(
      channel,
      `/api/call/${encodeURIComponent(channel)}`,
      JSON.stringify(input ?? {}),
      'application/json',
    );
  }

  /** The raw bytes, as the page's fileSource() sends a picked file. */
  upload(bytes: Buffer): Promise<{ uploadId: string }> {
    return this.timed('upload', '/api/upload', bytes, 'application/octet-stream');
  }

  /** The events channel every open page keeps (Server-Sent Events), read and counted. */
  openEvents() {
    const make = this.server.https ? httpsRequest : httpRequest;
    const options: RequestOptions = {
      host: '127.0.0.1',
      port: this.server.port,
      path: '/api/events',
      method: 'GET',
      // Its own socket: a long-lived stream must not hold one of the calls' sockets.
      agent: false,
      rejectUnauthorized: false,
      headers: { Cookie: this.cookie, Accept: 'text/event-stream' },
    };
    const request = make(options);
    request.on('response', (response) => {
      response.on('data', (chunk: Buffer) => {
        this.eventsReceived += (chunk.toString('utf8').match(/^data: /gm) ?? []).length;
      });
      response.on('error', () => {});
    });
    request.on('error', () => {});
    request.end();
    this.events = request;
  }

  close() {
    this.events?.destroy();
    this.agent.destroy();
  }
}

/** Nearest-rank percentile of durations (ms); 0 for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

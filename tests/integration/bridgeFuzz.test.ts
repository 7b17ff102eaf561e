/**
 * Every channel of the contract, through the web bridge, fed arbitrary JSON (fast-check):
 * the bridge never crashes and never answers a 5xx, and a refused call writes nothing
 * (database digest unchanged). Inputs are random JSON, and random objects built on the
 * channel's own field names so the fuzz gets past the first check.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { WebBridge } from '../../electron/backend/web/server';
import { channels, contract } from '../../shared/contract';
import { validConvention } from '../fixtures/conventionInput';
import { databaseDigest } from './helpers/dbSnapshot';
import type { TestBackend } from './helpers/testBackend';
import { startTestBridge } from './helpers/webBridge';

let backend: TestBackend;
let bridge: WebBridge;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ backend, bridge, close } = await startTestBridge({}, async (created) => {
    await created.call('conventions.create', validConvention());
  }));
});
afterAll(() => close());

/**
 * The backup calls act on files outside the database (a folder setting, a restore): they
 * are left to their own tests, so a random `folder` never creates a directory here.
 */
const isDemo = (channel: string) => channel.startsWith('demo.');
/** The demo's calls last: `demo.restore {}` loads a whole demo, which makes each digest slower. */
const fuzzed = [
  ...channels.filter((channel) => !channel.startsWith('backups.') && !isDemo(channel)),
  ...channels.filter(isDemo),
];
const RUNS_PER_CHANNEL = 40;

/** The field names of a channel's input, when it is an object. */
function fieldNames(channel: (typeof channels)[number]): string[] {
  const def = (contract[channel].input as { _zod?: { def?: { shape?: object } } })._zod?.def;
  return def?.shape ? Object.keys(def.shape) : [];
}

const numbers = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, 1, -1, 1e308, -1e308, 2 ** 53, 1e12 + 1),
);
const strings = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', '\u0000', '2025-02-31', '../../etc/passwd', '%E0%A4%A', '1 234,56'),
);
const leaf = fc.oneof(numbers, strings, fc.boolean(), fc.constant(null));
const value = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('any'), { maxLength: 4 }),
  object: fc.dictionary(fc.string({ maxLength: 8 }), tie('any'), { maxKeys: 4 }),
})).any;

function inputs(channel: (typeof channels)[number]) {
  const names = fieldNames(channel);
  const shaped =
    names.length > 0
      ? fc.dictionary(fc.constantFrom(...names, 'source', 'id', 'conventionId'), value, {
          maxKeys: names.length + 1,
        })
      : fc.constant({});
  // The convention that exists, and one that does not (a foreign key the service must check).
  return fc.oneof(
    fc.jsonValue(),
    shaped,
    shaped.map((object) => ({ ...object, conventionId: 1 })),
    shaped.map((object) => ({ ...object, conventionId: 999 })),
  );
}

async function post(channel: string, body: string) {
  const response = await fetch(`http://127.0.0.1:${bridge.port}/api/call/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${bridge.token}`, 'Content-Type': 'application/json' },
    body,
  });
  return { status: response.status, envelope: (await response.json()) as { ok: boolean } };
}

describe('fuzzing every channel through the web bridge', () => {
  let calls = 0;
  // One test per channel: a refusal names its channel, and a slow machine's time is
  // counted per channel rather than for the whole contract at once.
  test.each(fuzzed)('%s: no crash, no 5xx, nothing written on a refusal', async (channel) => {
    await fc.assert(
      fc.asyncProperty(inputs(channel), async (input) => {
        const before = databaseDigest(backend.dataDir);
        const { status, envelope } = await post(channel, JSON.stringify(input));
        calls += 1;
        expect(status, `${channel} ${JSON.stringify(input).slice(0, 300)}`).toBeLessThan(500);
        if (!envelope.ok) {
          expect(status).toBeGreaterThanOrEqual(400);
          expect(databaseDigest(backend.dataDir), `${channel} a écrit en refusant`).toBe(before);
        }
      }),
      { numRuns: RUNS_PER_CHANNEL, seed: 20_261_130 },
    );
  }, 30_000);

  test('bodies that are not JSON are refused, and the bridge still answers', async () => {
    for (const body of ['{', '\u0000\u0001', 'null', '[1,2', '"x"', '1e999']) {
      const { status } = await post('conventions.list', body);
      calls += 1;
      expect(status).toBeLessThan(500);
    }
    console.log(
      `Appels fuzzés : ${calls} sur ${fuzzed.length} canaux (${channels.length - fuzzed.length} canaux de sauvegarde exclus)`,
    );
    expect((await post('conventions.list', '{}')).status).toBe(200);
  });
});

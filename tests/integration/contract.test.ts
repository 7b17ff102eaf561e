/**
 * The contract is the single source of the API: every channel has a handler and every
 * handler a channel, and the import boundaries between layers hold (checked with ESLint's
 * own engine on probe files, so a weakened lint config fails here).
 */
import { ESLint } from 'eslint';
import { describe, expect, test } from 'vitest';
import { handlers } from '../../electron/backend/handlers';
import { channels, contract } from '../../shared/contract';

describe('contract', () => {
  test('handlers and channels match one to one', () => {
    expect(Object.keys(handlers).sort()).toEqual([...channels].sort());
  });

  test('every mutation is flagged, every input is a zod schema', () => {
    for (const channel of channels) {
      const definition = contract[channel];
      expect(typeof definition.input.safeParse).toBe('function');
      expect(typeof definition.mutates).toBe('boolean');
    }
    expect(contract['conventions.create'].mutates).toBe(true);
    expect(contract['conventions.list'].mutates).toBe(false);
  });
});

describe('import boundaries', () => {
  const eslint = new ESLint();
  const lint = async (filePath: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath });
    return result!.messages
      .filter((m) => m.ruleId === 'no-restricted-imports')
      .map((m) => m.message);
  };

  test('shared/ imports no Node built-in and nothing from electron/', async () => {
    expect(
      await lint(
        'shared/probe.ts',
        "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      ),
    ).toHaveLength(1);
    expect(
      await lint(
        'shared/probe.ts',
        "import { createBackend } from '../electron/backend/backend';\nexport const x = createBackend;\n",
      ),
    ).toHaveLength(1);
  });

  test('renderer/ never imports electron/ nor electron', async () => {
    expect(
      await lint(
        'renderer/src/probe.ts',
        "import { handlers } from '../../electron/backend/handlers';\nexport const x = handlers;\n",
      ),
    ).toHaveLength(1);
    expect(
      await lint(
        'renderer/src/probe.ts',
        "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n",
      ),
    ).toHaveLength(1);
  });

  test("only electron/main and electron/preload import 'electron'", async () => {
    expect(
      await lint(
        'electron/backend/probe.ts',
        "import { app } from 'electron';\nexport const x = app;\n",
      ),
    ).toHaveLength(1);
    expect(
      await lint(
        'electron/main/probe.ts',
        "import { app } from 'electron';\nexport const x = app;\n",
      ),
    ).toHaveLength(0);
  });
});

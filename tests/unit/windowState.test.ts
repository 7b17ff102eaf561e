/**
 * Where the Electron window reopens (electron/main/windowState.ts): as the user left it
 * when that still fits a screen, otherwise somewhere reachable — never off-screen after a
 * monitor was unplugged or the resolution went down. Plus the JSON file round trip.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SIZE,
  initialBounds,
  parseWindowState,
  readWindowState,
  WINDOW_STATE_FILE,
  writeWindowState,
  type Rect,
} from '../../electron/main/windowState';

// A 1920×1080 laptop (taskbar of 40 px) and a 2560×1440 monitor on its right.
const laptop: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
const monitor: Rect = { x: 1920, y: 0, width: 2560, height: 1440 };

describe('initialBounds', () => {
  it('opens at the default size, centred, the first time', () => {
    expect(initialBounds(null, [laptop])).toEqual({ ...DEFAULT_SIZE, maximized: false });
  });

  it('keeps the default within a screen smaller than it', () => {
    const small: Rect = { x: 0, y: 0, width: 1024, height: 728 };
    expect(initialBounds(null, [small])).toEqual({ width: 1024, height: 728, maximized: false });
  });

  it('reopens where it was left when that still fits', () => {
    const bounds = { x: 2100, y: 120, width: 1400, height: 900 };
    expect(initialBounds({ bounds, maximized: false }, [laptop, monitor])).toEqual({
      ...bounds,
      maximized: false,
    });
  });

  it('keeps a window partly off-screen as long as its title bar can be grabbed', () => {
    const bounds = { x: 1920 - 150, y: 500, width: 1280, height: 860 };
    expect(initialBounds({ bounds, maximized: false }, [laptop])).toMatchObject(bounds);
  });

  it('centres on the primary screen a window left on a monitor that is gone', () => {
    const bounds = { x: 2100, y: 120, width: 1400, height: 900 };
    const restored = initialBounds({ bounds, maximized: true }, [laptop]);
    expect(restored).toEqual({ width: 1400, height: 900, maximized: true });
    expect(restored.x).toBeUndefined();
  });

  it('does not count a sliver of title bar (less than the grab width) as reachable', () => {
    const bounds = { x: 1920 - 60, y: 100, width: 1280, height: 860 };
    expect(initialBounds({ bounds, maximized: false }, [laptop]).x).toBeUndefined();
  });

  it('does not keep a title bar above the top of every screen', () => {
    const bounds = { x: 100, y: -20, width: 1280, height: 860 };
    expect(initialBounds({ bounds, maximized: false }, [laptop]).x).toBeUndefined();
  });

  it('trims a window larger than its screen and places it on that screen', () => {
    const bounds = { x: 1920 + 100, y: 50, width: 2400, height: 1400 };
    const smallerMonitor: Rect = { x: 1920, y: 0, width: 1920, height: 1080 };
    expect(initialBounds({ bounds, maximized: false }, [laptop, smallerMonitor])).toEqual({
      x: 1920,
      y: 0,
      width: 1920,
      height: 1080,
      maximized: false,
    });
  });

  it('handles screens at negative coordinates (a monitor on the left)', () => {
    const left: Rect = { x: -1920, y: 0, width: 1920, height: 1080 };
    const bounds = { x: -1800, y: 40, width: 1280, height: 860 };
    expect(initialBounds({ bounds, maximized: false }, [laptop, left])).toMatchObject(bounds);
  });
});

describe('parseWindowState', () => {
  it('accepts what writeWindowState writes', () => {
    const state = { bounds: { x: -5, y: 10, width: 1200, height: 800 }, maximized: true };
    expect(parseWindowState(JSON.parse(JSON.stringify(state)))).toEqual(state);
  });

  it.each([
    null,
    'x',
    {},
    { bounds: { x: 0, y: 0, width: 0, height: 800 } },
    { bounds: { x: 0, y: 0, width: 1200, height: -1 } },
    { bounds: { x: 0.5, y: 0, width: 1200, height: 800 } },
    { bounds: { x: '0', y: 0, width: 1200, height: 800 } },
    { bounds: { x: 0, y: 0, width: 1e20, height: 800 } },
  ])('ignores %j', (value) => {
    expect(parseWindowState(value)).toBeNull();
  });
});

describe('window-state.json', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'pilote-cpo-window-'));
    dirs.push(dir);
    return dir;
  };

  it('round-trips through the data folder', () => {
    const dir = dataDir();
    const state = { bounds: { x: 10, y: 20, width: 1100, height: 700 }, maximized: false };
    writeWindowState(dir, state);
    expect(readWindowState(dir)).toEqual(state);
  });

  it('reads nothing from a missing or damaged file', () => {
    const dir = dataDir();
    expect(readWindowState(dir)).toBeNull();
    writeFileSync(join(dir, WINDOW_STATE_FILE), '{"bounds": ');
    expect(readWindowState(dir)).toBeNull();
  });
});

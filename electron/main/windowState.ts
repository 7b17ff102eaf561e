/**
 * The window's size and position, remembered between runs in `window-state.json` in the
 * data folder. The rule for restoring is pure (no `electron` import) and unit-tested:
 * a window saved on a screen that is gone (a laptop unplugged from its monitor) or on a
 * smaller resolution must come back reachable, never off-screen.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

/** What to give BrowserWindow: no x/y means "centre it on the primary screen". */
export interface InitialBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 860 } as const;
/** How much of the title bar must lie on one screen for the user to grab it. */
export const GRAB_WIDTH = 100;
export const TITLE_BAR_HEIGHT = 32;

export const WINDOW_STATE_FILE = 'window-state.json';

const isInt = (value: unknown): value is number => Number.isSafeInteger(value);

/** The saved state if the file holds one we can trust; anything else is ignored. */
export function parseWindowState(value: unknown): WindowState | null {
  if (typeof value !== 'object' || value === null) return null;
  const { bounds, maximized } = value as { bounds?: unknown; maximized?: unknown };
  if (typeof bounds !== 'object' || bounds === null) return null;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  if (!isInt(x) || !isInt(y) || !isInt(width) || !isInt(height)) return null;
  if (width <= 0 || height <= 0) return null;
  return { bounds: { x, y, width, height }, maximized: maximized === true };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * Where to open the window, from the saved state and the screens' work areas (primary
 * first). Kept as saved when its title bar can be grabbed on one screen (size trimmed to
 * that screen); otherwise centred on the primary screen, trimmed to it.
 */
export function initialBounds(
  saved: WindowState | null,
  workAreas: readonly Rect[],
): InitialBounds {
  const primary = workAreas[0];
  const fit = (size: { width: number; height: number }, area: Rect | undefined) => ({
    width: area ? Math.min(size.width, area.width) : size.width,
    height: area ? Math.min(size.height, area.height) : size.height,
  });
  if (!saved) return { ...fit(DEFAULT_SIZE, primary), maximized: false };
  const titleBar = { ...saved.bounds, height: TITLE_BAR_HEIGHT };
  const home = workAreas.find((area) => {
    const shared = overlap(titleBar, area);
    return shared.width >= GRAB_WIDTH && shared.height >= TITLE_BAR_HEIGHT;
  });
  if (home) {
    const size = fit(saved.bounds, home);
    const trimmed = size.width !== saved.bounds.width || size.height !== saved.bounds.height;
    // Larger than the screen it is on (its resolution went down): fill that screen instead.
    const position = trimmed ? { x: home.x, y: home.y } : { x: saved.bounds.x, y: saved.bounds.y };
    return { ...position, ...size, maximized: saved.maximized };
  }
  return { ...fit(saved.bounds, primary), maximized: saved.maximized };
}

export function readWindowState(dataDir: string): WindowState | null {
  try {
    return parseWindowState(JSON.parse(readFileSync(join(dataDir, WINDOW_STATE_FILE), 'utf8')));
  } catch {
    return null; // first run, or a damaged file: open at the default size
  }
}

export function writeWindowState(dataDir: string, state: WindowState): void {
  try {
    writeFileSync(join(dataDir, WINDOW_STATE_FILE), JSON.stringify(state));
  } catch {
    // Losing the window's position is not worth an error at closing time.
  }
}

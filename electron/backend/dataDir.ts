/**
 * Where the app keeps its data when no Electron `app.getPath('userData')` is at hand (the
 * web bridge). Same folder as Electron's userData, so both modes open the same database.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Pilote CPO';

export function defaultDataDir(): string {
  if (process.env.PILOTE_CPO_DATA_DIR) return process.env.PILOTE_CPO_DATA_DIR;
  switch (process.platform) {
    case 'win32':
      return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
    default:
      return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
  }
}

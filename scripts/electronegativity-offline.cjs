/**
 * Preloaded into Electronegativity by scripts/electronegativity.mjs (node --require):
 * - offline, the tool's `got` requests (translations, Electron release notes) are retried
 *   until a bug in got's retry crashes the process: here every request fails at once;
 * - the tool reads its options as properties of commander's program (commander 5), which it
 *   does not declare as a dependency; the project's hoisted commander 7 is told to do so.
 */
const Module = require('node:module');

require('commander').storeOptionsAsProperties(true);

const load = Module._load;
Module._load = function loadOffline(request, parent, isMain) {
  if (request === 'got') {
    const offline = () => Promise.reject(new Error('offline'));
    offline.default = offline;
    return offline;
  }
  return load.call(this, request, parent, isMain);
};

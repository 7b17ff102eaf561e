import { defineConfig } from 'vitest/config';

// `npm run look:reports`: writes documents to look at; never part of `npm test`.
export default defineConfig({
  test: { include: ['tests/look/**/*.look.ts'], environment: 'node', pool: 'forks' },
});

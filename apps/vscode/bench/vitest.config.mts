import { defineConfig } from 'vitest/config';

// The same source-first resolution as the tests (vitest.shared.ts), but only the benchmark files.
const conditions = ['source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: { include: ['bench/**/*.bench.ts'], testTimeout: 600_000, hookTimeout: 600_000 },
});

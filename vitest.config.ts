import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    setupFiles: ['./test/helpers/isolate-cache.ts'],
    // A few tests spawn the built binary or an X server; none should come near this.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});

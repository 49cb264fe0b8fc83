import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The CLI tests spawn the built binary; they need `npm run build` (done by `prepare`).
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});

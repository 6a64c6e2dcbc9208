import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { fileURLToPath } from 'node:url';

// Kept under tests/ so the repo's top level stays as the brief lays it out.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  plugins: [WxtVitest()],
  test: { include: ['tests/unit/**/*.test.{ts,tsx}'], testTimeout: 20_000 },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          // The message catalogue, loaded as createApp and the scripts load it.
          setupFiles: ["tests/helpers/i18n-setup.ts"],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: "integration",
          // Process-level tests run the shipped bundle: it is built once, first.
          globalSetup: ["tests/helpers/bundle-setup.ts"],
          setupFiles: ["tests/helpers/i18n-setup.ts"],
          include: ["tests/integration/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          globalSetup: ["tests/helpers/bundle-setup.ts"],
          include: ["tests/e2e/**/*.test.ts"],
          // A failed test prints what its browser and app process saw.
          setupFiles: ["tests/helpers/e2e-diagnostics.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

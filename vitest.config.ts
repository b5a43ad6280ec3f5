import { defineConfig } from 'vitest/config';

// The integration suite runs twice: on embedded SQLite and on PostgreSQL (STYLE.md, convention 5).
// Each test file builds its apps on fresh databases (in-memory SQLite, or a new PostgreSQL schema).
export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['test/**/*.test.ts'],
          // Several server processes on one database need PostgreSQL.
          exclude: ['test/multi-instance.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/**/*.test.ts'],
          // Process-level CLI/server tests exercise the command line, not the dialect.
          exclude: ['test/cli.test.ts'],
          env: { CLASSICBOOK_TEST_DB: 'postgres' },
        },
      },
    ],
  },
});

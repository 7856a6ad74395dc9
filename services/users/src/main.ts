import { startTelemetry } from '@marketplace/platform/telemetry';

// Telemetry starts before the rest is loaded, so the pg and http instrumentation applies.
const telemetry = startTelemetry('users');
const { runService } = await import('@marketplace/platform');
const { readUsersConfig } = await import('./config.ts');
const { startUsers } = await import('./users-server.ts');
await runService('users', telemetry, (log) => startUsers(readUsersConfig(), log));

import { startTelemetry } from '@marketplace/platform/telemetry';

// Telemetry starts before the rest is loaded, so the pg and http instrumentation applies.
const telemetry = startTelemetry('loms');
const { runService } = await import('@marketplace/platform');
const { readLomsConfig } = await import('./config.ts');
const { startLoms } = await import('./loms-server.ts');
await runService('loms', telemetry, (log) => startLoms(readLomsConfig(), log));

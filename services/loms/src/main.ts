import { createLifecycle, createLogger, startTelemetry } from '@marketplace/platform';
import { readLomsConfig } from './config.ts';
import { startLoms } from './loms-server.ts';

const log = createLogger('loms');
const lifecycle = createLifecycle(log);
try {
  const config = readLomsConfig();
  const telemetry = startTelemetry('loms');
  lifecycle.add('telemetry', () => telemetry.shutdown());
  const loms = await startLoms(config, log);
  lifecycle.add('loms', () => loms.stop());
  lifecycle.handleSignals();
  log.info({ grpcPort: loms.grpcPort, httpPort: loms.httpPort }, 'loms started');
} catch (err) {
  log.fatal({ err }, 'loms failed to start');
  await lifecycle.stopAll();
  process.exit(1);
}

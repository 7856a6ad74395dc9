import { createLifecycle, createLogger, startTelemetry } from '@marketplace/platform';
import { readNotifierConfig } from './config.ts';
import { startNotifier } from './notifier-server.ts';

const log = createLogger('notifier');
const lifecycle = createLifecycle(log);
try {
  const config = readNotifierConfig();
  const telemetry = startTelemetry('notifier');
  lifecycle.add('telemetry', () => telemetry.shutdown());
  const notifier = await startNotifier(config, log);
  lifecycle.add('notifier', () => notifier.stop());
  lifecycle.handleSignals();
  log.info({ httpPort: notifier.httpPort, group: config.kafka.groupId }, 'notifier started');
} catch (err) {
  log.fatal({ err }, 'notifier failed to start');
  await lifecycle.stopAll();
  process.exit(1);
}

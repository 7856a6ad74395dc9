/**
 * Where a backing service (PostgreSQL, Kafka) of the tests and local stacks comes from:
 * - `environment`: its URL is in the environment (DATABASE_URL, KAFKA_BROKERS);
 * - `default-port`: a server already listens on its default local port (5432, 9092);
 * - `container`: a Docker engine answers, and testcontainers starts one;
 * - `local`: the project starts one itself from the machine's binaries or jars.
 */
export type BackingSource = 'environment' | 'default-port' | 'container' | 'local';

/** What is known so far; a fact not probed yet is undefined. */
export interface BackingFacts {
  urlInEnvironment: boolean;
  defaultPortListening?: boolean;
  dockerEngine?: boolean;
}

export type BackingProbe = 'defaultPortListening' | 'dockerEngine';

/**
 * The source the facts decide, in the order environment, default port, container, local; or the
 * fact to probe next when the facts do not decide yet, so nothing is probed that an earlier
 * source makes moot.
 */
export function nextBackingStep(facts: BackingFacts): { use: BackingSource } | { probe: BackingProbe } {
  if (facts.urlInEnvironment) return { use: 'environment' };
  if (facts.defaultPortListening === undefined) return { probe: 'defaultPortListening' };
  if (facts.defaultPortListening) return { use: 'default-port' };
  if (facts.dockerEngine === undefined) return { probe: 'dockerEngine' };
  return { use: facts.dockerEngine ? 'container' : 'local' };
}

/** Probes what `nextBackingStep` asks for, one fact at a time, until it names a source. */
export async function chooseBackingSource(
  urlInEnvironment: boolean,
  probes: Record<BackingProbe, () => Promise<boolean>>,
): Promise<BackingSource> {
  let facts: BackingFacts = { urlInEnvironment };
  for (;;) {
    const step = nextBackingStep(facts);
    if ('use' in step) return step.use;
    facts = { ...facts, [step.probe]: await probes[step.probe]() };
  }
}

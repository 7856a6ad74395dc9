/** A bad environment value: names the variable so the operator knows what to fix. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const byteUnits: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 * 1024 };
const durationUnits: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Parses `1500ms`, `1s`, `15m`, `2h` (or a bare number of milliseconds) into milliseconds. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * (durationUnits[match[2] ?? 'ms'] ?? 1));
}

/**
 * Reads environment variables, collecting every problem before failing, so one start reports all
 * bad values at once. Call `done()` after reading: it throws a ConfigError naming each variable.
 */
export function createEnvReader(env: Env = process.env) {
  const problems: string[] = [];
  const raw = (name: string) => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : value;
  };
  return {
    string(name: string, fallback?: string): string {
      const value = raw(name) ?? fallback;
      if (value === undefined) problems.push(`${name}: required`);
      return value ?? '';
    },
    /** A string that may be absent (undefined then); blank counts as absent. */
    optionalString(name: string): string | undefined {
      return raw(name);
    },
    int(name: string, fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
      const text = raw(name);
      if (text === undefined) return fallback;
      // Decimal digits only: Number() would also take "0x10", "1e2" and " 50".
      const value = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
      if (!Number.isInteger(value) || value < min || value > max) {
        problems.push(`${name}: expected an integer in [${min}, ${max}], got "${text}"`);
        return fallback;
      }
      return value;
    },
    /** A duration in milliseconds, positive unless `allowZero` (where 0 switches something off). */
    durationMs(name: string, fallback: string, { allowZero = false } = {}): number {
      const text = raw(name) ?? fallback;
      const value = parseDuration(text);
      if (value === undefined || (value === 0 && !allowZero)) {
        problems.push(
          allowZero
            ? `${name}: expected a duration like 0, 500ms, 1s, 15m, got "${text}"`
            : `${name}: expected a positive duration like 500ms, 1s, 15m, got "${text}"`,
        );
        return parseDuration(fallback) ?? 0;
      }
      return value;
    },
    bool(name: string, fallback: boolean): boolean {
      const text = raw(name);
      if (text === undefined) return fallback;
      if (['1', 'true', 'yes'].includes(text)) return true;
      if (['0', 'false', 'no'].includes(text)) return false;
      problems.push(`${name}: expected true or false, got "${text}"`);
      return fallback;
    },
    /** Records a problem found outside this reader (a value that parsed but does not make sense). */
    problem(name: string, message: string): void {
      problems.push(`${name}: ${message}`);
    },
    /** A byte size: `512`, `64KiB`, `1MiB`. */
    bytes(name: string, fallback: number, { min = 1, max = 2 ** 31 } = {}): number {
      const text = raw(name);
      if (text === undefined) return fallback;
      const match = /^(\d+)\s*(B|KiB|MiB)?$/.exec(text.trim());
      const value = match ? Number(match[1]) * (byteUnits[match[2] ?? 'B'] ?? 1) : Number.NaN;
      if (!(value >= min && value <= max)) {
        problems.push(
          `${name}: expected a size in bytes like 65536, 64KiB, 1MiB in [${min}, ${max}], got "${text}"`,
        );
        return fallback;
      }
      return value;
    },
    done(): void {
      if (problems.length > 0) throw new ConfigError(problems);
    },
  };
}

export type EnvReader = ReturnType<typeof createEnvReader>;

/**
 * The settings `readSettings` takes from `env`, read once: frozen, or a ConfigError naming every
 * bad variable at once.
 */
export function readConfig<T>(env: Env, readSettings: (read: EnvReader) => T): Readonly<T> {
  const read = createEnvReader(env);
  const settings = readSettings(read);
  read.done();
  return deepFreeze(settings);
}

/** Freezes a config tree so no module can change settings after start. */
export function deepFreeze<T>(value: T): Readonly<T> {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

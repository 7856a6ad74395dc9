import { parseId } from './format.ts';

/** The signed-in visitor (AUTH_MODE=jwt): who they are and the token the page sends for them. */
export interface SignedIn {
  /** The token's subject: the user id, as decimal text. */
  userId: string;
  accessToken: string;
  /** When the token runs out (ms since the epoch), from the sign-in's `expiresIn`. */
  expiresAt: number;
  /** Shown in the top bar once the account is read; the id until then. */
  name?: string;
  email?: string;
}

/** The part of the Web Storage API the session uses (sessionStorage in the browser). */
export type SessionStorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Where the session is kept: this tab's sessionStorage, so a reload keeps it and closing the tab ends it. */
export const SESSION_KEY = 'marketplace.session';

/**
 * The user id of an access token: its `sub` claim, when it is a user id (1..9223372036854775807).
 * The page does not verify the token (the storefront and the services do); it reads whom it names.
 */
export function subjectOf(accessToken: string): string | undefined {
  const parts = accessToken.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
    const { sub } = JSON.parse(json) as { sub?: unknown };
    return typeof sub === 'string' ? parseId(sub) : undefined;
  } catch {
    return undefined;
  }
}

export interface Session {
  /** The signed-in visitor, or undefined when signed out or the token has run out. */
  current(): SignedIn | undefined;
  /** Keeps a new sign-in; undefined (and signed out) when the token names no user. */
  start(accessToken: string, expiresInSeconds: number): SignedIn | undefined;
  /** Adds what the account says (name, email) to the signed-in visitor. */
  describe(profile: { name: string; email: string }): void;
  end(): void;
}

/**
 * The visitor's session, kept in `storage` (none: in memory only, for this page). A stored session
 * that cannot be read, or whose token has run out, counts as signed out.
 */
export function createSession(storage?: SessionStorageLike, now: () => number = Date.now): Session {
  let memory: SignedIn | undefined = read(storage);
  const save = (value: SignedIn | undefined) => {
    memory = value;
    try {
      if (value) storage?.setItem(SESSION_KEY, JSON.stringify(value));
      else storage?.removeItem(SESSION_KEY);
    } catch {
      // Storage full or refused (private mode): the session lives in this page only.
    }
  };
  return {
    current() {
      if (memory && memory.expiresAt <= now()) save(undefined);
      return memory;
    },
    start(accessToken, expiresInSeconds) {
      const userId = subjectOf(accessToken);
      const seconds = Number.isFinite(expiresInSeconds) && expiresInSeconds > 0 ? expiresInSeconds : 0;
      save(userId ? { userId, accessToken, expiresAt: now() + seconds * 1000 } : undefined);
      return memory;
    },
    describe({ name, email }) {
      if (memory) save({ ...memory, name, email });
    },
    end: () => save(undefined),
  };
}

function read(storage: SessionStorageLike | undefined): SignedIn | undefined {
  try {
    const text = storage?.getItem(SESSION_KEY);
    if (!text) return undefined;
    const value = JSON.parse(text) as Partial<SignedIn>;
    if (typeof value.accessToken !== 'string' || typeof value.expiresAt !== 'number') return undefined;
    const userId = subjectOf(value.accessToken);
    if (userId === undefined || userId !== value.userId) return undefined;
    return {
      userId,
      accessToken: value.accessToken,
      expiresAt: value.expiresAt,
      ...(typeof value.name === 'string' ? { name: value.name } : {}),
      ...(typeof value.email === 'string' ? { email: value.email } : {}),
    };
  } catch {
    return undefined;
  }
}

import { generateSigningKey, thumbprint } from '../infra/signing-keys.ts';

/**
 * `pnpm run new-signing-key`: prints a new ES256 signing key as a one-line private JWK (for
 * JWT_SIGNING_KEY, or a file for JWT_SIGNING_KEY_FILE) on stdout, and its key id on stderr.
 */
const key = generateSigningKey();
process.stdout.write(`${JSON.stringify(key)}\n`);
process.stderr.write(`key id (kid): ${thumbprint(key)}\n`);

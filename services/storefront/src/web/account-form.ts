import { codePointLength } from './format.ts';

/** What a sign-up form holds, as typed. */
export interface SignUpFields {
  name: string;
  email: string;
  password: string;
}

/** The users service's rules for a new account (it checks them again and has the last word). */
export const ACCOUNT_RULES = { nameMax: 100, emailMax: 254, passwordMin: 8, passwordMax: 128 } as const;

/** Something@something.tld without spaces: enough to catch a typo before the service's own check. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The first thing wrong with a sign-up, in plain words, or undefined when it may be sent. */
export function signUpProblem(fields: SignUpFields): string | undefined {
  const name = fields.name.trim();
  if (name === '') return 'Enter your name';
  if (codePointLength(name) > ACCOUNT_RULES.nameMax)
    return `Your name can be at most ${ACCOUNT_RULES.nameMax} characters`;
  return emailProblem(fields.email) ?? passwordProblem(fields.password);
}

/** The first thing wrong with a sign-in, or undefined. */
export function signInProblem(email: string, password: string): string | undefined {
  if (email.trim() === '') return 'Enter your email';
  if (password === '') return 'Enter your password';
  return undefined;
}

function emailProblem(text: string): string | undefined {
  const email = text.trim();
  if (email === '') return 'Enter your email';
  if (email.length > ACCOUNT_RULES.emailMax || !EMAIL.test(email)) return 'Enter a valid email address';
  return undefined;
}

function passwordProblem(password: string): string | undefined {
  const length = codePointLength(password);
  if (length < ACCOUNT_RULES.passwordMin)
    return `Choose a password of at least ${ACCOUNT_RULES.passwordMin} characters`;
  if (length > ACCOUNT_RULES.passwordMax)
    return `Your password can be at most ${ACCOUNT_RULES.passwordMax} characters`;
  return undefined;
}

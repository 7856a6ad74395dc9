import { describe, expect, it } from 'vitest';
import { signInProblem, signUpProblem } from '../../src/web/account-form.ts';

const ok = { name: 'Ann', email: 'ann@example.com', password: 'correct horse' };

describe('signUpProblem', () => {
  it('lets a complete sign-up through', () => {
    expect(signUpProblem(ok)).toBeUndefined();
    expect(signUpProblem({ ...ok, name: 'ä'.repeat(100), password: '😀'.repeat(8) })).toBeUndefined();
  });

  it.each([
    [{ name: '  ' }, 'Enter your name'],
    [{ name: 'a'.repeat(101) }, 'Your name can be at most 100 characters'],
    [{ email: '' }, 'Enter your email'],
    [{ email: 'ann' }, 'Enter a valid email address'],
    [{ email: 'ann @example.com' }, 'Enter a valid email address'],
    [{ email: `${'a'.repeat(250)}@x.io` }, 'Enter a valid email address'],
    [{ password: 'short' }, 'Choose a password of at least 8 characters'],
    [{ password: 'x'.repeat(129) }, 'Your password can be at most 128 characters'],
  ])('says what is wrong with %o', (change, problem) => {
    expect(signUpProblem({ ...ok, ...change })).toBe(problem);
  });
});

describe('signInProblem', () => {
  it('asks for both fields, and leaves checking them to the users service', () => {
    expect(signInProblem('', 'x')).toBe('Enter your email');
    expect(signInProblem('ann@example.com', '')).toBe('Enter your password');
    expect(signInProblem('ann@example.com', 'x')).toBeUndefined();
  });
});

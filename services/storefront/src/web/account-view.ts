import { signInProblem, signUpProblem } from './account-form.ts';
import { byTestId } from './dom.ts';
import { type AccountAction, describeAccountError, SIGN_IN_AGAIN } from './error-text.ts';
import type { MarketplaceApi } from './marketplace-api.ts';
import { messageLine } from './message-line.ts';
import type { Session, SignedIn } from './session.ts';
import { type CurrentUser, SIGN_IN_HINT } from './user-field.ts';

export interface AccountDeps {
  api: MarketplaceApi;
  session: Session;
  /** A visitor signed in (or was still signed in when the page loaded). */
  onSignedIn(user: SignedIn): void;
  /** The visitor signed out, or their token was refused. */
  onSignedOut(): void;
}

/**
 * Sign-up, sign-in and sign-out (AUTH_MODE=jwt). Signed out, the account panel (both forms) is
 * shown and `shop` hidden; signed in, the top bar names the visitor and offers Sign out. A new
 * account is signed in at once. The page acts for the signed-in user only: `user` is that user.
 */
export function mountAccount(
  elements: { bar: HTMLElement; panel: HTMLElement; shop: HTMLElement },
  deps: AccountDeps,
) {
  const { bar, panel, shop } = elements;
  const name = byTestId(bar, 'account-name');
  const signOut = byTestId<HTMLButtonElement>(bar, 'sign-out');
  const message = messageLine(byTestId(panel, 'account-message'));
  const signInForm = byTestId<HTMLFormElement>(panel, 'sign-in-form');
  const signInEmail = byTestId<HTMLInputElement>(panel, 'sign-in-email');
  const signInPassword = byTestId<HTMLInputElement>(panel, 'sign-in-password');
  const signUpForm = byTestId<HTMLFormElement>(panel, 'sign-up-form');
  const signUpName = byTestId<HTMLInputElement>(panel, 'sign-up-name');
  const signUpEmail = byTestId<HTMLInputElement>(panel, 'sign-up-email');
  const signUpPassword = byTestId<HTMLInputElement>(panel, 'sign-up-password');
  const submits = [...panel.querySelectorAll<HTMLButtonElement>('button[type="submit"]')];
  /** Signs the visitor out when the token runs out, rather than at the next refused call. */
  let expiry: ReturnType<typeof setTimeout> | undefined;

  const showSignedIn = (user: SignedIn) => {
    clearTimeout(expiry);
    // setTimeout takes at most 2^31-1 ms; a token living longer is signed out by its first refused call.
    const left = user.expiresAt - Date.now();
    expiry = left < 2 ** 31 ? setTimeout(() => refused(user.accessToken), Math.max(0, left)) : undefined;
    name.textContent = user.name
      ? `${user.name} (${user.email ?? `user ${user.userId}`})`
      : `user ${user.userId}`;
    bar.hidden = false;
    panel.hidden = true;
    shop.hidden = false;
  };

  const showSignedOut = (text: string, kind: 'info' | 'error' = 'info') => {
    clearTimeout(expiry);
    bar.hidden = true;
    panel.hidden = false;
    shop.hidden = true;
    signInPassword.value = '';
    signUpPassword.value = '';
    message.show(text, kind);
  };

  /** Reads the signed-in user's account for the top bar; the id stays shown when that fails. */
  const describe = async (user: SignedIn) => {
    try {
      const account = await deps.api.accountOf(user.userId);
      deps.session.describe({ name: account.name, email: account.email });
      const current = deps.session.current();
      if (current?.userId === user.userId) showSignedIn(current);
    } catch {
      // A refused token signs the visitor out (the API client's hook); anything else is cosmetic.
    }
  };

  const signIn = async (email: string, password: string, action: AccountAction) => {
    const answer = await deps.api.signIn(email, password);
    const user = deps.session.start(answer.accessToken, answer.expiresIn);
    if (!user) throw new Error(`the ${action} answer carried no usable access token`);
    signInForm.reset();
    signUpForm.reset();
    message.clear();
    showSignedIn(user);
    deps.onSignedIn(user);
    await describe(user);
  };

  /** Runs a form's action with its buttons disabled; problems show in the panel's message line. */
  const submit = async (action: AccountAction, run: () => Promise<void>) => {
    for (const button of submits) button.disabled = true;
    message.show(action === 'sign-in' ? 'Signing in…' : 'Creating your account…');
    try {
      await run();
    } catch (err) {
      message.show(describeAccountError(err, action), 'error');
    } finally {
      for (const button of submits) button.disabled = false;
    }
  };

  signInForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const email = signInEmail.value.trim();
    const problem = signInProblem(email, signInPassword.value);
    if (problem) return message.show(problem, 'error');
    void submit('sign-in', () => signIn(email, signInPassword.value, 'sign-in'));
  });

  signUpForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const fields = {
      name: signUpName.value.trim(),
      email: signUpEmail.value.trim(),
      password: signUpPassword.value,
    };
    const problem = signUpProblem(fields);
    if (problem) return message.show(problem, 'error');
    void submit('sign-up', async () => {
      await deps.api.signUp(fields);
      await signIn(fields.email, fields.password, 'sign-up');
    });
  });

  signOut.addEventListener('click', () => {
    deps.session.end();
    showSignedOut('You are signed out');
    deps.onSignedOut();
  });

  /**
   * `token` is done (refused, or run out): the visitor signs in again. Nothing happens when the
   * visitor has signed out already, or signed in anew since a call with an older token was sent.
   */
  function refused(token: string) {
    const current = deps.session.current();
    if (current ? current.accessToken !== token : !panel.hidden) return;
    deps.session.end();
    showSignedOut(SIGN_IN_AGAIN, 'error');
    deps.onSignedOut();
  }

  const user: CurrentUser = { id: () => deps.session.current()?.userId, hint: SIGN_IN_HINT };
  return {
    user,
    /** Shows the page for the session the tab still holds, or the sign-in forms. */
    start() {
      const current = deps.session.current();
      if (!current) return showSignedOut('');
      showSignedIn(current);
      deps.onSignedIn(current);
      void describe(current);
    },
    /** The visitor's token was refused (expired, or the keys changed): sign in again. */
    tokenRefused: refused,
  };
}

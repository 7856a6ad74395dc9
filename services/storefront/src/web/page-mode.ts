/** How the stack authenticates visitors (AUTH_MODE), as the storefront wrote it into the page. */
export type PageAuthMode = 'off' | 'jwt';

/**
 * The `auth-mode` meta tag of the page (`<meta name="auth-mode" content="jwt">`); `off` when it is
 * absent or says anything else, which is the contract's default.
 */
export function authModeOf(page: Pick<Document, 'querySelector'>): PageAuthMode {
  const content = page.querySelector<HTMLMetaElement>('meta[name="auth-mode"]')?.content;
  return content === 'jwt' ? 'jwt' : 'off';
}

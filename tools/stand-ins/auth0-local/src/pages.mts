// The provider's HTML: sign-in form, logout hand-off, signed-out and error pages. Self-contained
// (no web fonts or CDNs: the stack runs offline) and plain enough for screen readers and Playwright.
import type { SeedOrganization, SeedUser } from './seed.mjs';

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STYLE = `
  body { font-family: system-ui, sans-serif; background: #f4f5f7; color: #1f2328; margin: 0; }
  main { max-width: 34rem; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: 8px;
         box-shadow: 0 1px 3px rgba(0,0,0,.15); }
  h1 { font-size: 1.4rem; margin-top: 0; }
  label { display: block; margin-top: 1rem; font-weight: 600; }
  input { display: block; width: 100%; box-sizing: border-box; padding: .5rem; margin-top: .25rem;
          font-size: 1rem; border: 1px solid #8c959f; border-radius: 4px; }
  button { font-size: 1rem; padding: .5rem 1rem; border-radius: 4px; border: 1px solid #1f6feb;
           background: #fff; color: #0b4fbf; cursor: pointer; }
  button[type=submit] { margin-top: 1.25rem; width: 100%; background: #1f6feb; color: #fff; }
  .error { color: #a40e26; background: #ffebe9; border: 1px solid #ff8182; padding: .75rem;
           border-radius: 4px; }
  table { border-collapse: collapse; width: 100%; margin-top: .5rem; font-size: .9rem; }
  th, td { text-align: left; padding: .35rem .25rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }
  code { font-size: .9rem; }
  .note { color: #57606a; font-size: .9rem; }
`;

function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)}</title>
  <style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

export interface LoginPageModel {
  action: string;
  clientName: string;
  users: readonly SeedUser[];
  organizations: readonly SeedOrganization[];
  username?: string;
  error?: string;
}

export function loginPage(model: LoginPageModel): string {
  const orgName = (id: string): string => model.organizations.find((org) => org.id === id)?.displayName ?? id;
  const rows = model.users
    .map(
      (user, index) => `
      <tr>
        <td>${escapeHtml(user.name)}<br><code>${escapeHtml(user.email)}</code></td>
        <td><code>${escapeHtml(user.password)}</code></td>
        <td>${escapeHtml(orgName(user.orgId))}<br><code>${escapeHtml(user.orgId)}</code></td>
        <td>${escapeHtml(user.roles.join(', ') || '—')}</td>
        <td><button type="button" data-demo-user="${index}" aria-label="Use ${escapeHtml(user.name)}">Use</button></td>
      </tr>`,
    )
    .join('');
  const demoUsers = JSON.stringify(model.users.map(({ email, password }) => ({ email, password }))).replaceAll('<', '\\u003c');

  return layout(
    'Sign in — local Auth0',
    `
  <h1>Sign in to ${escapeHtml(model.clientName)}</h1>
  <p class="note">Local Auth0-compatible sign-in for development. Demo accounts only.</p>
  ${model.error ? `<p class="error" role="alert">${escapeHtml(model.error)}</p>` : ''}
  <form method="post" action="${escapeHtml(model.action)}">
    <label for="username">Email</label>
    <input id="username" name="username" type="email" autocomplete="username" required autofocus value="${escapeHtml(model.username)}">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <button type="submit">Sign in</button>
  </form>
  <h2>Demo users</h2>
  <table>
    <caption class="note">“Use” fills the form with that user's email and password.</caption>
    <thead><tr><th scope="col">User</th><th scope="col">Password</th><th scope="col">Organization</th><th scope="col">Roles</th><th scope="col"></th></tr></thead>
    <tbody>${rows}
    </tbody>
  </table>
  <script>
    const demoUsers = ${demoUsers};
    for (const button of document.querySelectorAll('[data-demo-user]')) {
      button.addEventListener('click', () => {
        const user = demoUsers[Number(button.dataset.demoUser)];
        document.getElementById('username').value = user.email;
        document.getElementById('password').value = user.password;
        document.getElementById('password').focus();
      });
    }
  </script>`,
  );
}

/** oidc-provider hands over a form (with its XSRF token); Auth0's /v2/logout asks nothing, so submit it at once. */
export function logoutPage(form: string): string {
  const confirmed = form.replace('</form>', '<input type="hidden" name="logout" value="yes"></form>');
  return layout(
    'Signing out — local Auth0',
    `
  <h1>Signing out…</h1>
  ${confirmed}
  <noscript><button type="submit" form="op.logoutForm">Sign out</button></noscript>
  <script>document.getElementById('op.logoutForm').submit();</script>`,
  );
}

export function signedOutPage(): string {
  return layout('Signed out — local Auth0', '<h1>You are signed out</h1><p>You can close this window.</p>');
}

export function errorPage(error: string, description?: string): string {
  return layout(
    'Sign-in error — local Auth0',
    `
  <h1>Something went wrong</h1>
  <p class="error" role="alert"><strong>${escapeHtml(error)}</strong>${description ? `: ${escapeHtml(description)}` : ''}</p>
  <p>Go back to the application and sign in again.</p>`,
  );
}

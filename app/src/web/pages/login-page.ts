// GET /: the login form; on success the token goes to localStorage and the browser to /items.
import { renderPage } from './layout.ts';

const BODY = `
<header><h1>Sign in</h1></header>
<form data-testid="login-form">
  <label>Email <input data-testid="login-email" name="email" type="email" autocomplete="username" required></label>
  <label>Password <input data-testid="login-password" name="password" type="password" autocomplete="current-password" required></label>
  <button data-testid="login-submit" type="submit">Sign in</button>
  <p class="error" data-testid="login-error" role="alert" hidden></p>
</form>`;

const SCRIPT = `
const form = document.querySelector('[data-testid="login-form"]');
const errorLine = document.querySelector('[data-testid="login-error"]');
const submit = document.querySelector('[data-testid="login-submit"]');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  errorLine.hidden = true;
  submit.disabled = true;
  try {
    const response = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: form.email.value, password: form.password.value }),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      errorLine.textContent = response.status === 401 ? 'Wrong email or password.' : (body.message || 'Sign-in failed (' + response.status + ').');
      errorLine.hidden = false;
      return;
    }
    localStorage.setItem(TOKEN_KEY, body.token);
    location.assign('/items');
  } catch (error) {
    errorLine.textContent = 'Sign-in failed: ' + error.message;
    errorLine.hidden = false;
  } finally {
    submit.disabled = false;
  }
});`;

export function renderLoginPage(): string {
  return renderPage('Sign in', BODY, SCRIPT);
}

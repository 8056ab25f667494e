// The Playwright `test` the UI specs use: every request the browser makes carries the
// test's x-test-id (also kept as an annotation, where the runner finds it for log slices),
// and the seeded people sign in through the real form.
import { type APIRequestContext, expect, type Page, test as base } from '@playwright/test';
import type { SeededUser } from '../fixture.ts';
import { testIdFor } from '../support/test-id.ts';

export const TOKEN_KEY = 'ephemeral.token';

export const test = base.extend<{ testId: string }>({
  testId: async ({}, use, testInfo) => {
    const testId = testIdFor(testInfo.file, [testInfo.titlePath.slice(1).join(' > ')]);
    testInfo.annotations.push({ type: 'testId', description: testId });
    await use(testId);
  },
  extraHTTPHeaders: async ({ testId }, use) => {
    await use({ 'x-test-id': testId });
  },
});

export { expect };

export async function signInThroughForm(page: Page, user: Pick<SeededUser, 'email' | 'password'>): Promise<void> {
  await page.goto('/');
  await page.getByTestId('login-email').fill(user.email);
  await page.getByTestId('login-password').fill(user.password);
  // The items page fills its list right after loading; acting before that races the page's
  // own first GET /items (a just-created item would be listed twice).
  const listed = page.waitForResponse((response) => response.request().method() === 'GET' && new URL(response.url()).pathname === '/api/items');
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/items$/);
  expect((await listed).status()).toBe(200);
}

export function itemRow(page: Page, title: string) {
  return page.getByTestId('item-row').filter({ has: page.getByTestId('item-row-title').getByText(title, { exact: true }) });
}

/** Calls the api through the web proxy from inside the page, with the page's own session. */
export async function fetchInPage(page: Page, path: string): Promise<number> {
  return page.evaluate(
    async ({ path, key }) => {
      const response = await fetch(`/api${path}`, { headers: { authorization: `Bearer ${localStorage.getItem(key) ?? ''}` } });
      return response.status;
    },
    { path, key: TOKEN_KEY },
  );
}

/** Signs `user` in and creates an item through the web proxy, outside the page; returns its id. */
export async function createItemThroughProxy(request: APIRequestContext, user: Pick<SeededUser, 'email' | 'password'>, title: string): Promise<string> {
  const login = await request.post('/api/auth/login', { data: { email: user.email, password: user.password } });
  expect(login.status(), `sign-in of ${user.email}`).toBe(200);
  const { token } = (await login.json()) as { token: string };
  const created = await request.post('/api/items', { data: { title }, headers: { authorization: `Bearer ${token}` } });
  expect(created.status(), `POST /api/items as ${user.email}`).toBe(201);
  return ((await created.json()) as { item: { id: string } }).item.id;
}

// A person's way through the UI: sign in, create an item, watch the worker's result appear,
// sign out; a wrong password; a failing job shown as parked; deleting an item.
import { seededUsers } from '../fixture.ts';
import { expectedResult, uniqueTitle } from '../support/items.ts';
import { expect, itemRow, signInThroughForm, test, TOKEN_KEY } from './ui-test.ts';

// Tags name the service each test holds to account: the worker for results, the api for data.
test.describe('items in the browser', () => {
  test("alice signs in, creates an item, sees the worker's result appear, and signs out", { tag: ['@worker'] }, async ({ page }) => {
    await signInThroughForm(page, seededUsers.alice);
    await expect(page.getByTestId('whoami')).toHaveText(`${seededUsers.alice.email} (user)`);

    const title = uniqueTitle('ui item');
    const body = 'typed into a real browser';
    await page.getByTestId('item-title').fill(title);
    await page.getByTestId('item-body').fill(body);
    await page.getByTestId('item-create').click();

    const row = itemRow(page, title);
    await expect(row).toHaveCount(1);
    const result = row.getByTestId('item-result');
    await expect(result).toHaveAttribute('data-status', 'done');
    const expected = expectedResult(title, body);
    await expect(result).toHaveText(`done: ${expected.wordCount} words, ${expected.titleUppercase}`);

    await page.getByTestId('logout').click();
    await expect(page).toHaveURL(/\/$/);
    expect(await page.evaluate((key) => localStorage.getItem(key), TOKEN_KEY)).toBeNull();
    // Signed out means signed out: the items page sends the visitor back to the login form.
    await page.goto('/items');
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('login-form')).toBeVisible();
  });

  test('a wrong password is refused with a message and no session', { tag: ['@web', '@api'] }, async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('login-email').fill(seededUsers.alice.email);
    await page.getByTestId('login-password').fill('not-alices-password');
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('login-error')).toHaveText('Wrong email or password.');
    await expect(page).toHaveURL(/\/$/);
    expect(await page.evaluate((key) => localStorage.getItem(key), TOKEN_KEY)).toBeNull();
  });

  test('an item whose job always fails shows as parked after its retries', { tag: ['@worker'] }, async ({ page }) => {
    await signInThroughForm(page, seededUsers.bob);
    const title = uniqueTitle('ui [fail] item');
    await page.getByTestId('item-title').fill(title);
    await page.getByTestId('item-create').click();
    const result = itemRow(page, title).getByTestId('item-result');
    await expect(result).toHaveAttribute('data-status', 'parked', { timeout: 15_000 });
    await expect(result).toHaveText(/^parked after \d+ attempts$/);
  });

  test('a deleted item is gone, also after a reload', { tag: ['@api'] }, async ({ page }) => {
    await signInThroughForm(page, seededUsers.bob);
    const title = uniqueTitle('ui delete me');
    await page.getByTestId('item-title').fill(title);
    await page.getByTestId('item-create').click();
    await expect(itemRow(page, title)).toHaveCount(1);
    await itemRow(page, title).getByTestId('item-delete').click();
    await expect(itemRow(page, title)).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('whoami')).toHaveText(`${seededUsers.bob.email} (user)`);
    await expect(itemRow(page, title)).toHaveCount(0);
  });
});

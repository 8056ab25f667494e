// What each role sees in the browser: a user their own items and nobody else's (not even by
// asking the api for another's item id with their session); an admin everyone's. Each test
// makes fresh items, so they sit at the top of lists that earlier suites made long.
import { seededUsers } from '../fixture.ts';
import { uniqueTitle } from '../support/items.ts';
import { createItemThroughProxy, expect, fetchInPage, itemRow, signInThroughForm, test } from './ui-test.ts';

const users = [
  { name: 'alice', other: 'bob' },
  { name: 'bob', other: 'alice' },
] as const;

// Who sees what is the api's rule; the page only shows what it is given.
test.describe('what each role sees', { tag: ['@api'] }, () => {
  for (const { name, other } of users) {
    test(`${name} sees their own items and none of ${other}'s, not even by id`, async ({ page, request }) => {
      const ownTitle = uniqueTitle(`ui ${name}'s own`);
      const otherTitle = uniqueTitle(`ui ${other}'s private`);
      await createItemThroughProxy(request, seededUsers[name], ownTitle);
      const otherId = await createItemThroughProxy(request, seededUsers[other], otherTitle);

      await signInThroughForm(page, seededUsers[name]);
      await expect(page.getByTestId('whoami')).toHaveText(`${seededUsers[name].email} (user)`);
      await expect(itemRow(page, ownTitle)).toHaveCount(1);
      // The list has rendered (the own item is there), so an absent row is really absent.
      await expect(itemRow(page, otherTitle)).toHaveCount(0);
      expect(await fetchInPage(page, `/items/${otherId}`)).toBe(404);
      expect(await fetchInPage(page, `/items/${otherId}/result`)).toBe(404);
    });
  }

  test("carol, an admin, sees everyone's items", async ({ page, request }) => {
    const aliceTitle = uniqueTitle("ui alice's for the admin");
    const bobTitle = uniqueTitle("ui bob's for the admin");
    await createItemThroughProxy(request, seededUsers.alice, aliceTitle);
    const bobId = await createItemThroughProxy(request, seededUsers.bob, bobTitle);

    await signInThroughForm(page, seededUsers.carol);
    await expect(page.getByTestId('whoami')).toHaveText(`${seededUsers.carol.email} (admin)`);
    await expect(itemRow(page, aliceTitle)).toHaveCount(1);
    await expect(itemRow(page, bobTitle)).toHaveCount(1);
    expect(await fetchInPage(page, `/items/${bobId}`)).toBe(200);
  });
});

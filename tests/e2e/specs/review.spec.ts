// "Are your security info details still current?": after the policy's reconfirm_days (one day
// on the second server that cargo xtask test starts) signing in asks for a review. Each try is by
// a new person, so that a retry does not meet the first try's recovery codes and review.
import { expect, test, type Page } from '@playwright/test';
import { AddMethodDialog, addPerson, advanceServerClock, expectAccessible, screenshots, signInAs } from './support';

test.use({ baseURL: process.env.LATCHKEY_TWO_STEP_URL });

/** Signs in again as `who` and verifies with the next recovery code. */
async function signInAgain(page: Page, who: string, code: string) {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await signInAs(page, who);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('textbox', { name: 'Recovery code' }).fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
}

test('signing in after reconfirm_days asks for a review', async ({ page }, testInfo) => {
  test.skip(
    !process.env.LATCHKEY_TWO_STEP_URL || !process.env.LATCHKEY_SERVER_BIN,
    'needs the second server, the server binary and its database that cargo xtask test gives',
  );
  const lee = addPerson('lee', 'Lee Carver');
  await signInAs(page, lee);
  const dialog = new AddMethodDialog(page);
  await dialog.open();
  await dialog.choose('Recovery codes');
  await page.getByRole('button', { name: 'Get codes' }).click();
  const items = page.getByRole('list', { name: 'Your recovery codes' }).getByRole('listitem');
  await expect(items).toHaveCount(10);
  const codes = await items.allTextContents();
  await page.getByRole('button', { name: 'Done' }).click();

  // Not due yet.
  await signInAgain(page, lee, codes[0]);
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();

  // Two days on: due. "Looks good" confirms, and the next sign-in does not ask.
  await advanceServerClock(page, 2 * 24 * 3600);
  await signInAgain(page, lee, codes[1]);
  const review = page.getByRole('heading', { name: 'Are your security info details still current?', level: 1 });
  await expect(review).toBeVisible();
  await expect(page.getByRole('list', { name: 'Your methods' })).toContainText('Recovery codes');
  await expectAccessible(page);
  await screenshots(page, testInfo, 'review');
  await page.getByRole('button', { name: 'Looks good' }).click();
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
  await signInAgain(page, lee, codes[2]);
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();

  // Two more days: "Change" leads to the page itself.
  await advanceServerClock(page, 2 * 24 * 3600);
  await signInAgain(page, lee, codes[3]);
  await expect(review).toBeVisible();
  await page.getByRole('button', { name: 'Change' }).click();
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add sign-in method' })).toBeVisible();
});

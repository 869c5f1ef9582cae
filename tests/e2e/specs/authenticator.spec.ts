// Authenticator app: the key shown on the page is typed into an independent TOTP client —
// oathtool, not our code — whose codes register the app and then verify the person.
import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { AddMethodDialog, advanceServerClock, expectAccessible, screenshots, serverTime, signInAs, tabTo } from './support';

/** The code oathtool computes from `key` for the server's current time. */
async function oathtoolCode(page: Page, key: string): Promise<string> {
  const now = await serverTime(page);
  return execFileSync('oathtool', ['--totp', '-b', '-N', `@${now}`, key.replace(/\s/g, '')]).toString().trim();
}

test('an authenticator app is added with its key and then verifies sign-in', async ({ page }, testInfo) => {
  await signInAs(page, 'alex');
  const dialog = new AddMethodDialog(page);
  await dialog.open();
  await dialog.choose('Authenticator app');
  const app = page.getByRole('dialog', { name: 'Authenticator app' });
  await expect(app.getByText('If you change phones or reinstall the app')).toBeVisible();
  await expect(app.getByRole('link', { name: 'Contact IT Support' })).toBeVisible();
  await expectAccessible(page);
  await app.getByRole('textbox', { name: 'Name (optional)' }).fill('Work phone');
  await app.getByRole('button', { name: 'Next' }).click();

  await expect(app.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  await expect(app.getByText('alex@example.com')).toBeVisible();
  await expect(app.getByText('Contoso', { exact: true })).toBeVisible();
  const key = (await app.locator('#secret-key').textContent()) ?? '';
  expect(key).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
  await expectAccessible(page);
  await screenshots(page, testInfo, 'authenticator-scan');

  // A wrong code is refused and nothing is registered.
  await app.getByRole('textbox', { name: 'Code' }).fill('000000');
  await app.getByRole('button', { name: 'Next' }).click();
  await expect(app.getByRole('alert')).toContainText("That code isn't right");
  await expectAccessible(page);

  const first = await oathtoolCode(page, key);
  await app.getByRole('textbox', { name: 'Code' }).fill(first);
  await app.getByRole('button', { name: 'Next' }).click();
  await expect(app.getByText('Authenticator app registered successfully.')).toBeVisible();
  await expect(app.getByRole('button', { name: 'Get recovery codes' })).toBeVisible();
  await expectAccessible(page);
  await app.getByRole('button', { name: 'Done' }).click();
  const list = page.getByRole('list', { name: 'Your methods' });
  await expect(list).toContainText('Work phone');
  await expect(list).toContainText('Not used yet');
  await expect(page.getByText('Default sign-in method: Use a code from my authenticator app')).toBeVisible();
  await screenshots(page, testInfo, 'authenticator-listed');

  // Signing in again: the app is the way offered first; the code used to add it is spent.
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await signInAs(page, 'alex');
  await expect(page.getByRole('heading', { name: 'Verify your identity', level: 1 })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Use a code from my authenticator app' })).toBeChecked();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Open your authenticator app and enter the code it shows now.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Resend code' })).toHaveCount(0);
  await expectAccessible(page);
  await screenshots(page, testInfo, 'authenticator-verify');
  await page.getByRole('textbox', { name: 'Code' }).fill(first);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('alert')).toContainText("That code isn't right");

  await advanceServerClock(page, 30);
  await page.getByRole('textbox', { name: 'Code' }).fill(await oathtoolCode(page, key));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Your methods' })).toContainText('Last used');

  // Locked out: a fresh code from the app proves the reset.
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.getByRole('link', { name: 'Forgot my password' }).click();
  await expect(page.getByText('Your browser has been checked.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Username' }).fill('alex');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('radio', { name: 'Enter a code from my authenticator app' }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await advanceServerClock(page, 30);
  await page.getByRole('textbox', { name: 'Code' }).fill(await oathtoolCode(page, key));
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByLabel('New password', { exact: true })).toBeVisible();
});

test('an authenticator app, then recovery codes, by keyboard alone', async ({ page }) => {
  await signInAs(page, 'noor');
  await tabTo(page, page.getByRole('button', { name: 'Add sign-in method' }));
  await page.keyboard.press('Enter');
  const method = page.getByRole('combobox', { name: 'Method' });
  await tabTo(page, method);
  await page.keyboard.type('Authenticator');
  await expect(method.locator('option:checked')).toHaveText('Authenticator app');
  await tabTo(page, page.getByRole('button', { name: 'Add', exact: true }));
  await page.keyboard.press('Enter');

  const name = page.getByRole('textbox', { name: 'Name (optional)' });
  await tabTo(page, name);
  await page.keyboard.type('Work phone');
  await page.keyboard.press('Enter');
  const key = (await page.locator('#secret-key').textContent()) ?? '';
  const code = page.getByRole('textbox', { name: 'Code' });
  await tabTo(page, code);
  await page.keyboard.type(await oathtoolCode(page, key));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Authenticator app registered successfully.')).toBeVisible();

  await tabTo(page, page.getByRole('button', { name: 'Get recovery codes' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('button', { name: 'Get codes' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Your recovery codes are ready.')).toBeVisible();
  await tabTo(page, page.getByRole('button', { name: 'Done' }));
  await page.keyboard.press('Enter');
  const list = page.getByRole('list', { name: 'Your methods' });
  await expect(list).toContainText('Work phone');
  await expect(list).toContainText('10 of 10 codes left');
});

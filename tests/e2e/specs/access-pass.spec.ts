// "Reach out to IT Support to get help enrolling again": Pat registered a phone, then lost it.
// IT support makes a Temporary Access Pass with `latchkey-server tap issue`; Pat signs in with it
// in another browser, lands on security info with the pass's notice, and registers a new phone
// without being asked to verify with the lost one. The pass opens nothing else, and works once.
import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { addPhoneByText, demoPassword, expectAccessible, screenshots, SignInScreen } from './support';

/** `latchkey-server tap issue`, as IT support runs it: the pass it prints. */
function issuePass(username: string): string {
  const server = process.env.LATCHKEY_SERVER_BIN ?? '';
  const printed = execFileSync(server, ['tap', 'issue', username, '--lifetime', '1h'], {
    env: { ...process.env, LATCHKEY_DEV: 'true' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return printed.toString().trim();
}

test('a pass from IT support lets a person who lost their phone register a new one', async ({ page, browser }, testInfo) => {
  test.skip(!process.env.LATCHKEY_SERVER_BIN, 'needs the server binary and database that cargo xtask test gives');
  const signIn = new SignInScreen(page);
  await signIn.open();
  await signIn.signIn('pat', demoPassword);
  await addPhoneByText(page, 'Phone', '425 555 0181', '+14255550181');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();

  const pass = issuePass('pat');
  expect(pass).toMatch(/^[2-9A-Z]{4}(-[2-9A-Z]{4}){3}$/);

  // Another browser: Pat's new phone.
  const context = await browser.newContext();
  const phone = await context.newPage();
  await phone.goto('/signin');
  await phone.getByRole('link', { name: 'Sign in with a Temporary Access Pass' }).click();
  await phone.getByRole('textbox', { name: 'Username' }).fill('pat');
  await phone.getByLabel('Temporary Access Pass').fill(pass);
  await expectAccessible(phone);
  await screenshots(phone, testInfo, 'access-pass-sign-in');
  await phone.getByRole('button', { name: 'Sign in' }).click();
  await expect(phone.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
  await expect(phone.getByRole('status').filter({ hasText: "You're signed in with a Temporary Access Pass until" })).toBeVisible();
  // Security info only: no password, no signing out everywhere.
  await expect(phone.getByRole('link', { name: 'Change password' })).toHaveCount(0);
  await expect(phone.getByRole('button', { name: 'Sign out everywhere' })).toHaveCount(0);
  await expectAccessible(phone);
  await screenshots(phone, testInfo, 'access-pass-security-info');
  // The new phone, without "Verify your identity" with the lost one.
  await addPhoneByText(phone, 'Alternate phone', '425 555 0182', '+14255550182');
  await expect(phone.getByRole('heading', { name: 'Verify your identity' })).toHaveCount(0);
  await phone.getByRole('button', { name: 'Sign out', exact: true }).click();

  // Once only.
  await phone.goto('/signin?pass');
  await phone.getByRole('textbox', { name: 'Username' }).fill('pat');
  await phone.getByLabel('Temporary Access Pass').fill(pass);
  await phone.getByRole('button', { name: 'Sign in' }).click();
  await expect(phone.getByText(/username or password is incorrect/)).toBeVisible();
  await context.close();
});

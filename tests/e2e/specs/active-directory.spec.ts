// Passwords that live in a real Active Directory (Samba as a domain controller, which
// `cargo xtask test` starts in a network namespace, with directory = active_directory): a person
// resets theirs by text under the domain's complexity rule, another changes theirs from security
// info, and a third, whose password must be changed at first sign-in, changes it instead of
// meeting a dead end. Afterwards OpenLDAP's `ldapsearch` binds to the domain controller with each
// new password and no longer with the old one.
import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { addPhoneByText, codeSentTo, demoPassword, expectAccessible, resetByText, screenshots, SignInScreen } from './support';

test.use({ baseURL: process.env.LATCHKEY_AD_URL });

const NEW_PASSWORD = 'Amber-kestrel-91-softly';

/** Whether the domain controller lets `name` (its display name) bind with `password`. */
function domainAccepts(name: string, password: string): boolean {
  const dn = `CN=${name},${process.env.LATCHKEY_AD_PEOPLE ?? ''}`;
  try {
    execFileSync(
      'ldapsearch',
      ['-x', '-H', process.env.LATCHKEY_AD_LDAP_URL ?? '', '-D', dn, '-w', password, '-b', '', '-s', 'base', '1.1'],
      { stdio: 'ignore', env: { ...process.env, LDAPTLS_CACERT: process.env.LATCHKEY_AD_CA_FILE ?? '' } },
    );
    return true;
  } catch {
    return false;
  }
}

test('a person in Active Directory resets their domain password by text', async ({ page }, testInfo) => {
  test.skip(!process.env.LATCHKEY_AD_URL, 'needs the Samba domain controller that cargo xtask test starts');
  const signIn = new SignInScreen(page);
  await signIn.open();
  await signIn.signIn('ada', demoPassword);
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
  await addPhoneByText(page, 'Phone', '425 555 0171', '+14255550171');
  const enrollmentCode = await codeSentTo(page, '+14255550171');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();

  await resetByText(page, 'ada@example.org', '425 555 0171', '+14255550171', [enrollmentCode]);

  // The domain's rules, before Ada types: its length, history and complexity.
  const requirements = page.locator('#password-requirements');
  await expect(requirements.getByText('At least 12 characters')).toBeVisible();
  await expect(requirements.getByText('Not one of your last 3 passwords')).toBeVisible();
  const mixed = requirements.getByRole('listitem').filter({ hasText: 'Three of these' });
  const password = page.getByLabel('New password', { exact: true });
  await password.fill('amberkestrelsoftly');
  await expect(mixed).toHaveClass(/requirement-unmet/);
  await page.getByLabel('Confirm new password').fill('amberkestrelsoftly');
  await page.getByRole('button', { name: 'Finish' }).click();
  await expect(password).toHaveAccessibleDescription(/three kinds|capital letters/i);
  await expectAccessible(page);
  await screenshots(page, testInfo, 'active-directory-complexity');
  expect(domainAccepts('Ada Lovelace', demoPassword)).toBe(true);

  await password.fill(NEW_PASSWORD);
  await expect(mixed).toHaveClass(/requirement-met/);
  await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Finish' }).click();
  await expect(page.getByText('Your password has been reset')).toBeVisible();
  expect(domainAccepts('Ada Lovelace', NEW_PASSWORD)).toBe(true);
  expect(domainAccepts('Ada Lovelace', demoPassword)).toBe(false);
});

test('a person in Active Directory changes their domain password from security info', async ({ page }) => {
  test.skip(!process.env.LATCHKEY_AD_URL, 'needs the Samba domain controller that cargo xtask test starts');
  const signIn = new SignInScreen(page);
  await signIn.open();
  await signIn.signIn('grace', demoPassword);
  await expect(page.getByText(/^Last changed /)).toBeVisible();
  await page.getByRole('link', { name: 'Change password' }).click();
  await page.getByLabel('Current password').fill(demoPassword);
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Your password has been changed')).toBeVisible();
  expect(domainAccepts('Grace Hopper', NEW_PASSWORD)).toBe(true);
  expect(domainAccepts('Grace Hopper', demoPassword)).toBe(false);
});

test('a password that must be changed at first sign-in is changed, not a dead end', async ({ page }, testInfo) => {
  test.skip(!process.env.LATCHKEY_AD_URL, 'needs the Samba domain controller that cargo xtask test starts');
  const signIn = new SignInScreen(page);
  await signIn.open();
  await signIn.signIn('alan', demoPassword);
  await expect(page.getByRole('heading', { name: 'Your password has expired', level: 1 })).toBeVisible();
  await expect(page.getByText(/asks alan for a new password/)).toBeVisible();
  // Sign-in proved the current password: only the new one is asked for.
  await expect(page.getByLabel('Current password')).toHaveCount(0);
  await expectAccessible(page);
  await screenshots(page, testInfo, 'active-directory-expired');
  const password = page.getByLabel('New password', { exact: true });
  await password.fill(demoPassword);
  await page.getByLabel('Confirm new password').fill(demoPassword);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(password).toHaveAccessibleDescription(/used this password before/);
  await password.fill(NEW_PASSWORD);
  await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
  expect(domainAccepts('Alan Turing', NEW_PASSWORD)).toBe(true);
  expect(domainAccepts('Alan Turing', demoPassword)).toBe(false);
});

// "Change password" from Security info: the current password proves it, the live requirements
// answer while typing, a wrong current password gets the generic message, and afterwards only the
// new password signs in. Signed out, the page sends you to sign in and back.
import { expect, test } from '@playwright/test';
import { demoPassword, expectAccessible, screenshots, signInAs, SignInScreen } from './support';

const NEW_PASSWORD = 'copper-heron-55-gently';

test('change your password from security info, then sign in with the new one', async ({ page }, testInfo) => {
  await signInAs(page, 'jules');
  await expect(page.getByRole('heading', { name: 'Password', level: 2 })).toBeVisible();
  await page.getByRole('link', { name: 'Change password' }).click();
  await expect(page.getByRole('heading', { name: 'Change password', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/change-password$/);

  const current = page.getByLabel('Current password');
  const password = page.getByLabel('New password', { exact: true });
  await expect(current).toHaveAttribute('autocomplete', 'current-password');
  await expect(password).toHaveAttribute('autocomplete', 'new-password');
  await current.fill('not-my-password-at-all');
  await password.fill('password1234');
  await expect(page.getByText('This password is too common')).toBeVisible();
  await password.fill(NEW_PASSWORD);
  await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await expect(page.getByText('Both passwords match')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'change-password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('alert').getByText(/username or password is incorrect/)).toBeVisible();
  // Nothing typed is lost.
  await expect(password).toHaveValue(NEW_PASSWORD);

  await current.fill(demoPassword);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Your password has been changed')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'change-password-done');

  await page.getByRole('link', { name: 'Back to security info' }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  const signIn = new SignInScreen(page);
  await signIn.signIn('jules', demoPassword);
  await expect(page.getByText(/username or password is incorrect/)).toBeVisible();
  await signIn.password().fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
});

test('signed out, change password asks you to sign in and comes back', async ({ page }) => {
  await page.goto('/change-password');
  await expect(page).toHaveURL(/\/signin\?next=\/change-password/);
  const signIn = new SignInScreen(page);
  await signIn.signIn('demo', demoPassword);
  await expect(page.getByRole('heading', { name: 'Change password', level: 1 })).toBeVisible();
});

// Keyboard only, and the narrowest phone: sign-in works without a mouse and without sideways
// scrolling.
import { expect, test } from '@playwright/test';
import { demoPassword } from './support';

test('sign in and out with the keyboard alone', async ({ page }) => {
  await page.goto('/signin');
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
  // Tab from the top of the page reaches the username first.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('textbox', { name: 'Username' })).toBeFocused();
  await page.keyboard.type('demo');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
  await page.keyboard.type(demoPassword);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
  // "Sign out" is reachable and works from the keyboard.
  const signOut = page.getByRole('button', { name: 'Sign out', exact: true });
  for (let i = 0; i < 10 && !(await signOut.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(signOut).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
});

test('the error summary links move focus to the field, from the keyboard', async ({ page }) => {
  await page.goto('/signin');
  await page.getByRole('textbox', { name: 'Username' }).focus();
  await page.keyboard.press('Enter');
  const summary = page.locator('.error-summary');
  await expect(summary).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Enter your username.' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Username' })).toBeFocused();
});

for (const path of ['/signin', '/reset', '/no-such-page']) {
  test(`no sideways scrolling at 320 px on ${path}`, async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
}

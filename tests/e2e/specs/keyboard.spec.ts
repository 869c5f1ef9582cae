// Keyboard only, and the narrowest phone: sign-in works without a mouse and without sideways
// scrolling.
import { expect, test } from '@playwright/test';
import { codeSentTo, demoPassword, tabTo } from './support';

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

test('sign in and add a phone with the keyboard alone; the dialog keeps and returns focus', async ({ page }) => {
  await page.goto('/signin');
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('textbox', { name: 'Username' })).toBeFocused();
  await page.keyboard.type('omar');
  await page.keyboard.press('Tab');
  await page.keyboard.type(demoPassword);
  await page.keyboard.press('Enter');
  const add = page.getByRole('button', { name: 'Add sign-in method' });
  await tabTo(page, add);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Add a method' });
  await expect(dialog).toBeVisible();
  // Focus starts inside the dialog and Tab never leaves it.
  await expect(page.getByRole('combobox', { name: 'Method' })).toBeFocused();
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await tabTo(page, page.getByRole('button', { name: 'Add', exact: true }));
  await page.keyboard.press('Enter');
  const country = page.getByRole('combobox', { name: 'Country or region' });
  await tabTo(page, country);
  await page.keyboard.type('United States');
  await expect(country.locator('option:checked')).toHaveText('United States (+1)');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('textbox', { name: 'Phone number' })).toBeFocused();
  await page.keyboard.type('425 555 0177');
  await page.keyboard.press('Enter');
  const code = page.getByRole('textbox', { name: 'Code' });
  await expect(code).toBeFocused();
  await page.keyboard.type(await codeSentTo(page, '+14255550177'));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Phone registered successfully')).toBeVisible();
  await tabTo(page, page.getByRole('button', { name: 'Done' }));
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(add).toBeFocused();
  await expect(page.locator('.method-detail', { hasText: '+1 4255550177' })).toBeVisible();
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

// The organisation's look from the settings (the second server that cargo xtask test starts is
// branded): accent colour, logo, helpdesk link text and a sign-in message — still accessible.
import { expect, test } from '@playwright/test';
import { expectAccessible, layoutShifted, measureLayoutShifts, screenshots, turnTo } from './support';

test.use({ baseURL: process.env.LATCHKEY_TWO_STEP_URL });

test('the sign-in page wears the organisation\'s accent, logo and message', async ({ page }, testInfo) => {
  test.skip(!process.env.LATCHKEY_TWO_STEP_URL, 'needs the branded server that cargo xtask test starts');
  await page.goto('/signin');
  await expect(page.getByText('Planned maintenance on Saturday from 06:00 to 08:00.')).toBeVisible();
  await expect(page.locator('header img.brand-logo')).toHaveAttribute('src', '/favicon.svg');
  await turnTo(page);
  await expect(page.getByRole('link', { name: 'Call the IT Service Desk' })).toBeVisible();
  const button = page.getByRole('button', { name: 'Sign in' });
  await expect(button).toHaveCSS('background-color', 'rgb(11, 83, 148)');
  await expectAccessible(page);
  await screenshots(page, testInfo, 'branded-sign-in');
});

test('the page wears the organisation\'s look before the app starts, and nothing moves when it does', async ({ page }) => {
  test.skip(!process.env.LATCHKEY_TWO_STEP_URL, 'needs the branded server that cargo xtask test starts');
  await measureLayoutShifts(page);
  await page.goto('/signin');
  const message = page.getByText('Planned maintenance on Saturday from 06:00 to 08:00.');
  await expect(message).toBeVisible();
  await expect(page.locator('header img.brand-logo')).toHaveAttribute('src', '/favicon.svg');
  const button = page.getByRole('button', { name: 'Sign in' });
  await expect(button).toHaveCSS('background-color', 'rgb(11, 83, 148)');
  const before = await page.getByRole('textbox', { name: 'Username' }).boundingBox();
  await turnTo(page);
  await expect(page.getByRole('link', { name: 'Call the IT Service Desk' })).toBeVisible();
  await expect(message).toBeVisible();
  expect(await page.getByRole('textbox', { name: 'Username' }).boundingBox()).toEqual(before);
  expect(await layoutShifted(page)).toBe(0);
});

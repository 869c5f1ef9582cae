// The organisation's look from the settings (the second server that cargo xtask test starts is
// branded): accent colour, logo, helpdesk link text and a sign-in message — still accessible.
import { expect, test } from '@playwright/test';
import { expectAccessible, screenshots } from './support';

test.use({ baseURL: process.env.LATCHKEY_TWO_STEP_URL });

test('the sign-in page wears the organisation\'s accent, logo and message', async ({ page }, testInfo) => {
  test.skip(!process.env.LATCHKEY_TWO_STEP_URL, 'needs the branded server that cargo xtask test starts');
  await page.goto('/signin');
  await expect(page.getByText('Planned maintenance on Saturday from 06:00 to 08:00.')).toBeVisible();
  await expect(page.locator('header img.brand-logo')).toHaveAttribute('src', '/favicon.svg');
  await expect(page.getByRole('link', { name: 'Call the IT Service Desk' })).toBeVisible();
  const button = page.getByRole('button', { name: 'Sign in' });
  await expect(button).toHaveCSS('background-color', 'rgb(11, 83, 148)');
  await expectAccessible(page);
  await screenshots(page, testInfo, 'branded-sign-in');
});

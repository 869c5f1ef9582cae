// "Sign out everywhere" ends the sessions of every device, after a confirmation.
import { expect, test } from '@playwright/test';
import { expectAccessible, screenshots, signInAs } from './support';

test('signing out everywhere ends the session on another device too', async ({ browser }, testInfo) => {
  const laptopContext = await browser.newContext();
  const phoneContext = await browser.newContext();
  const laptop = await laptopContext.newPage();
  const phone = await phoneContext.newPage();
  await signInAs(laptop, 'sam');
  await signInAs(phone, 'sam');
  await expect(phone.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();

  await laptop.getByRole('button', { name: 'Sign out everywhere' }).click();
  const confirm = laptop.getByRole('dialog', { name: 'Sign out everywhere?' });
  await expect(confirm).toBeVisible();
  await expectAccessible(laptop);
  await screenshots(laptop, testInfo, 'sign-out-everywhere');
  await confirm.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(laptop.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();

  await phone.reload();
  await expect(phone.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
  await laptopContext.close();
  await phoneContext.close();
});

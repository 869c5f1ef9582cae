// Texts and calls only to the countries the organisation opened (#30): the end-to-end servers
// text and call the US only, so a phone in Austria is refused in words naming the country, and
// the other methods are offered instead.
import { expect, test } from '@playwright/test';
import { AddMethodDialog, addPerson, expectAccessible, screenshots, signInAs } from './support';

test('a phone in a country texts and calls do not go to explains itself and offers the other methods', async ({ page }, testInfo) => {
  await signInAs(page, addPerson('abroad', 'Alma Berger'));
  const dialog = new AddMethodDialog(page);
  await dialog.open();
  await dialog.choose('Phone');
  await page.getByRole('combobox', { name: 'Country or region' }).selectOption({ label: 'Austria (+43)' });
  await page.getByRole('textbox', { name: 'Phone number' }).fill('0664 1234567');
  await page.getByRole('button', { name: 'Next' }).click();
  const refusal = "Texts to numbers in Austria aren't available; choose another method";
  await expect(page.getByRole('textbox', { name: 'Phone number' })).toHaveAccessibleDescription(new RegExp(refusal));
  await expect(page.locator('.error-summary')).toContainText(refusal);
  const others = page.getByRole('list', { name: 'Add another method instead:' });
  await expect(others.getByRole('button')).toHaveText(['Email', 'Authenticator app', 'Passkey', 'Recovery codes']);
  await expectAccessible(page);
  await screenshots(page, testInfo, 'phone-country-closed');

  await page.getByRole('radio', { name: 'Call me' }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.locator('.error-summary')).toContainText("Calls to numbers in Austria aren't available; choose another method");

  // Nothing was sent, and another method is one press away.
  const outbox: { to: string }[] = await (await page.request.get('/api/v1/dev/outbox')).json();
  expect(outbox.filter((m) => m.to === '+436641234567')).toEqual([]);
  await others.getByRole('button', { name: 'Email' }).click();
  await expect(page.getByRole('dialog', { name: 'Email' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Email' })).toBeVisible();
});

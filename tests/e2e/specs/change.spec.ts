// Changing a phone number and the default sign-in method. The new number replaces the old only
// once it is proven; the default is the way "Verify your identity" offers first.
import { expect, test } from '@playwright/test';
import { AddMethodDialog, addPhoneByText, codeSentTo, expectAccessible, screenshots, signInAs } from './support';

test('change a phone number, then make email the default sign-in method', async ({ page }, testInfo) => {
  await signInAs(page, 'drew');
  await addPhoneByText(page, 'Phone', '425 555 0144', '+14255550144');
  await expect(page.getByText('Default sign-in method: Text +1 4255550144')).toBeVisible();

  await page.getByRole('button', { name: 'Change phone +1 4255550144' }).click();
  await expect(page.getByRole('dialog', { name: 'Phone' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Country or region' }).selectOption({ label: 'United States (+1)' });
  await page.getByRole('textbox', { name: 'Phone number' }).fill('425 555 0155');
  await page.getByRole('button', { name: 'Next' }).click();
  // Until the new number is proven, the old one stays.
  const list = page.getByRole('list', { name: 'Your methods' });
  await expect(list).toContainText('+1 4255550144');
  await new AddMethodDialog(page).enterCode(await codeSentTo(page, '+14255550155'));
  await expect(page.getByText('Phone registered successfully')).toBeVisible();
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(list).toContainText('+1 4255550155');
  await expect(list).not.toContainText('+1 4255550144');
  await expect(page.getByText('Default sign-in method: Text +1 4255550155')).toBeVisible();

  const dialog = new AddMethodDialog(page);
  await dialog.open();
  await dialog.choose('Email');
  await page.getByRole('textbox', { name: 'Email' }).fill('drew@example.net');
  await page.getByRole('button', { name: 'Next' }).click();
  await dialog.enterCode(await codeSentTo(page, 'drew@example.net'));
  await page.getByRole('button', { name: 'Done' }).click();

  const change = page.getByRole('button', { name: 'Change', exact: true });
  await change.click();
  const chooser = page.getByRole('dialog', { name: 'Change default method' });
  await expect(chooser.getByRole('radio', { name: 'Text +1 4255550155' })).toBeChecked();
  await expect(chooser.getByRole('radio', { name: 'Call +1 4255550155' })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'change-default-method');
  await chooser.getByRole('radio', { name: 'Email drew@example.net' }).check();
  await chooser.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByText('Default sign-in method: Email drew@example.net')).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await screenshots(page, testInfo, 'security-info-with-default');

  // The next sign-in offers the default first.
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await signInAs(page, 'drew');
  await expect(page.getByRole('radio', { name: 'Email d••••@example.net' })).toBeChecked();
  await expect(page.getByRole('radio', { name: 'Call +1 ••••••0155' })).toBeVisible();
});

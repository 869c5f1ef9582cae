// The dev outbox shows every message sent in development mode, newest first, with its code.
import { expect, test } from '@playwright/test';
import { AddMethodDialog, codeSentTo, expectAccessible, screenshots, signInAs } from './support';

test('a code sent during enrollment shows in the dev outbox', async ({ page }, testInfo) => {
  await signInAs(page, 'avery');
  const dialog = new AddMethodDialog(page);
  await dialog.open();
  await dialog.choose('Email');
  await page.getByRole('textbox', { name: 'Email' }).fill('avery@example.net');
  await page.getByRole('button', { name: 'Next' }).click();
  const code = await codeSentTo(page, 'avery@example.net');
  await page.keyboard.press('Escape');

  await page.getByRole('link', { name: 'Dev outbox' }).click();
  await expect(page.getByRole('heading', { name: 'Dev outbox', level: 1 })).toBeVisible();
  const newest = page.getByRole('list', { name: 'Messages, newest first' }).getByRole('listitem').first();
  await expect(newest).toContainText('Email to avery@example.net');
  await expect(newest).toContainText(`Code: ${code}`);
  await expectAccessible(page);
  await screenshots(page, testInfo, 'dev-outbox');
});

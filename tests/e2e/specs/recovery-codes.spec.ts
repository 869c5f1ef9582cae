// Recovery codes: ten shown once, downloaded as a .txt file, each usable once to verify; a new
// set voids the old one and the person is told.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { AddMethodDialog, expectAccessible, screenshots, signInAs } from './support';

/** Makes a set through the dialog; returns the codes it showed. */
async function getCodes(page: Page): Promise<string[]> {
  const dialog = page.getByRole('dialog', { name: 'Recovery codes' });
  await dialog.getByRole('button', { name: 'Get codes' }).click();
  await expect(dialog.getByText('Your recovery codes are ready.')).toBeVisible();
  const codes = await dialog.getByRole('list', { name: 'Your recovery codes' }).getByRole('listitem').allTextContents();
  expect(codes).toHaveLength(10);
  for (const code of codes) expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
  return codes;
}

/** Signs in again and verifies with a recovery code; returns whether it was accepted. */
async function verifyWith(page: Page, code: string) {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await signInAs(page, 'robin');
  await expect(page.getByRole('radio', { name: 'Use a recovery code' })).toBeChecked();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('textbox', { name: 'Recovery code' }).fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
}

test('recovery codes are shown once, downloaded, used once each, and renewed', async ({ page }, testInfo) => {
  await signInAs(page, 'robin');
  const dialog = new AddMethodDialog(page);
  await dialog.open();
  await dialog.choose('Recovery codes');
  await expectAccessible(page);
  const codes = await getCodes(page);
  await expectAccessible(page);
  await screenshots(page, testInfo, 'recovery-codes');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('recovery-codes.txt');
  const text = readFileSync(await download.path(), 'utf8');
  for (const code of codes) expect(text).toContain(code);
  await expect(page.getByRole('button', { name: 'Print' })).toBeVisible();
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('list', { name: 'Your methods' })).toContainText('10 of 10 codes left');

  // One code verifies once; typed in lower case with spaces it still counts.
  await verifyWith(page, codes[0].toLowerCase().replaceAll('-', ' '));
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Your methods' })).toContainText('9 of 10 codes left');
  await verifyWith(page, codes[0]);
  await expect(page.getByRole('alert')).toContainText("That code isn't right");
  await expectAccessible(page);
  await page.getByRole('textbox', { name: 'Recovery code' }).fill('ABCD');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('alert')).toContainText('Enter the 16-character recovery code');
  await page.getByRole('textbox', { name: 'Recovery code' }).fill(codes[1]);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('list', { name: 'Your methods' })).toContainText('8 of 10 codes left');

  // A new set: the old codes stop working, and robin is told by email.
  await page.getByRole('button', { name: 'Get new recovery codes' }).click();
  await expect(page.getByText('Getting new codes stops your old codes working.')).toBeVisible();
  const renewed = await getCodes(page);
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('list', { name: 'Your methods' })).toContainText('10 of 10 codes left');
  const outbox = await (await page.request.get('/api/v1/dev/outbox')).json();
  expect(outbox.some((m: { to: string; body: string }) => m.to === 'robin@example.com' && m.body.includes('A new set of recovery codes was made'))).toBe(true);
  await verifyWith(page, codes[2]);
  await expect(page.getByRole('alert')).toContainText("That code isn't right");
  await page.getByRole('textbox', { name: 'Recovery code' }).fill(renewed[0]);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('list', { name: 'Your methods' })).toContainText('9 of 10 codes left');
});

// The code step's rules as a person meets them: an expired code, the resend countdown, and the
// send limit answered with when to try again.
import { expect, test } from '@playwright/test';
import { AddMethodDialog, advanceServerClock, codeSentTo, expectAccessible, screenshots, signInAs } from './support';

test('an expired code says so, and "Resend code" works after its countdown', async ({ page }, testInfo) => {
  await page.clock.install();
  await signInAs(page, 'harper');
  const dialog = new AddMethodDialog(page);
  await dialog.open();
  await dialog.choose('Email');
  await page.getByRole('textbox', { name: 'Email' }).fill('harper@example.net');
  await page.getByRole('button', { name: 'Next' }).click();
  const first = await codeSentTo(page, 'harper@example.net');
  const resend = page.getByRole('button', { name: 'Resend code' });
  await expect(resend).toHaveAttribute('aria-disabled', 'true');
  await expect(page.getByText(/^You can ask for a new code in \d+ seconds/)).toBeVisible();

  await advanceServerClock(page, 601);
  await dialog.enterCode(first);
  const code = page.getByRole('textbox', { name: 'Code' });
  await expect(code).toHaveAccessibleDescription(/expired/);
  await expectAccessible(page);
  await screenshots(page, testInfo, 'code-expired');

  await page.clock.runFor(31_000);
  await expect(resend).not.toHaveAttribute('aria-disabled', 'true');
  await resend.click();
  const second = await codeSentTo(page, 'harper@example.net', [first]);
  await expect(page.getByText(/^You can ask for a new code in \d+ seconds/)).toBeVisible();
  await dialog.enterCode(second);
  await expect(page.getByText('Email registered successfully')).toBeVisible();
});

test('too many codes: the limit says when to try again', async ({ page }, testInfo) => {
  await signInAs(page, 'rowan');
  const dialog = new AddMethodDialog(page);
  await dialog.open();
  await dialog.choose('Email');
  const email = page.getByRole('textbox', { name: 'Email' });
  // Five codes an hour; each new address is a new send.
  for (let n = 1; n <= 5; n++) {
    await email.fill(`rowan${n}@example.net`);
    await page.getByRole('button', { name: 'Next' }).click();
    await codeSentTo(page, `rowan${n}@example.net`);
    await page.keyboard.press('Escape');
    await dialog.open();
    await dialog.choose('Email');
  }
  await email.fill('rowan6@example.net');
  await page.getByRole('button', { name: 'Next' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(/Too many attempts\. Try again in 24 hours \(at .+\)\./);
  await expect(email).toHaveValue('rowan6@example.net');
  await expectAccessible(page);
  await screenshots(page, testInfo, 'too-many-codes');
});

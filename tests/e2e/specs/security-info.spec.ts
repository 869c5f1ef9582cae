// Enrolling security info the way IT departments' instructions describe it, with codes read
// from the dev outbox. Each test signs in as its own person so tests stay independent.
import { expect, test } from '@playwright/test';
import { AddMethodDialog, codeSentTo, expectAccessible, screenshots, signInAs } from './support';

test('add a phone by text, as the enrollment article describes', async ({ page }, testInfo) => {
  await signInAs(page, 'riley');
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
  await expect(page.getByText('Add a method so you can reset your password')).toBeVisible();
  await expectAccessible(page);
  const dialog = new AddMethodDialog(page);
  await dialog.open();
  await expect(page.getByRole('combobox', { name: 'Method' }).locator('option:checked')).toHaveText('Phone');
  await expectAccessible(page);
  await screenshots(page, testInfo, 'add-a-method');
  await dialog.choose('Phone');
  const country = page.getByRole('combobox', { name: 'Country or region' });
  await country.selectOption({ label: 'United States (+1)' });
  await expect(page.getByRole('radio', { name: 'Text me a code' })).toBeChecked();
  const number = page.getByRole('textbox', { name: 'Phone number' });
  await expect(number).toHaveAttribute('type', 'tel');
  await expect(number).toHaveAttribute('autocomplete', 'tel-national');

  // A number that cannot exist is refused in the browser, before any request.
  let enrollments = 0;
  page.on('request', (r) => { if (r.url().endsWith('/api/v1/enrollments')) enrollments += 1; });
  await number.fill('555');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(number).toHaveAttribute('aria-invalid', 'true');
  await expect(number).toHaveAccessibleDescription(/valid for the country or region/);
  expect(enrollments).toBe(0);
  await expectAccessible(page);
  await screenshots(page, testInfo, 'phone-invalid');

  await number.fill('(425) 555-0123');
  await page.getByRole('button', { name: 'Next' }).click();
  const code = page.getByRole('textbox', { name: 'Code' });
  await expect(code).toBeVisible();
  await expect(code).toHaveAttribute('inputmode', 'numeric');
  await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
  await expect(page.getByText('We sent a code to +1 4255550123')).toBeVisible();
  await expect(page.getByText(/^You can ask for a new code in \d+ seconds/)).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'phone-code');

  const sent = await codeSentTo(page, '+14255550123');
  await dialog.enterCode(`${sent.slice(0, 3)} ${sent.slice(3)}`);
  await expect(page.getByText('Phone registered successfully')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'phone-success');
  await page.getByRole('button', { name: 'Done' }).click();

  const list = page.getByRole('list', { name: 'Your methods' });
  await expect(list.getByRole('listitem').filter({ hasText: 'Phone' })).toContainText('+1 4255550123');
  await expect(page.getByText("You're set up to reset your password yourself.")).toBeVisible();
  // Still there after a reload.
  await page.reload();
  await expect(page.getByRole('list', { name: 'Your methods' })).toContainText('+1 4255550123');
});

test('add a personal email: work addresses and wrong codes are refused', async ({ page }, testInfo) => {
  await signInAs(page, 'morgan');
  const dialog = new AddMethodDialog(page);
  await dialog.open();
  await dialog.choose('Email');
  const email = page.getByRole('textbox', { name: 'Email' });
  await email.fill('morgan@example.com');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(email).toHaveAccessibleDescription(/personal email address/);
  await expect(email).toHaveValue('morgan@example.com');
  await expectAccessible(page);

  await email.fill('morgan@example.net');
  await page.getByRole('button', { name: 'Next' }).click();
  const sent = await codeSentTo(page, 'morgan@example.net');
  const wrong = sent === '000000' ? '111111' : '000000';
  await dialog.enterCode(wrong);
  const code = page.getByRole('textbox', { name: 'Code' });
  await expect(code).toHaveAccessibleDescription(/isn't right/);
  await expect(page.getByRole('alert')).toContainText("That code isn't right");
  await expectAccessible(page);
  await screenshots(page, testInfo, 'email-wrong-code');
  await dialog.enterCode(sent);
  await expect(page.getByText('Email registered successfully')).toBeVisible();
  // Escape closes the dialog, and the list shows the new method.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Your methods' })).toContainText('morgan@example.net');
});

test('after signing in again, security info needs a verification first', async ({ page }, testInfo) => {
  await signInAs(page, 'casey');
  const dialog = new AddMethodDialog(page);
  await dialog.open();
  await dialog.choose('Email');
  await page.getByRole('textbox', { name: 'Email' }).fill('casey@example.net');
  await page.getByRole('button', { name: 'Next' }).click();
  const first = await codeSentTo(page, 'casey@example.net');
  await dialog.enterCode(first);
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();

  await signInAs(page, 'casey');
  await expect(page.getByRole('heading', { name: 'Verify your identity', level: 1 })).toBeVisible();
  await expect(page.getByText('casey@example.net')).toHaveCount(0);
  const option = page.getByRole('radio', { name: 'Email c••••@example.net' });
  await expect(option).toBeChecked();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'verify-your-identity');
  await page.getByRole('button', { name: 'Next' }).click();
  const second = await codeSentTo(page, 'casey@example.net', [first]);
  await page.getByRole('textbox', { name: 'Code' }).fill(second);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Your methods' })).toContainText('casey@example.net');
});

test('deleting asks first, warns about the last method, and returns focus', async ({ page }, testInfo) => {
  await signInAs(page, 'jordan');
  const dialog = new AddMethodDialog(page);
  await dialog.open();
  await dialog.choose('Email');
  await page.getByRole('textbox', { name: 'Email' }).fill('jordan@example.net');
  await page.getByRole('button', { name: 'Next' }).click();
  await dialog.enterCode(await codeSentTo(page, 'jordan@example.net'));
  await page.getByRole('button', { name: 'Done' }).click();

  const remove = page.getByRole('button', { name: 'Delete email jordan@example.net' });
  await remove.click();
  const confirm = page.getByRole('dialog', { name: 'Delete email?' });
  await expect(confirm).toContainText("This is your only method");
  await expectAccessible(page);
  await screenshots(page, testInfo, 'delete-confirm');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(remove).toBeFocused();

  await remove.click();
  await page.getByRole('dialog', { name: 'Delete email?' }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText("You haven't added any methods yet")).toBeVisible();
});

test('when a code cannot be sent, the code step says so', async ({ page }, testInfo) => {
  await signInAs(page, 'quinn');
  // The server reports the delivery as given up (as when no SMTP relay is reachable).
  await page.route(/\/api\/v1\/challenges\/[^/]+$/, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '{"delivery":"failed"}' }),
  );
  const dialog = new AddMethodDialog(page);
  await dialog.open();
  await dialog.choose('Email');
  await page.getByRole('textbox', { name: 'Email' }).fill('quinn@example.net');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('alert')).toContainText("We couldn't send the code");
  await expect(page.getByRole('textbox', { name: 'Code' })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'code-not-sent');
});

test('the security info page loads in one API call', async ({ page }) => {
  await signInAs(page, 'sky');
  const calls: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/api/') && path !== '/api/v1/config') calls.push(path);
  });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
  await expect(page.getByText('These are the methods you use to prove who you are, Sky')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
  expect(calls).toEqual(['/api/v1/security-info']);
});

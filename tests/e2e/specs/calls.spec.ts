// "Call me": the phone rings, the person answers and presses #. Calls are answered, declined or
// missed through the dev outbox — its page for one call, its API for the others.
import { expect, test } from '@playwright/test';
import { AddMethodDialog, answerCall, callTo, expectAccessible, screenshots, signInAs } from './support';

test('add an alternate phone by call: declined, called again, answered with #', async ({ page }, testInfo) => {
  await signInAs(page, 'taylor');
  const dialog = new AddMethodDialog(page);
  await dialog.open();
  await dialog.choose('Alternate phone');
  await page.getByRole('combobox', { name: 'Country or region' }).selectOption({ label: 'United States (+1)' });
  await page.getByRole('textbox', { name: 'Phone number' }).fill('425 555 0177');
  await page.getByRole('radio', { name: 'Call me' }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText("We're calling +1 4255550177")).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Answer the call and press #' })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'call-ringing');

  const first = await callTo(page, '+14255550177');
  await answerCall(page, first, 'decline');
  await expect(page.getByText('The call was declined')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'call-declined');
  await page.getByRole('button', { name: 'Call again' }).click();
  await expect(page.getByText('Answer the call and press #')).toBeVisible();
  const second = await callTo(page, '+14255550177', [first]);

  // The person answers on the dev outbox page, as a newcomer trying the product would.
  const outbox = await page.context().newPage();
  await outbox.goto('/dev/outbox');
  const ringing = outbox.getByRole('listitem').filter({ hasText: 'Call to +14255550177' }).first();
  await expect(ringing.getByRole('button', { name: 'Answer and press #' })).toBeVisible();
  await expectAccessible(outbox);
  await screenshots(outbox, testInfo, 'dev-outbox-call');
  await ringing.getByRole('button', { name: 'Answer and press #' }).click();
  await expect(ringing.getByRole('status')).toHaveText('Answered; # pressed.');
  await outbox.close();

  await expect(page.getByText('Alternate phone registered successfully')).toBeVisible();
  await screenshots(page, testInfo, 'call-success');
  await page.getByRole('button', { name: 'Done' }).click();
  const list = page.getByRole('list', { name: 'Your methods' });
  await expect(list.getByRole('listitem').filter({ hasText: 'Alternate phone' })).toContainText('+1 4255550177');
  expect(second).not.toBe(first);
});

test('a missed call and a call that timed out each say so and offer to call again', async ({ page }) => {
  await signInAs(page, 'emery');
  const dialog = new AddMethodDialog(page);
  await dialog.open();
  await dialog.choose('Phone');
  await page.getByRole('combobox', { name: 'Country or region' }).selectOption({ label: 'United States (+1)' });
  await page.getByRole('textbox', { name: 'Phone number' }).fill('425 555 0166');
  await page.getByRole('radio', { name: 'Call me' }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await answerCall(page, await callTo(page, '+14255550166'), 'miss');
  await expect(page.getByText("You didn't answer the call")).toBeVisible();
  await expect(page.getByRole('button', { name: 'Call again' })).toBeVisible();

  // Two minutes without # (the server's answer stands in for the wait).
  await page.route(/\/api\/v1\/challenges\/[^/]+$/, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '{"delivery":"sent","call":"timed_out"}' }),
  );
  await page.getByRole('button', { name: 'Call again' }).click();
  await expect(page.getByText("We didn't hear # from you within 2 minutes")).toBeVisible();
  await expectAccessible(page);
});

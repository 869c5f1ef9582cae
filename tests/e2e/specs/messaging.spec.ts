// The console's "Texts and calls" page (#30): an admin sees today's figures and budget, resumes a
// country paused for texts (from the keyboard), and keeps the safe list; IT support staff without
// the admin role don't see it. axe in both themes and in Arabic, and a phone's width.
import { expect, test, type Page } from '@playwright/test';
import { addPerson, expectAccessible, grantRole, screenshots, staffSignsIn } from './support';

/** A country's name as the page shows it (the browser's `Intl.DisplayNames`, in English). */
function countryName(code: string): string {
  return new Intl.DisplayNames(['en'], { type: 'region' }).of(code) ?? code;
}

/**
 * The server pauses a country once the codes sent there go unproven (its suite and the pumping
 * simulation show that, with an injected clock); here the page's overview, as the server answers
 * it, has one country's texts paused, 3 of 40 codes used. Resume itself goes to the server.
 * Returns the paused country's ISO code.
 */
async function withTextsPaused(page: Page): Promise<string> {
  let paused = '';
  await page.route('**/api/v1/admin/messaging', async (route) => {
    if (route.request().method() !== 'GET') return route.continue();
    const response = await route.fetch();
    const overview = await response.json();
    let row = overview.countries.find((r: { channel: string }) => r.channel === 'sms');
    if (!row) {
      row = { country: 'US', channel: 'sms', open: true, sent_today: 0, proven_today: 0, spend_today: 0, cap: 0 };
      overview.countries.push(row);
    }
    // Once resumed, the server's own answer stands.
    if (!paused) row.paused = { since: Math.floor(Date.now() / 1000) - 3600, sends: 40, proven_percent: 7 };
    paused = row.country;
    await route.fulfill({ response, json: overview });
  });
  return new Promise((resolve) => {
    page.on('response', (r) => {
      if (r.url().endsWith('/api/v1/admin/messaging') && r.request().method() === 'GET') resolve(paused);
    });
  });
}

test('an admin resumes a paused country from the keyboard and keeps the safe list', async ({ page }, testInfo) => {
  test.skip(!process.env.LATCHKEY_SERVER_BIN, 'needs the server binary and database that cargo xtask test gives');
  // A long walk with axe at each stop: three times the usual time.
  test.slow();
  const maya = addPerson('maya', 'Maya Berg');
  grantRole(maya, 'admin');
  await staffSignsIn(page, maya, '425 555 0186', '+14255550186');
  const overviewLoaded = withTextsPaused(page);
  await page.getByRole('link', { name: 'Texts and calls' }).click();
  await expect(page).toHaveURL(/\/helpdesk\/messaging$/);
  await expect(page.getByRole('heading', { name: 'Texts and calls', level: 1 })).toBeVisible();
  const country = countryName(await overviewLoaded);

  // The budget: a meter, and its figures in words.
  await expect(page.getByRole('meter', { name: "Today's budget" })).toBeVisible();
  await expect(page.getByText(/^\d+ of \d+ cost units spent today, \d+ left\.$/)).toBeVisible();
  // Maya's own phone was texted today: its country has a row.
  const today = page.getByRole('region', { name: 'Today by country' });
  await expect(today.getByRole('rowheader', { name: country }).first()).toBeVisible();

  const paused = page.getByRole('region', { name: 'Paused countries' });
  await expect(paused.getByText('3 of 40 codes used')).toBeVisible();
  await expect(paused.getByText(/^Paused since /)).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'messaging-paused');

  // Resume, confirmed, from the keyboard: the row changes in place, focus stays on the list.
  const resume = paused.getByRole('button', { name: `Resume (${country} · Texts)` });
  await resume.focus();
  page.once('dialog', (dialog) => {
    expect(dialog.message()).toContain(`Resume texts to ${country}?`);
    return dialog.accept();
  });
  await page.keyboard.press('Enter');
  await expect(paused.getByRole('status')).toHaveText(`Texts to ${country} resumed.`);
  await expect(paused.getByText('No country is paused.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Paused countries' })).toBeFocused();

  // The safe list: a number that can't be one is refused on its field, and kept as typed.
  const safe = page.getByRole('region', { name: 'Safe list' });
  await safe.getByRole('combobox', { name: 'Country or region' }).selectOption('DE');
  const number = safe.getByRole('textbox', { name: 'Phone number' });
  await number.fill('030');
  await safe.getByRole('textbox', { name: 'Whose number (note)' }).fill('Chief executive');
  await safe.getByRole('button', { name: 'Add to the safe list' }).click();
  await expect(number).toHaveAttribute('aria-invalid', 'true');
  await expect(number).toHaveValue('030');
  await expect(safe.getByRole('textbox', { name: 'Whose number (note)' })).toHaveValue('Chief executive');
  await expectAccessible(page);

  // Then the whole number: it is on the list, with the note and who added it.
  await number.fill('030 901820');
  await safe.getByRole('button', { name: 'Add to the safe list' }).click();
  await expect(safe.getByRole('status')).toHaveText('+4930901820 is on the safe list.');
  const entry = safe.getByRole('listitem').filter({ hasText: '+4930901820' });
  await expect(entry).toContainText('Chief executive');
  await expect(entry).toContainText(`Added by ${maya}`);
  await expect(number).toHaveValue('');

  // Removed, confirmed: gone from the list, and said.
  page.once('dialog', (dialog) => dialog.accept());
  await entry.getByRole('button', { name: 'Remove (+4930901820)' }).click();
  await expect(safe.getByRole('status')).toHaveText('+4930901820 is off the safe list.');
  await expect(safe.getByRole('listitem').filter({ hasText: '+4930901820' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Safe list' })).toBeFocused();

  // Once loaded again, the server's own figures stand: nothing paused, nothing on the list.
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Texts and calls', level: 1 })).toBeVisible();
  await expect(paused.getByText('No country is paused.')).toBeVisible();
  await expect(safe.getByRole('listitem').filter({ hasText: '+4930901820' })).toHaveCount(0);

  // On a phone each country's row stacks, and the page never scrolls sideways.
  await page.setViewportSize({ width: 320, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectAccessible(page);
  await screenshots(page, testInfo, 'messaging');

  // In Arabic, right to left, still clean.
  await page.getByRole('combobox', { name: 'Language' }).selectOption('ar');
  await expect(page.getByRole('heading', { name: 'الرسائل النصية والمكالمات', level: 1 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expectAccessible(page);
  await page.getByRole('combobox', { name: 'اللغة' }).selectOption('en');
});

test('IT support staff without the admin role have no texts and calls page', async ({ page }) => {
  test.skip(!process.env.LATCHKEY_SERVER_BIN, 'needs the server binary and database that cargo xtask test gives');
  const hugo = addPerson('hugo', 'Hugo Lenz');
  grantRole(hugo, 'helpdesk');
  await staffSignsIn(page, hugo, '425 555 0187', '+14255550187');
  const sections = page.getByRole('navigation', { name: 'Console sections' });
  await expect(sections.getByRole('link', { name: 'Find a person' })).toBeVisible();
  await expect(sections.getByRole('link', { name: 'Texts and calls' })).toHaveCount(0);
  // Opened directly, as from a bookmark.
  await page.goto('/helpdesk/messaging');
  await expect(page.getByRole('heading', { name: "You don't have access to this page", level: 1 })).toBeVisible();
  await expectAccessible(page);
});

// The console's "Texts and calls" page (#30): codes texted to a country and never used pause it
// for real on a server of its own (six settled codes are enough there); an admin sees the pause,
// resumes it from the keyboard (audited) and keeps the safe list; IT support staff without the
// admin role don't see the page. axe in both themes and in Arabic, and a phone's width.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import {
  AddMethodDialog,
  addPerson,
  advanceServerClock,
  codeSentTo,
  expectAccessible,
  grantRole,
  screenshots,
  serverTime,
  signInAs,
  staffSignsIn,
} from './support';

/** The server that pauses a country after six settled codes, and its own database. */
const pausesUrl = process.env.LATCHKEY_PAUSES_URL;
const pausesDatabase = process.env.LATCHKEY_PAUSES_DATABASE_URL;

/** A country's name as the page shows it (the browser's `Intl.DisplayNames`, in English). */
function countryName(code: string): string {
  return new Intl.DisplayNames(['en'], { type: 'region' }).of(code) ?? code;
}

/**
 * The last four digits of a staff member's phone, `first` on the first try and another on each
 * retry or repeat, so that the dev outbox's older code for it is never the one typed.
 */
function ownNumber(first: number, testInfo: TestInfo): string {
  return String(first + 10 * (testInfo.retry + testInfo.repeatEachIndex)).padStart(4, '0');
}

/** Starts adding a US phone `+1425555{last}` by text, up to asking for the code. */
async function askForText(page: Page, last: string): Promise<void> {
  const dialog = new AddMethodDialog(page);
  await dialog.open();
  await dialog.choose('Phone');
  await page.getByRole('combobox', { name: 'Country or region' }).selectOption({ label: 'United States (+1)' });
  await page.getByRole('textbox', { name: 'Phone number' }).fill(`425 555 ${last}`);
  await page.getByRole('button', { name: 'Next' }).click();
}

/** Has a code texted to `+1425555{last}`, and leaves without typing it. */
async function textNeverUsed(page: Page, last: string): Promise<void> {
  await askForText(page, last);
  await codeSentTo(page, `+1425555${last}`);
  await page.keyboard.press('Escape');
}

/** Someone new on the pausing server, signed in on a page of their own. */
async function someoneElse(page: Page, prefix: string, name: string): Promise<Page> {
  const context = await page.context().browser()!.newContext({ baseURL: pausesUrl });
  const theirs = await context.newPage();
  await signInAs(theirs, addPerson(prefix, name, pausesDatabase));
  return theirs;
}

test.describe('on the server that pauses after six codes', () => {
  test.use({ baseURL: pausesUrl });

  test('codes nobody uses pause texts to a country; an admin resumes them from the keyboard and keeps the safe list', async ({ page }, testInfo) => {
    test.skip(
      !pausesUrl || !pausesDatabase || !process.env.LATCHKEY_SERVER_BIN,
      'needs the pausing server, its database and the server binary that cargo xtask test gives',
    );
    // A long walk with axe at each stop: three times the usual time.
    test.slow();
    // Someone starts five phones by text and never types a code (the most one account may
    // start in an hour); ten minutes on, those codes have run out unused.
    // Today's figures start at midnight UTC: the walk starts just after the next one, so that
    // its ten minutes stay in one day (and a retry starts on a fresh day).
    await advanceServerClock(page, 24 * 3600 - ((await serverTime(page)) % (24 * 3600)) + 1);
    const pumper = await someoneElse(page, 'pumper', 'Pat Pumper');
    for (const last of ['0101', '0102', '0103', '0104', '0105']) await textNeverUsed(pumper, last);
    await advanceServerClock(pumper, 601);

    // Maya, an admin, registers her phone: the sixth settled code, and the one used.
    const maya = addPerson('maya', 'Maya Berg', pausesDatabase);
    grantRole(maya, 'admin', pausesDatabase);
    const phone = ownNumber(186, testInfo);
    await staffSignsIn(page, maya, `425 555 ${phone}`, `+1425555${phone}`);

    // The next text to the country is judged first: 1 of 6 used is under 20 %, so the country
    // pauses and that text is not sent.
    const next = await someoneElse(page, 'pumper', 'Lou Pumper');
    await askForText(next, '0106');
    await expect(next.getByText("Codes can't be sent to this number today.").first()).toBeVisible();
    const outbox: { to: string }[] = await (await next.request.get('/api/v1/dev/outbox')).json();
    expect(outbox.filter((m) => m.to === '+14255550106')).toHaveLength(0);
    await next.context().close();
    await pumper.context().close();

    await page.getByRole('link', { name: 'Texts and calls' }).click();
    await expect(page).toHaveURL(/\/helpdesk\/messaging$/);
    await expect(page.getByRole('heading', { name: 'Texts and calls', level: 1 })).toBeVisible();
    const country = countryName('US');

    // The budget: a meter, and its figures in words. The text the pause stopped cost nothing.
    await expect(page.getByRole('meter', { name: "Today's budget" })).toBeVisible();
    await expect(page.getByText('6 of 2000 cost units spent today, 1994 left.')).toBeVisible();
    // Six texts went to the United States today, one code used.
    const today = page.getByRole('region', { name: 'Today by country' });
    const row = today
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: country }) })
      .filter({ has: page.getByRole('cell', { name: 'Texts', exact: true }) });
    await expect(row.getByRole('cell')).toHaveText(['Texts', '6', '1', '6', '1000', '994']);

    const paused = page.getByRole('region', { name: 'Paused countries' });
    await expect(paused.getByText('1 of 6 codes used')).toBeVisible();
    await expect(paused.getByText(/^Paused since /)).toBeVisible();
    await expectAccessible(page);
    await screenshots(page, testInfo, 'messaging-paused');

    // Resume, confirmed, from the keyboard: the row changes in place, focus stays on the list.
    // The server answers 204 with no body.
    const resume = paused.getByRole('button', { name: `Resume (${country} · Texts)` });
    await resume.focus();
    page.once('dialog', (dialog) => {
      expect(dialog.message()).toContain(`Resume texts to ${country}?`);
      return dialog.accept();
    });
    const resumed = page.waitForResponse((r) => r.url().endsWith('/api/v1/admin/messaging/resume'));
    await page.keyboard.press('Enter');
    expect((await resumed).status()).toBe(204);
    expect(await (await resumed).text()).toBe('');
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

    // Then the whole number: 201 with the safe number; on the list, with the note and who added it.
    await number.fill('030 901820');
    const added = page.waitForResponse((r) => r.url().endsWith('/api/v1/admin/messaging/safe-numbers'));
    await safe.getByRole('button', { name: 'Add to the safe list' }).click();
    expect((await added).status()).toBe(201);
    expect(await (await added).json()).toMatchObject({ number: '+4930901820', note: 'Chief executive', added_by: maya });
    await expect(safe.getByRole('status')).toHaveText('+4930901820 is on the safe list.');
    const entry = safe.getByRole('listitem').filter({ hasText: '+4930901820' });
    await expect(entry).toContainText('Chief executive');
    await expect(entry).toContainText(`Added by ${maya}`);
    await expect(number).toHaveValue('');

    // Removed, confirmed: 204 with no body; gone from the list, and said.
    page.once('dialog', (dialog) => dialog.accept());
    const removed = page.waitForResponse((r) => r.request().method() === 'DELETE');
    await entry.getByRole('button', { name: 'Remove (+4930901820)' }).click();
    expect((await removed).status()).toBe(204);
    expect(await (await removed).text()).toBe('');
    await expect(safe.getByRole('status')).toHaveText('+4930901820 is off the safe list.');
    await expect(safe.getByRole('listitem').filter({ hasText: '+4930901820' })).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Safe list' })).toBeFocused();

    // Loaded again, the server says the same: nothing paused, nothing on the list.
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

    // The audit log tells of the pause and of who resumed, each action by its name.
    await page.getByRole('link', { name: 'Audit log' }).click();
    const action = page.getByRole('combobox', { name: 'Action' });
    await action.selectOption({ label: 'Texts or calls to a country paused' });
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page).toHaveURL(/\/helpdesk\/audit\?action=messaging_paused$/);
    const pausedEntry = page.getByRole('row', { name: /Texts to US paused: 16% of the last 6 codes proven/ });
    // An earlier try's pause may be listed too.
    await expect(pausedEntry.first()).toContainText('Texts or calls to a country paused');
    await page.getByRole('textbox', { name: 'Staff member (username)' }).fill(maya);
    await action.selectOption({ label: 'Texts or calls to a country resumed' });
    await page.getByRole('button', { name: 'Show' }).click();
    const resumedEntry = page.getByRole('row', { name: /Texts to US resumed/ });
    await expect(resumedEntry).toHaveCount(1);
    await expect(resumedEntry).toContainText(maya);
    await action.selectOption({ label: 'A number taken off the safe list' });
    await page.getByRole('button', { name: 'Show' }).click();
    // The number is masked there, as everywhere in the log.
    await expect(page.getByRole('row', { name: /\+49 •+1820 taken off the safe list/ })).toHaveCount(1);
    await expectAccessible(page);
    await screenshots(page, testInfo, 'messaging-audit');
  });
});

test('IT support staff without the admin role have no texts and calls page', async ({ page }, testInfo) => {
  test.skip(!process.env.LATCHKEY_SERVER_BIN, 'needs the server binary and database that cargo xtask test gives');
  const hugo = addPerson('hugo', 'Hugo Lenz');
  grantRole(hugo, 'helpdesk');
  const phone = ownNumber(187, testInfo);
  await staffSignsIn(page, hugo, `425 555 ${phone}`, `+1425555${phone}`);
  const sections = page.getByRole('navigation', { name: 'Console sections' });
  await expect(sections.getByRole('link', { name: 'Find a person' })).toBeVisible();
  await expect(sections.getByRole('link', { name: 'Texts and calls' })).toHaveCount(0);
  // Opened directly, as from a bookmark.
  await page.goto('/helpdesk/messaging');
  await expect(page.getByRole('heading', { name: "You don't have access to this page", level: 1 })).toBeVisible();
  await expectAccessible(page);
});

// The article's ticket, answered in the console: Cleo lost her phone. Helen (IT support) finds
// her, verifies her by a code texted to her registered phone, and makes a one-time Temporary
// Access Pass; Cleo signs in with it on her new phone, once. Vera (an admin) verifies a caller
// "another way". Someone without a role is told the console is not for them.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { addPerson, addPhoneByText, advanceServerClock, codeSentTo, demoPassword, expectAccessible, grantRole, screenshots, SignInScreen, signInAs, staffSignsIn } from './support';

/** From the console's search to the person's page. */
async function openPerson(page: Page, query: string, name: string) {
  await page.getByRole('textbox', { name: 'Find a person' }).fill(query);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('heading', { name: 'People found: 1' })).toBeVisible();
  await page.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
}

test('IT support verifies a caller by a texted code and gives a one-time pass she signs in with once', async ({ page, browser }, testInfo) => {
  test.skip(!process.env.LATCHKEY_SERVER_BIN, 'needs the server binary and database that cargo xtask test gives');
  // Cleo had registered a phone before she lost it.
  await signInAs(page, 'cleo');
  await addPhoneByText(page, 'Phone', '425 555 0191', '+14255550191');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();

  grantRole('helen', 'helpdesk');
  await staffSignsIn(page, 'helen', '425 555 0192', '+14255550192');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText('Enter a username, name or work email.').first()).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Find a person' })).toBeFocused();
  await openPerson(page, 'cleo', 'Cleo Ward');
  await expect(page.getByText('Can reset their password')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create Temporary Access Pass' })).toHaveCount(0);
  await expectAccessible(page);
  await screenshots(page, testInfo, 'helpdesk-person');

  // A wrong code first, then the one Cleo reads out (not the one her phone got when she added it).
  const enrollment = await codeSentTo(page, '+14255550191');
  await page.getByRole('button', { name: 'Send code' }).click();
  const code = await codeSentTo(page, '+14255550191', [enrollment]);
  await page.getByRole('textbox', { name: 'Code' }).fill(code === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect(page.getByText(/code .*(wrong|isn't right|incorrect)/i).first()).toBeVisible();
  await page.getByRole('textbox', { name: 'Code' }).fill(code);
  await page.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect(page.getByText(/^Caller verified until/)).toBeVisible();

  // A ticket is one line of at most 200 characters: refused in the form, before anything is sent.
  await page.getByRole('textbox', { name: 'Ticket' }).fill('x'.repeat(201));
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByText('Keep it to 200 characters or fewer.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Ticket' }).fill('INC-4711');
  await page.getByRole('button', { name: 'Create Temporary Access Pass' }).click();
  const dialog = page.getByRole('dialog', { name: 'Temporary Access Pass' });
  await expect(dialog.getByRole('combobox', { name: 'Valid for' })).toHaveValue('60');
  await expect(dialog.getByRole('checkbox', { name: 'One-time use' })).toBeChecked();
  await dialog.getByRole('button', { name: 'Create' }).click();
  const pass = (await dialog.locator('#access-pass').textContent())?.trim() ?? '';
  expect(pass).toMatch(/^[2-9A-Z]{4}(-[2-9A-Z]{4}){3}$/);
  await expectAccessible(page);
  await screenshots(page, testInfo, 'helpdesk-pass');
  // Shown once: Done closes the dialog, and opening it again asks for a new pass.
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: 'Create Temporary Access Pass' }).click();
  await expect(dialog.getByRole('button', { name: 'Create' })).toBeVisible();
  await expect(dialog.locator('#access-pass')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // Audited, with who made it and the ticket, each in its own cell apart from what happened.
  await page.reload();
  const made = page.getByRole('row', { name: /A one-time Temporary Access Pass was made/ });
  await expect(made.getByRole('cell', { name: 'helen', exact: true })).toBeVisible();
  await expect(made.getByRole('cell', { name: 'INC-4711', exact: true })).toBeVisible();
  await expect(made.getByRole('cell', { name: /IT support issued a pass/ })).not.toContainText('INC-4711');

  // The audit log finds it by person and action; days in the wrong order are refused first.
  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Reports' })).toHaveCount(0);
  await page.getByLabel('From', { exact: true }).fill('2030-01-02');
  await page.getByLabel('To', { exact: true }).fill('2030-01-01');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByText('The first day must not come after the last.').first()).toBeVisible();
  await page.getByLabel('From', { exact: true }).fill('');
  await page.getByLabel('To', { exact: true }).fill('');
  await page.getByRole('textbox', { name: 'Person (username)' }).fill('cleo');
  await page.getByRole('combobox', { name: 'Action' }).selectOption({ label: 'IT support issued a pass' });
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/\/helpdesk\/audit\?person=cleo&action=staff_access_pass$/);
  const entry = page.getByRole('row', { name: /IT support issued a pass/ });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText('helen');
  await expect(entry).toContainText('INC-4711');
  await expectAccessible(page);
  await screenshots(page, testInfo, 'helpdesk-audit');
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download CSV' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8').trim().split('\n');
  expect(csv).toHaveLength(2);
  expect(csv[1]).toMatch(/,"cleo","helen","staff_access_pass","A one-time Temporary Access Pass was made","INC-4711",/);
  // Reports are for admins only.
  await page.goto('/helpdesk/reports');
  await expect(page.getByRole('heading', { name: "You don't have access to this page", level: 1 })).toBeVisible();

  // Cleo, on her new phone.
  const context = await browser.newContext();
  const phone = await context.newPage();
  await phone.goto('/signin?pass');
  await phone.getByRole('textbox', { name: 'Username' }).fill('cleo');
  await phone.getByLabel('Temporary Access Pass').fill(pass);
  await phone.getByRole('button', { name: 'Sign in' }).click();
  await expect(phone.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
  await expect(phone.getByRole('link', { name: 'IT support console' })).toHaveCount(0);
  await phone.getByRole('button', { name: 'Sign out', exact: true }).click();
  await phone.goto('/signin?pass');
  await phone.getByRole('textbox', { name: 'Username' }).fill('cleo');
  await phone.getByLabel('Temporary Access Pass').fill(pass);
  await phone.getByRole('button', { name: 'Sign in' }).click();
  await expect(phone.getByText(/username or password is incorrect/)).toBeVisible();

  // Not staff: the console is not for Cleo.
  await new SignInScreen(phone).open();
  await new SignInScreen(phone).signIn('cleo', demoPassword);
  await expect(phone.getByRole('heading', { level: 1 })).not.toHaveText('Sign in');
  await phone.goto('/helpdesk');
  await expect(phone.getByRole('heading', { name: "You don't have access to this page", level: 1 })).toBeVisible();
  await context.close();
});

test('an admin verifies a caller with nothing left another way, with the reason', async ({ page }, testInfo) => {
  test.skip(!process.env.LATCHKEY_SERVER_BIN, 'needs the server binary and database that cargo xtask test gives');
  // A long walk through the console, with axe at each stop: three times the usual time.
  test.slow();
  // A new admin each try, so that a retry starts where the first try did.
  const vera = addPerson('vera', 'Vera Lind');
  grantRole(vera, 'admin');
  await staffSignsIn(page, vera, '425 555 0193', '+14255550193');
  await openPerson(page, 'Ren Okada', 'Ren Okada');
  await expect(page.getByText('They have nothing a code can be sent to.')).toBeVisible();
  await page.getByRole('button', { name: 'Confirm the caller is verified' }).click();
  await expect(page.getByText('Say how you verified them.').first()).toBeVisible();
  await page.getByRole('textbox', { name: 'Reason' }).fill('In person, with her badge');
  await page.getByRole('button', { name: 'Confirm the caller is verified' }).click();
  await expect(page.getByText(/^Caller verified until/)).toBeVisible();
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page.getByText('Signed out on every device.')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'helpdesk-admin');
  // The console's own words (a file employees never download) follow a change of language.
  await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
  await expect(page.getByRole('button', { name: 'Überall abmelden' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Aktivität', exact: true })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('combobox', { name: 'Sprache' }).selectOption('en');

  // The reports: who is set up (Ren is not, by name), each chart with its figures and CSV.
  await page.getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
  await expect(page.getByText(/^\d+ of \d+ people can reset their password themselves\.$/)).toBeVisible();
  const notYet = page.getByRole('region', { name: /^Not yet able to reset: \d+$/ });
  await expect(notYet.getByRole('link', { name: 'Ren Okada' })).toBeVisible();
  // Vera's phone was registered, and texted, today; a chart with nothing in it says so instead.
  for (const chart of ['Methods by kind', 'Registrations per week', 'Texts and calls per day']) {
    await expect(page.getByRole('img', { name: chart })).toBeVisible();
  }
  await expect(page.getByRole('region', { name: 'Resets per day' })).toBeVisible();
  // This morning's reset requests and texts are in today's figures.
  const texts = page.getByRole('region', { name: 'Texts and calls per day' });
  await texts.getByText('Figures', { exact: true }).click();
  const today = texts.getByRole('row').last();
  await expect(today.getByRole('cell').first()).not.toHaveText('0');
  await expectAccessible(page);
  await screenshots(page, testInfo, 'helpdesk-reports');
  // On a phone the figures scroll sideways; a column's heading breaks between its words only.
  await page.setViewportSize({ width: 360, height: 800 });
  const lines = await texts.getByRole('columnheader', { name: 'Texts sent' }).evaluate((cell) => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    return range.getClientRects().length;
  });
  expect(lines).toBeLessThanOrEqual(2);
  const download = page.waitForEvent('download');
  await notYet.getByRole('link', { name: 'Download CSV' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  expect(csv.split('\n')[0]).toBe('"Username","Name","Work email"');
  expect(csv).toContain('"ren","Ren Okada",');
  // In Arabic, right to left, still clean.
  await page.getByRole('combobox', { name: 'Language' }).selectOption('ar');
  await expect(page.getByRole('heading', { name: 'التقارير', level: 1 })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('combobox', { name: 'اللغة' }).selectOption('en');
});

test('staff who have not verified lately are sent to security info first, and can sign out from the console', async ({ page }) => {
  test.skip(!process.env.LATCHKEY_SERVER_BIN, 'needs the server binary and database that cargo xtask test gives');
  grantRole('ivo', 'helpdesk');
  await signInAs(page, 'ivo');
  // Opened directly, as from a bookmark: the console knows who is signed in before it refuses.
  await page.goto('/helpdesk');
  await expect(page.getByRole('heading', { name: 'IT support', level: 1 })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveText('Verify your identity on your security info page before you help others.');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
  await page.goto('/helpdesk');
  await expect(page).toHaveURL(/\/signin\?next=\/helpdesk$/);
});

test('the staff header stays one row on a phone, and never scrolls sideways', async ({ page }) => {
  test.skip(!process.env.LATCHKEY_SERVER_BIN, 'needs the server binary and database that cargo xtask test gives');
  grantRole('ola', 'helpdesk');
  await page.setViewportSize({ width: 360, height: 640 });
  await staffSignsIn(page, 'ola', '425 555 0194', '+14255550194');
  const row = async (name: string) => {
    const box = await page.locator('header .masthead-inner').getByText(name, { exact: true }).boundingBox();
    return box ? box.y + box.height / 2 : NaN;
  };
  // "Sign out" beside the name, the console link's words wrapping between them if they must.
  expect(Math.abs((await row('Sign out')) - (await row('Contoso')))).toBeLessThan(2);
  await page.setViewportSize({ width: 320, height: 640 });
  await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'IT-Support-Konsole' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectAccessible(page);
});

test('staff whose verification is 15 minutes old verify again in the console, and carry on where they were', async ({ page }) => {
  test.skip(!process.env.LATCHKEY_SERVER_BIN, 'needs the server binary and database that cargo xtask test gives');
  grantRole('uma', 'helpdesk');
  await staffSignsIn(page, 'uma', '425 555 0195', '+14255550195');
  await openPerson(page, 'cleo', 'Cleo Ward');
  // 16 minutes on, the console's next request is refused: it asks to verify again, right there.
  await advanceServerClock(page, 16 * 60);
  await page.getByRole('link', { name: 'Find a person' }).click();
  await expect(page.getByText('For your security, verify your identity to go on helping people. A verification counts for 15 minutes.')).toBeVisible();
  await expectAccessible(page);
  const enrollment = await codeSentTo(page, '+14255550195');
  await page.getByRole('button', { name: 'Next' }).click();
  const code = await codeSentTo(page, '+14255550195', [enrollment]);
  await page.getByRole('textbox', { name: 'Code' }).fill(code);
  await page.getByRole('button', { name: 'Verify', exact: true }).click();
  // Verified again, they carry on.
  await openPerson(page, 'cleo', 'Cleo Ward');
});

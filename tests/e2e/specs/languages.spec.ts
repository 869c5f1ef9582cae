// The page in the person's language: the browser's first, then the one they pick (remembered);
// Arabic mirrors the layout. Every screen in Arabic passes axe in both themes, and the emails of
// someone who picked German are in German.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import {
  codeSentTo,
  demoPassword,
  expectAccessible,
  screenshots,
  turnTo,
} from './support';

type Sentences = Record<string, string>;
const locale = (code: string): Sentences =>
  JSON.parse(readFileSync(`../../locales/${code}.json`, 'utf8'));
const ar = locale('ar');
const de = locale('de');

/** A sentence with its `{placeholders}` filled, as the page writes it: in Arabic each value is
 *  isolated, left to right unless it has Arabic letters. */
function fill(sentence: string, values: Record<string, string>, isolate = false): string {
  const isolated = (value: string) =>
    /[\u0590-\u08ff]/.test(value) ? `\u2068${value}\u2069` : `\u2066${value}\u2069`;
  return Object.entries(values).reduce(
    (text, [name, value]) => text.replace(`{${name}}`, isolate ? isolated(value) : value),
    sentence,
  );
}

async function pickLanguage(page: Page, label: string, code: string) {
  await turnTo(page);
  await page.getByRole('combobox', { name: label }).selectOption(code);
  await expect(page.locator('html')).toHaveAttribute('lang', code);
}

/** Opens "Add a method" and goes on with the kind named `kind` (in Arabic). */
async function addInArabic(page: Page, kind: string) {
  await page.getByRole('button', { name: ar['security_info.add_method'] }).click();
  await expect(page.getByRole('dialog', { name: ar['add.title'] })).toBeVisible();
  await page.getByRole('combobox', { name: ar['add.method_label'] }).selectOption({ label: kind });
  await page.getByRole('button', { name: ar['action.add'], exact: true }).click();
}

async function signInHere(page: Page, username: string, button: string) {
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(demoPassword);
  await page.getByRole('button', { name: button, exact: true }).click();
}

test.describe('from the browser', () => {
  test.use({ locale: 'de-DE' });

  test('the first language the browser asks for is the page\'s', async ({ page }) => {
    await page.goto('/signin');
    await expect(page.getByRole('heading', { name: de['sign_in.title'], level: 1 })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    // Refusals are worded in German too, from their codes.
    await page.getByRole('button', { name: de['sign_in.button'], exact: true }).click();
    const required = fill(de['problem.required'], { label: de['field.username'] });
    await expect(page.getByRole('link', { name: required })).toBeVisible();
    await expectAccessible(page);
  });

  test('until they pick a language, what is sent to them follows the page\'s', async ({ page }) => {
    // The page names its own language to the API, not the browser's list ("de-DE,de;q=0.9").
    const named: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/v1/enrollments') {
        named.push(request.headers()['accept-language']);
      }
    });
    await page.goto('/signin');
    await signInHere(page, 'noah', de['sign_in.button']);
    await expect(page.getByRole('heading', { name: de['security_info.title'], level: 1 })).toBeVisible();
    const me = await (await page.request.get('/api/v1/me')).json();
    expect(me.language).toBeNull();
    await page.getByRole('button', { name: de['security_info.add_method'] }).click();
    await page.getByRole('combobox', { name: de['add.method_label'] }).selectOption({ label: de['kind.email'] });
    await page.getByRole('button', { name: de['action.add'], exact: true }).click();
    await page.locator('#email').fill('noah.berg@example.net');
    await page.getByRole('button', { name: de['action.next'] }).click();
    await expect(page.locator('#code')).toBeVisible();
    const messages: { to: string; subject: string }[] = await (await page.request.get('/api/v1/dev/outbox')).json();
    expect(messages.find((m) => m.to === 'noah.berg@example.net')?.subject).toContain('Bestätigungscode');
    expect(named).toEqual(['de']);
  });

  test('the page says it is loading, or could not load, in German before German arrives', async ({ page }) => {
    // The app never arrives: the static shell speaks.
    await page.route('**/*.wasm', () => {});
    await page.goto('/signin');
    await expect(page.locator('#loading')).toHaveText(de['shell.loading']);
    // The words cannot be fetched in any language: the shell's notice says so.
    await page.unroute('**/*.wasm');
    await page.route('**/locales/*.json', (route) => route.abort());
    await page.reload();
    await page.mouse.move(20, 20);
    await expect(page.getByRole('alert')).toHaveText(de['shell.not_loaded']);
    await expect(page.locator('#loading')).toBeHidden();
    await expectAccessible(page);
  });
});

test.describe('without scripts', () => {
  test.use({ javaScriptEnabled: false });

  test('the page says in every language that it needs JavaScript, not that it is loading', async ({ page }) => {
    await page.goto('/signin');
    for (const code of ['en', 'de', 'es', 'fr', 'ar']) {
      await expect(page.locator(`noscript p[lang="${code}"]`)).toHaveText(locale(code)['shell.needs_javascript']);
    }
    await expect(page.locator('noscript p[lang="en"]')).toBeInViewport();
    await expect(page.locator('#loading')).toBeHidden();
  });
});

test('a picked language is remembered, and Arabic mirrors the page', async ({ page }, testInfo) => {
  await page.goto('/signin');
  await pickLanguage(page, 'Language', 'ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { name: ar['sign_in.title'], level: 1 })).toBeVisible();
  // The footer's picker now sits at the start of the line, which is the right in Arabic.
  const direction = await page.evaluate(() => getComputedStyle(document.body).direction);
  expect(direction).toBe('rtl');
  await page.reload();
  await expect(page.getByRole('heading', { name: ar['sign_in.title'], level: 1 })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'arabic-sign-in');
  await pickLanguage(page, ar['footer.language'], 'en');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
});

test('every screen in Arabic passes axe, from sign-in to a finished reset', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto('/signin');
  await pickLanguage(page, 'Language', 'ar');

  // Sign-in, with its error summary.
  await page.getByRole('button', { name: ar['sign_in.button'], exact: true }).click();
  await expect(page.locator('.error-summary')).toBeFocused();
  await expectAccessible(page);
  await signInHere(page, 'amal', ar['sign_in.button']);

  // Security info with nothing added yet.
  await expect(page.getByRole('heading', { name: ar['security_info.title'], level: 1 })).toBeVisible();
  await expect(page.getByText(ar['security_info.empty'])).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'arabic-security-info-empty');

  // Add a phone: the choice, the number, a wrong code, the right one, done.
  await page.getByRole('button', { name: ar['security_info.add_method'] }).click();
  const choose = page.getByRole('dialog', { name: ar['add.title'] });
  await expect(choose).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('combobox', { name: ar['add.method_label'] }).selectOption({ label: ar['kind.phone'] });
  await page.getByRole('button', { name: ar['action.add'], exact: true }).click();
  await expect(page.getByRole('dialog', { name: ar['kind.phone'] })).toBeVisible();
  await page.getByRole('button', { name: ar['action.next'] }).click();
  await expect(page.locator('.error-summary')).toBeVisible();
  await expectAccessible(page);
  await page.locator('#country').selectOption('US');
  await page.locator('#number').fill('2025550147');
  await page.getByRole('button', { name: ar['action.next'] }).click();
  await expect(page.locator('.hint', { hasText: ar['code.resend_in'].split('{')[0].trim() })).toBeVisible();
  await page.locator('#code').fill('000000');
  await page.getByRole('button', { name: ar['action.next'] }).click();
  await expect(page.locator('#code-error')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'arabic-code-step');
  const enrolled = await codeSentTo(page, '+12025550147');
  await page.locator('#code').fill(enrolled);
  await page.getByRole('button', { name: ar['action.next'] }).click();
  const registered = fill(ar['add.registered'], { method: ar['kind.phone'] }, true);
  await expect(page.getByText(registered)).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: ar['action.done'] }).click();

  // The list, with its dates and actions; the default-method, delete and sign-out dialogs.
  await expect(page.getByText(ar['security_info.set_up'])).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'arabic-security-info');
  await page.getByRole('button', { name: ar['action.change'] }).first().click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectAccessible(page);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: ar['sign_out_everywhere.button'] }).click();
  await expect(page.getByRole('dialog', { name: ar['sign_out_everywhere.title'] })).toBeVisible();
  await expectAccessible(page);
  await page.keyboard.press('Escape');

  // An authenticator app's warning and QR code, and the passkey's name step.
  await addInArabic(page, ar['kind.authenticator_app']);
  await expect(page.getByText(ar['app.warning'])).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: ar['action.next'] }).click();
  await expect(page.getByRole('img', { name: ar['app.qr_label'] })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'arabic-authenticator');
  await page.keyboard.press('Escape');
  await addInArabic(page, ar['kind.passkey']);
  await expect(page.getByText(ar['passkey.explain'])).toBeVisible();
  await expectAccessible(page);
  await page.keyboard.press('Escape');

  // Recovery codes, shown once; then the delete confirmation for them.
  await addInArabic(page, ar['kind.recovery_codes']);
  await expect(page.getByText(ar['codes.explain'])).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: ar['codes.get'] }).click();
  await expect(page.getByText(ar['codes.ready'])).toBeVisible();
  await expect(page.locator('.recovery-codes li')).toHaveCount(10);
  await expectAccessible(page);
  await screenshots(page, testInfo, 'arabic-recovery-codes');
  await page.getByRole('button', { name: ar['action.done'] }).click();
  await expect(page.getByText(fill(ar['methods.codes_left'], { left: '10', total: '10' }, true))).toBeVisible();
  const codesRow = page.locator('.method').filter({ hasText: ar['kind.recovery_codes'] });
  await codesRow.locator('button').last().click();
  await expect(page.getByRole('dialog', { name: fill(ar['delete.title'], { method: ar['kind_in_sentence.recovery_codes'] }, true) })).toBeVisible();
  await expectAccessible(page);
  await page.keyboard.press('Escape');

  // Signing in again asks for a verification first.
  await page.getByRole('button', { name: ar['header.sign_out'], exact: true }).click();
  await signInHere(page, 'amal', ar['sign_in.button']);
  await expect(page.getByRole('heading', { name: ar['verify.title'], level: 1 })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'arabic-verify');

  // The dev outbox, and a page that does not exist.
  await page.goto('/dev/outbox');
  await expect(page.getByRole('heading', { name: ar['footer.dev_outbox'], level: 1 })).toBeVisible();
  await expectAccessible(page);
  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { name: ar['not_found.title'], level: 1 })).toBeVisible();
  await expectAccessible(page);

  // The reset, signed out: the name, the choice, the code, the new password, done.
  await page.context().clearCookies();
  await page.goto('/reset');
  await expect(page.getByRole('heading', { name: ar['reset.title'], level: 1 })).toBeVisible();
  await expect(page.getByText(ar['reset.checked'])).toBeVisible();
  await expectAccessible(page);
  await page.locator('#username').fill('amal');
  await page.getByRole('button', { name: ar['action.next'] }).click();
  await expect(page.getByText(fill(ar['reset.progress'], { step: '1', steps: '1' }, true))).toBeVisible();
  await expectAccessible(page);
  await page.locator('#number').fill('202 555 0147');
  await page.getByRole('button', { name: ar['reset.text'] }).click();
  await expect(page.locator('#code')).toBeVisible();
  await expectAccessible(page);
  await page.locator('#code').fill(await codeSentTo(page, '+12025550147', [enrolled]));
  await page.getByRole('button', { name: ar['action.next'] }).click();
  await expect(page.getByText(ar['password.lead'])).toBeVisible();
  await page.getByRole('button', { name: ar['password.finish'] }).click();
  await expect(page.locator('.error-summary')).toBeFocused();
  await expectAccessible(page);
  await page.locator('#new-password').fill('صباح الخير يا قمر الليل 2026');
  await page.locator('#confirm-password').fill('صباح الخير يا قمر الليل 2026');
  await page.getByRole('button', { name: ar['password.finish'] }).click();
  await expect(page.getByText(ar['reset.done'])).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'arabic-reset-done');
});

test('no sideways scrolling at 320 px in Arabic', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto('/signin');
  await pickLanguage(page, 'Language', 'ar');
  for (const path of ['/signin', '/reset']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }
});

test('no sideways scrolling at 320 px in German, the longest words, signed in and in every dialog step', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto('/signin');
  await pickLanguage(page, 'Language', 'de');
  await signInHere(page, 'mia', de['sign_in.button']);
  await expect(page.getByRole('heading', { name: de['security_info.title'], level: 1 })).toBeVisible();
  const noOverflow = async (screen: string) => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, screen).toBeLessThanOrEqual(0);
    const dialog = page.getByRole('dialog');
    if (await dialog.count()) {
      const inside = await dialog.evaluate((d) => d.scrollWidth - d.clientWidth);
      expect(inside, `${screen}: inside the dialog`).toBeLessThanOrEqual(0);
    }
  };
  await noOverflow('security info');
  const open = async (kind: string, title: string) => {
    await page.getByRole('button', { name: de['security_info.add_method'] }).click();
    await noOverflow('add a method');
    await page.getByRole('combobox', { name: de['add.method_label'] }).selectOption({ label: kind });
    await page.getByRole('button', { name: de['action.add'], exact: true }).click();
    await expect(page.getByRole('dialog', { name: title })).toBeVisible();
  };
  for (const kind of ['kind.phone', 'kind.email', 'kind.recovery_codes']) {
    await open(de[kind], de[kind]);
    await noOverflow(kind);
    await page.keyboard.press('Escape');
  }
  await open(de['kind.authenticator_app'], de['kind.authenticator_app']);
  await noOverflow('authenticator app warning');
  await page.getByRole('button', { name: de['action.next'] }).click();
  await expect(page.locator('#secret-key')).toBeVisible();
  await noOverflow('authenticator app key');
});

test('someone who picks German gets their codes in German, and their other browsers follow', async ({ page, browser }) => {
  await page.goto('/signin');
  await signInHere(page, 'lena', 'Sign in');
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
  await pickLanguage(page, 'Language', 'de');
  await expect(page.getByRole('heading', { name: de['security_info.title'], level: 1 })).toBeVisible();
  // The choice is kept with the account (the page switches at once; the save follows).
  await expect
    .poll(async () => (await (await page.request.get('/api/v1/me')).json()).language)
    .toBe('de');
  await page.getByRole('button', { name: de['security_info.add_method'] }).click();
  await page.getByRole('combobox', { name: de['add.method_label'] }).selectOption({ label: de['kind.email'] });
  await page.getByRole('button', { name: de['action.add'], exact: true }).click();
  await page.locator('#email').fill('lena.vogt@example.net');
  await page.getByRole('button', { name: de['action.next'] }).click();
  await expect(page.locator('#code')).toBeVisible();
  const messages: { to: string; subject: string }[] = await (await page.request.get('/api/v1/dev/outbox')).json();
  const sent = messages.find((m) => m.to === 'lena.vogt@example.net');
  expect(sent?.subject).toContain('Bestätigungscode');
  // Another browser, which has never been told: after signing in, it speaks German too.
  const other = await browser.newContext({ locale: 'en-US' });
  const laptop = await other.newPage();
  await laptop.goto('/signin');
  await signInHere(laptop, 'lena', 'Sign in');
  await expect(laptop.locator('html')).toHaveAttribute('lang', 'de');
  await expect(laptop.getByRole('heading', { level: 1 })).not.toHaveText('Sign in');
  await expect(laptop.getByRole('button', { name: de['header.sign_out'], exact: true })).toBeVisible();
  await other.close();
});

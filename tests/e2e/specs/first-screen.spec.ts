// /signin's card is drawn by index.html before the app arrives (so the page's largest text paints
// at once); what the person does there before the app starts is carried into it.
import { expect, test } from '@playwright/test';
import {
  demoPassword,
  expectAccessible,
  holdTheApp,
  layoutShifted,
  measureLayoutShifts,
  signInAs,
  watchConsole,
} from './support';

test('the sign-in card shows before the app, and what is typed and pressed there signs in once it starts', async ({ page }) => {
  const problems = watchConsole(page);
  const asked: string[] = [];
  page.on('request', (request) => asked.push(request.url()));
  const release = await holdTheApp(page);
  await page.goto('/signin');
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
  // The organisation's name, which the server wrote into the page, as the app will say it.
  await expect(page.getByText('Sign in with your Contoso account.')).toBeVisible();
  await expect(page.locator('header .brand')).toHaveText('Contoso');
  await expectAccessible(page);
  // Someone who only reads the card downloads nothing of the app.
  expect(asked.filter((url) => url.includes('/app-') || url.includes('/api/'))).toEqual([]);

  await page.getByRole('textbox', { name: 'Username' }).fill('demo');
  await page.getByLabel('Password', { exact: true }).fill(demoPassword);
  await page.getByLabel('Password', { exact: true }).press('Enter');
  // Answered at once, as the app's form answers it; nothing is sent, and the page stays, until
  // the app has started.
  await expect(page.getByRole('status')).toHaveText('Signing in…');
  await expect(page.getByRole('button', { name: 'Sign in' })).toHaveAttribute('aria-disabled', 'true');
  await page.waitForTimeout(300);
  expect(page.url()).toMatch(/\/signin$/);
  release();
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
  expect(asked.filter((url) => url.includes(demoPassword))).toEqual([]);
  expect(problems).toEqual([]);
});

test('the app waits while the person is in the card, and takes its place with what they typed once they leave it', async ({ page }) => {
  await measureLayoutShifts(page);
  const release = await holdTheApp(page);
  await page.goto('/signin');
  await page.getByRole('textbox', { name: 'Username' }).fill('someone');
  await page.getByLabel('Password', { exact: true }).focus();
  release();
  // The app downloads (the person turned to the page) but leaves the card alone while they are
  // in it: no keystroke lost, no phone keyboard closed.
  await page.waitForResponse('**/latchkey_bg.wasm');
  await page.waitForTimeout(1500);
  await expect(page.locator('footer select')).toHaveCount(0);
  await page.getByLabel('Password', { exact: true }).pressSequentially('abc');
  // A click outside the card: the app takes its place.
  await page.mouse.click(5, 5);
  await expect(page.getByRole('combobox', { name: 'Language' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Username' })).toHaveValue('someone');
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('abc');
  // The app drew the card where the shell had it: nothing moved.
  expect(await layoutShifted(page)).toBe(0);
  // The app's form checks what was carried over like anything typed in it.
  await page.getByLabel('Password', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('link', { name: 'Enter your password.' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Username' })).toHaveValue('someone');
});

test('in another language the card says it in that language', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('latchkey-language', 'de'));
  await holdTheApp(page);
  await page.goto('/signin');
  await expect(page.getByRole('heading', { name: 'Anmelden', level: 1 })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Benutzername' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Kennwort vergessen' })).toBeVisible();
  await expect(page.getByText('Melden Sie sich mit Ihrem Konto bei Contoso an.')).toBeVisible();
});

test('in Arabic the card is right to left, with the name kept in its own order', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('latchkey-language', 'ar'));
  await holdTheApp(page);
  await page.goto('/signin');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { name: 'تسجيل الدخول', level: 1 })).toBeVisible();
  await expect(page.locator('#sign-in-lead')).toHaveText('سجّل الدخول باستخدام حسابك لدى \u2068Contoso\u2069.');
});

test('when the app cannot be downloaded, the page says so in place of the card', async ({ page }) => {
  await page.route('**/latchkey_bg.wasm', (route) => route.abort('connectionrefused'));
  await page.goto('/signin');
  await page.mouse.move(20, 20);
  await expect(page.getByRole('alert')).toContainText("This page couldn't load");
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeHidden();
  await expect(page.getByText('Loading…')).toBeHidden();
});

test('at /signin?pass the card asks for the Temporary Access Pass, as the app does', async ({ page }) => {
  await measureLayoutShifts(page);
  const release = await holdTheApp(page);
  await page.goto('/signin?pass');
  const pass = page.getByLabel('Temporary Access Pass');
  await expect(pass).toHaveAttribute('autocomplete', 'one-time-code');
  await expect(page.getByRole('link', { name: 'Sign in with your password' })).toHaveAttribute('href', '/signin');
  await expect(page.getByRole('link', { name: 'Forgot my password' })).toHaveCount(0);
  await expect(page.getByText('Loading…')).toBeHidden();
  await expectAccessible(page);
  await page.getByRole('textbox', { name: 'Username' }).fill('someone');
  await pass.fill('not-a-pass');
  release();
  await page.mouse.click(5, 5);
  await expect(page.getByRole('combobox', { name: 'Language' })).toBeVisible();
  await expect(pass).toHaveValue('not-a-pass');
  await expect(pass).toBeVisible();
  expect(await layoutShifted(page)).toBe(0);
  // The app's own form: a wrong pass is refused there.
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').first()).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Username' })).toHaveValue('someone');
});

test('security info loads its parts and data without moving anything on the screen', async ({ page }) => {
  await signInAs(page, 'demo');
  await measureLayoutShifts(page);
  await page.goto('/security-info');
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add sign-in method' })).toBeVisible();
  // The footer waits for the page's content, and then is where it stays.
  await expect(page.getByRole('combobox', { name: 'Language' })).toBeVisible();
  expect(await layoutShifted(page)).toBe(0);
});

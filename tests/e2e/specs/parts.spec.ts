// The app in parts: a page downloads the main module and its own parts only; the parts a person
// is likely to open next follow in idle time; a part that cannot be downloaded says so and can be
// tried again. Links and Back and Forward move between screens without reloading the page.
import { expect, test, type Page } from '@playwright/test';
import { AddMethodDialog, demoPassword, expectAccessible, SignInScreen, signInAs, turnTo, watchConsole } from './support';

/** The app's files the page asks for from now on (WASM modules, and bundles of a part's
 * modules), by file name. */
function partRequests(page: Page): string[] {
  const names: string[] = [];
  page.on('request', (request) => {
    const name = new URL(request.url()).pathname.split('/').pop() ?? '';
    if (name.endsWith('.wasm') || name.endsWith('.bundle')) names.push(name);
  });
  return names;
}

test('sign-in downloads nothing of the app until the person turns to it, then no other screen first, and the likely next ones once the page has settled', async ({ page }) => {
  const requested = partRequests(page);
  await new SignInScreen(page).open();
  await page.waitForLoadState('networkidle');
  expect(requested).toEqual([]);
  await turnTo(page);
  expect(requested).toEqual(['latchkey_bg.wasm']);
  // In idle time: security info (where sign-in leads), all its files in one request, and the
  // reset ("Forgot my password"): the files it does not share with security info.
  await expect.poll(() => requested, { timeout: 10_000 }).toContain('security_info.bundle');
  await expect.poll(() => requested).toContain('split_reset.wasm');
  expect(requested).not.toContain('split_security_info.wasm');
  expect(requested).not.toContain('reset.bundle');
});

test('a page downloads its own part in one request, beside the main module', async ({ page }) => {
  await signInAs(page, 'ren');
  const requested = partRequests(page);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Add sign-in method' })).toBeVisible();
  expect([...requested].sort()).toEqual(['latchkey_bg.wasm', 'security_info.bundle']);
  // Then, in idle time, the dialogs: only the files security info did not bring.
  await expect.poll(() => requested, { timeout: 10_000 }).toContain('split_dialogs.wasm');
  expect(requested.filter((name) => name.endsWith('.bundle'))).toEqual(['security_info.bundle']);
});

test('"Forgot my password" on the card, before the app, leads to the reset without downloading sign-in first', async ({ page }) => {
  const requested = partRequests(page);
  await new SignInScreen(page).open();
  await page.getByRole('link', { name: 'Forgot my password' }).click();
  await expect(page.getByRole('heading', { name: 'Get back into your account', level: 1 })).toBeVisible();
  // One main module, for the reset: none was started for the card.
  expect(requested.filter((name) => name === 'latchkey_bg.wasm')).toHaveLength(1);
});

test('a screen whose part cannot be downloaded says so, and Try again opens it', async ({ page }) => {
  const problems = watchConsole(page);
  let offline = true;
  // At /reset the reset's files come in one request, its bundle.
  await page.route('**/reset.bundle', (route) => (offline ? route.abort('internetdisconnected') : route.continue()));
  await new SignInScreen(page).open();
  await page.getByRole('link', { name: 'Forgot my password' }).click();
  await expect(page).toHaveURL(/\/reset$/);
  const notice = page.getByRole('alert');
  await expect(notice).toHaveText("This part of the page couldn't load. Check your connection and try again.");
  await expectAccessible(page);
  offline = false;
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { name: 'Get back into your account', level: 1 })).toBeVisible();
  await expect(notice).toHaveCount(0);
  // The failed download is reported in the console; nothing else went wrong.
  expect(problems.filter((p) => !p.includes('reset.bundle') && !p.includes('Failed to fetch') && !p.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
});

test('a dialog whose part cannot be downloaded says so, and opens once it can be', async ({ page }) => {
  let offline = true;
  await page.route('**/split_dialogs.wasm', (route) => (offline ? route.abort('internetdisconnected') : route.continue()));
  await signInAs(page, 'ren');
  await page.getByRole('button', { name: 'Add sign-in method' }).click();
  await expect(page.getByRole('alert')).toHaveText("This part of the page couldn't load. Check your connection and try again.");
  offline = false;
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('dialog', { name: 'Add a method' })).toBeVisible();
  await page.keyboard.press('Escape');
  await new AddMethodDialog(page).open();
});

test('links, Back and Forward move between screens without reloading the page', async ({ page }) => {
  await page.goto('/signin?next=/change-password');
  await turnTo(page);
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
  await page.getByRole('link', { name: 'Forgot my password' }).click();
  await expect(page.getByRole('heading', { name: 'Get back into your account', level: 1 })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/signin\?next=\/change-password$/);
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
  await page.goForward();
  await expect(page.getByRole('heading', { name: 'Get back into your account', level: 1 })).toBeVisible();
  await page.goBack();
  await new SignInScreen(page).signIn('demo', demoPassword);
  await expect(page.getByRole('heading', { name: 'Change password', level: 1 })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
});

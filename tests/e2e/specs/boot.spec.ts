// The built app starts under the strict Content Security Policy with a clean console.
import { expect, test } from '@playwright/test';
import { SignInScreen, demoPassword, turnTo, watchConsole } from './support';

test('the app boots under the CSP with zero console errors', async ({ page }) => {
  const problems = watchConsole(page);
  const response = await page.goto('/signin');
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(response?.headers()['x-content-type-options']).toBe('nosniff');
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
  await new SignInScreen(page).signIn('demo', demoPassword);
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
  expect(problems).toEqual([]);
});

test('when the server cannot be reached, sign-in says so and keeps what was typed', async ({ page }) => {
  const signIn = new SignInScreen(page);
  await signIn.open();
  await page.route('**/api/v1/session', (route) => route.abort('connectionrefused'));
  await signIn.signIn('demo', demoPassword);
  await expect(page.getByRole('alert')).toContainText("We couldn't reach the server");
  await expect(signIn.username()).toHaveValue('demo');
  await expect(signIn.password()).toHaveValue(demoPassword);
});

test('when the database is away, the page says the service is unavailable and recovers', async ({ page }) => {
  const signIn = new SignInScreen(page);
  await signIn.open();
  await signIn.signIn('demo', demoPassword);
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
  // The server answers 503 in the API's shape while its database is unreachable.
  await page.route('**/api/v1/security-info', (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ code: 'service_unavailable', message: 'unavailable', fields: [] }),
    }),
  );
  await page.reload();
  await expect(page.getByRole('alert')).toContainText('The service is unavailable right now');
  await page.unroute('**/api/v1/security-info');
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByText('Demo User')).toBeVisible();
});

test('what the page starts downloading before the app, the app uses: one request each, no warning', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  const asked: string[] = [];
  page.on('request', (request) => asked.push(new URL(request.url()).pathname));
  const once = (path: string) => expect(asked.filter((p) => p === path), path).toHaveLength(1);
  // Each part of the app the page asked for ahead (index.html's preloads) is downloaded once.
  const partsOnce = () => new Set(asked.filter((p) => p.endsWith('.wasm'))).forEach(once);
  // Chromium warns of a preload left unused after about three seconds.
  const settle = () => page.waitForTimeout(3500);

  await page.goto('/signin');
  await expect(page.getByText('Sign in with your Contoso account.')).toBeVisible();
  await settle();
  // At /signin nothing more until the person turns to the page: the card is index.html's.
  expect(asked.filter((p) => p.startsWith('/api/') || p.startsWith('/locales/') || p.includes('/app-'))).toEqual([]);
  await turnTo(page);
  await settle();
  once('/api/v1/config');
  once('/locales/en.json');
  partsOnce();

  await new SignInScreen(page).signIn('demo', demoPassword);
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
  asked.length = 0;
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
  await settle();
  once('/api/v1/security-info');
  partsOnce();

  asked.length = 0;
  await page.goto('/reset');
  await expect(page.getByText('Your browser has been checked.')).toBeVisible();
  await settle();
  once('/api/v1/reset/puzzle');
  partsOnce();
  expect(warnings.filter((text) => text.includes('preload'))).toEqual([]);
});

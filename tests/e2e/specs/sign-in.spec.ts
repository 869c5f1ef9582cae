// Signing in and out as an employee does it.
import { expect, test } from '@playwright/test';
import { SignInScreen, demoPassword, expectAccessible, screenshots } from './support';

test('sign in as demo, see Security info, sign out, back at sign-in', async ({ page }, testInfo) => {
  const signIn = new SignInScreen(page);
  await signIn.open();
  await expect(page.getByText('Sign in with your Contoso account')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'sign-in');

  await signIn.signIn('demo', demoPassword);
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/security-info$/);
  await expectAccessible(page);
  await screenshots(page, testInfo, 'security-info-empty');

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/signin$/);

  // The session really ended: the security info page sends us back to sign in.
  await page.goto('/security-info');
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
});

test('the session stays in its cookie, and password boxes take what managers and paste give', async ({ page, context }) => {
  // security.md 24 and 26: no token in storage or in an address; current-password on sign-in,
  // new-password on the reset's last step; pasting is allowed.
  const signIn = new SignInScreen(page);
  await signIn.open();
  await expect(signIn.password()).toHaveAttribute('autocomplete', 'current-password');
  await expect(signIn.username()).toHaveAttribute('autocomplete', 'username');
  await signIn.password().focus();
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/plain', 'pasted-secret');
    document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  const pasteAllowed = await page.evaluate(() => {
    const event = new ClipboardEvent('paste', { bubbles: true, cancelable: true });
    return document.activeElement?.dispatchEvent(event);
  });
  expect(pasteAllowed, 'nothing cancels a paste').toBe(true);
  await signIn.signIn('demo', demoPassword);
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
  const session = (await context.cookies()).find((cookie) => cookie.name.includes('latchkey_session'));
  expect(session?.httpOnly).toBe(true);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(stored).not.toContain(session?.value ?? 'no cookie');
  expect(page.url()).not.toContain(session?.value ?? 'no cookie');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
});

test('a wrong password shows one generic message and stays on sign-in', async ({ page }, testInfo) => {
  const signIn = new SignInScreen(page);
  await signIn.open();
  await signIn.signIn('demo', 'definitely-not-the-password');
  const summary = page.getByRole('alert');
  await expect(summary).toContainText('Your username or password is incorrect.');
  await expect(page).toHaveURL(/\/signin$/);
  await expect(signIn.username()).toHaveValue('demo');
  await expectAccessible(page);
  await screenshots(page, testInfo, 'sign-in-wrong-password');

  // An unknown user gets exactly the same words.
  const wrongText = (await summary.textContent()) ?? "";
  await signIn.signIn('nobody-here', 'definitely-not-the-password');
  await expect(page.getByRole('alert')).toHaveText(wrongText);
});

test('empty fields are refused in the browser with a linked error summary', async ({ page }, testInfo) => {
  const signIn = new SignInScreen(page);
  await signIn.open();
  let requests = 0;
  page.on('request', (request) => {
    if (request.url().includes('/api/v1/session')) requests += 1;
  });
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expect(signIn.username()).toHaveAttribute('aria-invalid', 'true');
  await expect(signIn.password()).toHaveAttribute('aria-invalid', 'true');
  await expect(signIn.username()).toHaveAccessibleDescription(/Enter your username/);
  await page.getByRole('link', { name: 'Enter your password.' }).click();
  await expect(signIn.password()).toBeFocused();
  expect(requests).toBe(0);
  await expectAccessible(page);
  await screenshots(page, testInfo, 'sign-in-errors');
});

test('a signed-out visit to security info returns there after sign-in', async ({ page }) => {
  await page.goto('/security-info');
  await expect(page).toHaveURL(/\/signin\?next=/);
  await new SignInScreen(page).signIn('demo', demoPassword);
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/security-info$/);
});

test('a next address that would leave the site leads to security info instead', async ({ page, baseURL }) => {
  // The browser drops tabs and newlines from addresses: "/\t/evil.example" reads as
  // "//evil.example", another site. None of these may take the person there.
  const ours = new URL(baseURL ?? '').origin;
  const elsewhere: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).origin !== ours) elsewhere.push(request.url());
  });
  for (const next of ['/%09/evil.example/x', '/%0A/evil.example/x', '/%0D/evil.example/x', '//evil.example', '/%5Cevil.example', 'https://evil.example/']) {
    const signIn = new SignInScreen(page);
    await signIn.open(`/signin?next=${next}`);
    await signIn.signIn('demo', demoPassword);
    await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
    expect(page.url(), next).toBe(`${ours}/security-info`);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
  }
  expect(elsewhere).toEqual([]);
});

test('"/" opens security info, "Forgot my password" opens reset, unknown pages say so', async ({ page }, testInfo) => {
  const signIn = new SignInScreen(page);
  await signIn.open();
  await signIn.signIn('demo', demoPassword);
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
  await page.goto('/');
  await expect(page).toHaveURL(/\/security-info$/);
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();

  await signIn.open();
  await page.getByRole('link', { name: 'Forgot my password' }).click();
  await expect(page.getByRole('heading', { name: 'Get back into your account' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Contact IT Support' }).first()).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'reset');

  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expectAccessible(page);
});

// Page objects and checks shared by the specs: screens are found by role and accessible name,
// as printed instructions describe them.
import { expect, type Locator, type Page, type Route, type TestInfo } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';

export const demoPassword = process.env.LATCHKEY_DEMO_PASSWORD ?? '';

export class SignInScreen {
  constructor(readonly page: Page) {}

  async open(path = '/signin') {
    await this.page.goto(path);
    await expect(this.page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
  }

  username() {
    return this.page.getByRole('textbox', { name: 'Username' });
  }

  password() {
    return this.page.getByLabel('Password', { exact: true });
  }

  async signIn(username: string, password: string) {
    await this.username().fill(username);
    await this.password().fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }
}

/** Moves the mouse over the page, as a person at a computer does, and waits for the app: at
 * /signin, whose card works before it, the app starts when the person turns to the page. */
export async function turnTo(page: Page) {
  await page.mouse.move(20, 20);
  await page.mouse.move(40, 40);
  await expect(page.locator('footer select')).toBeVisible();
}

/** Holds the app's main WASM module back (index.html's static shell shows meanwhile) until the
 * returned function is called. */
export async function holdTheApp(page: Page): Promise<() => void> {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/latchkey_bg.wasm', async (route: Route) => {
    await released;
    await route.continue();
  });
  return release;
}

/** Adds up, from the page's start, how far its content moves on screen (Chromium's layout
 * shifts, as CLS counts them); read it with `layoutShifted`. */
export async function measureLayoutShifts(page: Page) {
  await page.addInitScript(() => {
    const page = window as unknown as { shifted: number };
    page.shifted = 0;
    new PerformanceObserver((entries) => {
      for (const entry of entries.getEntries()) page.shifted += (entry as unknown as { value: number }).value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** How far the page's content has moved so far (see `measureLayoutShifts`), after two frames. */
export async function layoutShifted(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() => resolve((window as unknown as { shifted: number }).shifted)),
        ),
      ),
  );
}

/** Collects console errors and uncaught exceptions for the life of the page. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

/** axe-core with the WCAG 2.2 AA rule sets finds nothing, in light and dark themes. */
export async function expectAccessible(page: Page) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'])
      .analyze();
    const found = results.violations.map(
      (v) => `${colorScheme}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
    expect(found, 'axe-core violations').toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Screenshots at phone and desktop widths, kept with the test results for people to look at. */
export async function screenshots(page: Page, testInfo: TestInfo, name: string) {
  const original = page.viewportSize();
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: testInfo.outputPath(`${name}-${width}.png`), fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}

/** The newest one-time code the dev outbox holds for `to` (an address or an E.164 number). */
export async function codeSentTo(page: Page, to: string, notIn: string[] = []): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const response = await page.request.get('/api/v1/dev/outbox');
    const messages: { to: string; code: string | null }[] = await response.json();
    const found = messages.find((m) => m.to === to && m.code && !notIn.includes(m.code));
    if (found?.code) return found.code;
    await page.waitForTimeout(200);
  }
  throw new Error(`no code reached ${to}`);
}

/**
 * A new person with the demo password, made with `latchkey-server user add` as an administrator
 * would (on the database of the servers cargo xtask test starts, or on `database`): a spec that
 * changes someone starts from nobody's leftovers, on a retry too. Returns the username.
 */
export function addPerson(prefix: string, displayName: string, database?: string): string {
  const username = `${prefix}-${Date.now().toString(36)}`;
  execFileSync(
    process.env.LATCHKEY_SERVER_BIN ?? '',
    ['user', 'add', username, '--password-stdin', '--display-name', displayName, '--email', `${username}@example.com`],
    { env: serverCommandEnv(database), input: `${demoPassword}\n`, stdio: ['pipe', 'ignore', 'inherit'] },
  );
  return username;
}

/** `latchkey-server user role`, as an administrator grants it (on `database` if given). */
export function grantRole(username: string, role: 'helpdesk' | 'admin', database?: string) {
  execFileSync(process.env.LATCHKEY_SERVER_BIN ?? '', ['user', 'role', username, role], {
    env: serverCommandEnv(database),
    stdio: 'ignore',
  });
}

/** The environment `latchkey-server`'s commands run in: development, on `database` if given. */
function serverCommandEnv(database?: string): NodeJS.ProcessEnv {
  return { ...process.env, LATCHKEY_DEV: 'true', ...(database ? { LATCHKEY_DATABASE_URL: database } : {}) };
}

/** Signs in and waits for the page that follows (security info, or verify your identity). */
export async function signInAs(page: Page, username: string) {
  const signIn = new SignInScreen(page);
  await signIn.open();
  await signIn.signIn(username, demoPassword);
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Sign in');
}

/** Signs in as a staff member, registers a phone so the console lets them in, and opens it. */
export async function staffSignsIn(page: Page, username: string, national: string, e164: string) {
  await signInAs(page, username);
  await addPhoneByText(page, 'Phone', national, e164);
  await page.getByRole('link', { name: 'IT support console' }).click();
  await expect(page.getByRole('heading', { name: 'IT support', level: 1 })).toBeVisible();
}

/** The "Add a method" dialog and the steps after it. */
export class AddMethodDialog {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.getByRole('button', { name: 'Add sign-in method' }).click();
    await expect(this.page.getByRole('dialog', { name: 'Add a method' })).toBeVisible();
  }

  async choose(method: 'Phone' | 'Alternate phone' | 'Email' | 'Authenticator app' | 'Passkey' | 'Recovery codes') {
    await this.page.getByRole('combobox', { name: 'Method' }).selectOption(method);
    await this.page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(this.page.getByRole('dialog', { name: method })).toBeVisible();
  }

  async enterCode(code: string) {
    await this.page.getByRole('textbox', { name: 'Code' }).fill(code);
    await this.page.getByRole('button', { name: 'Next' }).click();
  }
}

/** The ID of the newest call the dev outbox holds for `to` (E.164), skipping `notIn`. */
export async function callTo(page: Page, to: string, notIn: string[] = []): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const response = await page.request.get('/api/v1/dev/outbox');
    const messages: { id: string; to: string; channel: string }[] = await response.json();
    const found = messages.find((m) => m.to === to && m.channel === 'voice' && !notIn.includes(m.id));
    if (found) return found.id;
    await page.waitForTimeout(200);
  }
  throw new Error(`nobody called ${to}`);
}

/** Acts for the person with the phone through the dev outbox API: press keys, decline, miss. */
export async function answerCall(page: Page, call: string, action: 'press' | 'decline' | 'miss') {
  const response = await page.request.post(`/api/v1/dev/outbox/${call}/${action}`, {
    headers: { 'x-requested-with': 'latchkey' },
    data: action === 'press' ? { digits: '#' } : undefined,
  });
  expect(response.status()).toBe(204);
}

/** Moves the development server's clock forward (codes expire, limits reset). */
export async function advanceServerClock(page: Page, seconds: number) {
  const response = await page.request.post('/api/v1/dev/clock', {
    headers: { 'x-requested-with': 'latchkey' },
    data: { seconds },
  });
  expect(response.status()).toBe(204);
}

/** Presses Tab until `target` has the focus (at most `limit` times), as a keyboard user would. */
export async function tabTo(page: Page, target: Locator, limit = 25) {
  for (let i = 0; i < limit && !(await target.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

/** The development server's time (it may run ahead of the wall clock), in seconds. */
export async function serverTime(page: Page): Promise<number> {
  const response = await page.request.get('/api/v1/dev/clock');
  expect(response.status()).toBe(200);
  return (await response.json()).now;
}

/** Adds a phone by text through the dialog, from "Add sign-in method" to "Done". */
export async function addPhoneByText(page: Page, method: 'Phone' | 'Alternate phone', national: string, e164: string) {
  const dialog = new AddMethodDialog(page);
  await dialog.open();
  await dialog.choose(method);
  await page.getByRole('combobox', { name: 'Country or region' }).selectOption({ label: 'United States (+1)' });
  await page.getByRole('textbox', { name: 'Phone number' }).fill(national);
  await page.getByRole('button', { name: 'Next' }).click();
  await dialog.enterCode(await codeSentTo(page, e164));
  await expect(page.getByText(`${method} registered successfully`)).toBeVisible();
  await page.getByRole('button', { name: 'Done' }).click();
}

/**
 * From "Forgot my password" on the sign-in page to the new-password step: the name, then a code
 * texted to the phone `national` (`e164` in the dev outbox), not one of `earlier` codes.
 */
export async function resetByText(page: Page, name: string, national: string, e164: string, earlier: string[]) {
  await page.getByRole('link', { name: 'Forgot my password' }).click();
  await page.getByRole('textbox', { name: 'Username' }).fill(name);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('radio', { name: 'Text my mobile phone' }).check();
  await page.getByRole('textbox', { name: 'Phone number' }).fill(national);
  await page.getByRole('button', { name: 'Text', exact: true }).click();
  const code = await codeSentTo(page, e164, earlier);
  await page.getByRole('textbox', { name: 'Code' }).fill(code);
  await page.getByRole('button', { name: 'Next' }).click();
}

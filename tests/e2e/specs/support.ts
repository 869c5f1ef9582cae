// Page objects and checks shared by the specs: screens are found by role and accessible name,
// as printed instructions describe them.
import { expect, type Page, type TestInfo } from '@playwright/test';
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

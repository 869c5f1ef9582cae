// How soon a screen the app downloads later opens after the click, for `cargo xtask bench`: in
// Chromium on a slow 4G connection (150 ms round trip, 1.6 Mbit/s down) with the CPU slowed 4×,
// as Lighthouse's phone, once the page has settled and fetched its likely next parts in idle
// time — from the press to the first frame that shows the screen.
//
//   node next-screens.mjs <base URL> <Cookie header of a signed-in person>
//
// Prints JSON: [{ screen, ms }].
import { launch } from './browser.mjs';

const [base, cookie] = process.argv.slice(2);
/** Long enough for the idle-time parts on this connection (they follow 2 s after settling). */
const SETTLE_MS = 12_000;

const screens = [
  // Security info's "Add sign-in method" opens the dialogs' part.
  { screen: 'Add a method (dialog)', page: '/security-info', signedIn: true, press: 'button', text: 'Add sign-in method', shown: 'dialog[open] h2' },
  // The app's sign-in form (once the person has turned to the page) leads to the reset's part.
  { screen: 'Get back into your account (/reset)', page: '/signin', turn: true, press: 'a[href="/reset"]', text: null, shown: 'h1', heading: 'Get back into your account' },
];

const browser = await launch();
const results = [];
for (const wanted of screens) {
  const context = await browser.newContext(wanted.signedIn ? { extraHTTPHeaders: { Cookie: cookie } } : {});
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await tab.goto(base + wanted.page, { waitUntil: 'networkidle', timeout: 120_000 });
  if (wanted.turn) {
    await tab.mouse.move(20, 20);
    await tab.mouse.move(40, 40);
    await tab.locator('footer select').waitFor({ timeout: 120_000 });
  }
  await tab.waitForTimeout(SETTLE_MS);
  const ms = await tab.evaluate(({ press, text, shown, heading }) => new Promise((resolve, reject) => {
    const target = [...document.querySelectorAll(press)].find((e) => text === null || e.textContent.trim() === text);
    if (!target) return reject(new Error(`nothing to press: ${press}`));
    const isShown = () => [...document.querySelectorAll(shown)].some((e) =>
      e.getClientRects().length > 0 && (!heading || e.textContent.trim() === heading));
    const start = performance.now();
    target.click();
    const look = () => (isShown() ? resolve(performance.now() - start) : requestAnimationFrame(look));
    requestAnimationFrame(look);
  }), wanted);
  results.push({ screen: wanted.screen, ms: Math.round(ms) });
  await context.close();
}
await browser.close();
console.log(JSON.stringify(results));

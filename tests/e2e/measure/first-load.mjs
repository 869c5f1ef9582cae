// The first load of pages as a browser sees it, for `cargo xtask bench`: Chromium with an empty
// cache, every byte on the wire (headers included) until the network has been idle for 500 ms;
// then what the page downloads in the next seconds (the parts it fetches in idle time).
// `:turned` loads the page and then moves the mouse over it, as a person at it does (at /signin
// that starts the app, which the card works without), and counts every byte until the app has
// started and the network is idle again.
//
//   node first-load.mjs <base URL> <Cookie header for signed-in pages> <page>[:signed-in|:turned] ...
//
// Prints JSON: [{ page, requests: [{ path, bytes }], later: [{ path, bytes }] }].
import { launch } from './browser.mjs';

const [base, cookie, ...pages] = process.argv.slice(2);
const IDLE_TIME_MS = 6000;

const browser = await launch();
const results = [];
for (const wanted of pages) {
  const [page, mode] = wanted.split(':');
  const signedIn = mode === 'signed-in';
  const context = await browser.newContext(signedIn ? { extraHTTPHeaders: { Cookie: cookie } } : {});
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const paths = new Map();
  const finished = [];
  cdp.on('Network.requestWillBeSent', (event) => paths.set(event.requestId, event.request.url.replace(base, '')));
  cdp.on('Network.loadingFinished', (event) => finished.push({ path: paths.get(event.requestId), bytes: event.encodedDataLength }));
  await tab.goto(base + page, { waitUntil: 'networkidle' });
  if (mode === 'turned') {
    await tab.mouse.move(20, 20);
    await tab.mouse.move(40, 40);
    await tab.locator('footer select').waitFor();
    // Until nothing more has finished for 500 ms.
    for (let seen = -1; seen !== finished.length; ) {
      seen = finished.length;
      await tab.waitForTimeout(500);
    }
  }
  const requests = finished.splice(0);
  await tab.waitForTimeout(IDLE_TIME_MS);
  results.push({ page: mode === 'turned' ? `${page}, turned to` : page, requests, later: finished.splice(0) });
  await context.close();
}
await browser.close();
console.log(JSON.stringify(results));

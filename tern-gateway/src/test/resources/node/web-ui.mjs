// The web UI in headless Chromium (Debian's, never a downloaded browser): sign in with /#token=, send a message
// with Enter, see the streamed answer, a tool row with its elapsed time and the metrics move; reload and see the session.
import { pathToFileURL } from 'node:url';

const { chromium } = await import(pathToFileURL(process.env.TERN_NPM + '/node_modules/playwright-core/index.mjs').href);
const base = process.env.TERN_BASE_URL;
const out = (name, value) => console.log(name + ' ' + JSON.stringify(value));
const browser = await chromium.launch({
  executablePath: process.env.TERN_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--headless'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(base + '/#token=' + process.env.TERN_TOKEN);
  out('URL', { hash: await page.evaluate(() => location.hash), tag: await page.evaluate(() => document.querySelector('#message').tagName) });

  await page.fill('#message', 'please read the notes');
  await page.press('#message', 'Enter');
  await page.waitForSelector('.msg.assistant:has-text("notes say")', { timeout: 30000 });
  await page.waitForSelector('.tool-row:not(.running) .time:has-text("ms")', { timeout: 30000 });
  await page.waitForFunction(() => document.querySelector('#metrics [data-k="modelCalls"]').textContent !== '0', null, { timeout: 30000 });
  await page.waitForFunction(() => /notes say/.test(document.querySelector('#status').textContent) || /completed/.test(document.querySelector('#status').textContent), null, { timeout: 30000 });
  const answer = await page.textContent('.msg.assistant:last-of-type');
  const tool = await page.textContent('.tool-row');
  const calls = await page.textContent('#metrics [data-k="modelCalls"]');
  const session = await page.evaluate(() => localStorage.getItem('tern.session'));
  if (process.env.TERN_SCREENSHOT) await page.screenshot({ path: process.env.TERN_SCREENSHOT });
  out('TURN', { answer, tool, calls, session });

  await page.reload();
  await page.waitForSelector('.session-item[data-id="' + session + '"]', { timeout: 30000 });
  await page.waitForSelector('.msg.assistant:has-text("notes say")', { timeout: 30000 });
  out('RELOAD', { sessions: await page.$$eval('.session-item', (els) => els.map((e) => e.dataset.id)),
    messages: await page.$$eval('.msg', (els) => els.map((e) => e.className + ': ' + e.textContent.slice(0, 40))) });
  out('ERRORS', errors);
} finally {
  await browser.close();
}

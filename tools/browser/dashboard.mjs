// Drives the dashboard in the system Chromium, as a person would, for
// internal/dashboard's browser test. Settings come from the environment
// (BASE_URL, EMAIL, PASSWORD, VIEWER_KEY, FILE, OUT, CHROMIUM, S3_ENDPOINT,
// S3_BUCKET). Each step
// throws on failure; the script prints one JSON line of results and
// exits 0 only when every step passed. Every page is screenshotted into
// OUT and checked with axe-core (serious or critical violations fail).
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const env = (k) => { const v = process.env[k]; if (!v) throw new Error(`${k} is not set`); return v; };
const BASE = env('BASE_URL');
const OUT = env('OUT');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const results = { steps: [], axe: {} };
const started = Date.now();
const step = (name, extra = {}) => { results.steps.push(name); Object.assign(results, extra); console.error(`ok: ${name} at ${Date.now() - started} ms`); };

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
let failed = null;
const errors = [];
let page;
try {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page = await ctx.newPage();
  page.setDefaultTimeout(30000);
  // Console errors (a 401 before sign-in, the refusals this script
  // provokes) are kept for the report; only uncaught exceptions fail.
  const consoleErrors = [];
  results.console_errors = consoleErrors;
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));

  // audit screenshots the page and runs axe-core on it.
  const audit = async (name) => {
    await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
    // evaluate, not a script tag: the dashboard's CSP rightly refuses inline scripts.
    await page.evaluate(axeSource);
    const r = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    results.axe[name] = bad.map((v) => `${v.id}: ${v.nodes.length} node(s) ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`);
    if (bad.length) throw new Error(`axe on ${name}: ${results.axe[name].join('; ')}`);
  };

  // 1. Sign in with e-mail and password.
  await page.goto(BASE + '/');
  await page.waitForSelector('#signin-password');
  await audit('signin');
  await page.fill('#email', env('EMAIL'));
  await page.fill('#password', env('PASSWORD'));
  await page.click('#signin-password button[type=submit]');
  await page.waitForSelector('#jobs-body', { state: 'attached' });
  const cookies = await ctx.cookies();
  const session = cookies.find((c) => c.name === 'quarry_session');
  if (!session || !session.httpOnly || session.sameSite !== 'Strict') throw new Error(`session cookie is ${JSON.stringify(session)}`);
  if (await page.evaluate(() => document.cookie.includes('quarry_session'))) throw new Error('the page can read the session cookie');
  // A state change without the CSRF token is refused.
  const csrfless = await page.evaluate(async () => (await fetch('/v1/api-keys', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"label":"x"}' })).status);
  if (csrfless !== 403) throw new Error(`POST without CSRF token answered ${csrfless}, want 403`);
  step('signin');
  await audit('jobs');

  // 2. Upload a real receipt; see it complete live on the jobs page.
  await page.click('a[href="#/upload"]');
  await page.waitForSelector('#drop');
  await audit('upload');
  await page.setInputFiles('#pick-files', env('FILE'));
  const item = page.locator('#uploads li').first();
  await item.locator('a').waitFor();
  const result = await item.getAttribute('data-result');
  const jobId = await item.getAttribute('data-job');
  if (result !== 'queued' || !jobId) throw new Error(`upload result ${result} ${jobId}`);
  // The same file again is a duplicate, shown as such.
  await page.setInputFiles('#pick-files', env('FILE'));
  await page.locator('#uploads li[data-result="duplicate"]').waitFor();
  step('upload', { job_id: jobId });
  await page.click('a[href="#/jobs"]');
  const row = page.locator(`tr[data-job="${jobId}"]`);
  await row.locator('.badge.completed').waitFor({ timeout: 60000 });
  step('live');

  // 3. Open it; hover a field with a box; the drawn box must sit on the
  // field's bbox of the rendered page.
  await row.locator('a').click();
  await page.waitForSelector('#fields tbody tr');
  // Polled with evaluate: waitForFunction evaluates strings, which the
  // page's CSP (no unsafe-eval) refuses.
  for (let i = 0; ; i++) {
    if (await page.evaluate(() => { const im = document.querySelector('#page-img'); return !!im && im.complete && im.naturalWidth > 0; })) break;
    if (i > 300) throw new Error('the page image never loaded');
    await page.waitForTimeout(100);
  }
  const ext = 'ext_' + jobId.replace(/^job_/, '');
  const fieldWithBox = await page.evaluate(async (ext) => {
    const r = (await (await fetch(`/api/v1/extractions/${ext}/result`)).json()).result;
    for (const g of r.documents?.[0]?.field_groups || []) for (const f of g.fields) if (f.bbox && !Array.isArray(f.value) && (f.pages || []).includes(1)) return { path: `${g.name}.${f.name}`, bbox: f.bbox };
    return null;
  }, ext);
  if (!fieldWithBox) throw new Error('no field of the receipt has a box on page 1');
  const frow = page.locator(`#fields tr[data-field="${fieldWithBox.path}"]`);
  await frow.hover();
  const geo = await page.evaluate(() => {
    const img = document.querySelector('#page-img').getBoundingClientRect();
    const box = document.querySelector('.box.active')?.getBoundingClientRect();
    return { img: { x: img.x, y: img.y, w: img.width, h: img.height }, box: box && { x: box.x, y: box.y, w: box.width, h: box.height } };
  });
  if (!geo.box) throw new Error('hovering the field highlighted no box');
  const want = { x: geo.img.x + fieldWithBox.bbox.xmin * geo.img.w, y: geo.img.y + fieldWithBox.bbox.ymin * geo.img.h,
    w: (fieldWithBox.bbox.xmax - fieldWithBox.bbox.xmin) * geo.img.w, h: (fieldWithBox.bbox.ymax - fieldWithBox.bbox.ymin) * geo.img.h };
  const off = Math.max(Math.abs(want.x - geo.box.x), Math.abs(want.y - geo.box.y), Math.abs(want.w - geo.box.w), Math.abs(want.h - geo.box.h));
  if (off > 2) throw new Error(`box is ${off.toFixed(1)} px off: want ${JSON.stringify(want)}, got ${JSON.stringify(geo.box)}`);
  step('bbox', { bbox_field: fieldWithBox.path, bbox_offset_px: Number(off.toFixed(2)) });
  await audit('execution');
  // A tablet's width: one column, nothing wider than the screen.
  await page.setViewportSize({ width: 820, height: 1180 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 1) throw new Error(`at tablet width the document page is ${overflow} px wider than the screen`);
  await audit('execution-tablet');
  await page.setViewportSize({ width: 1280, height: 900 });

  // 4. Correct the value.
  const fix = frow.locator('input');
  await fix.fill('corrected by the browser test');
  await frow.locator('button').click();
  await frow.locator('.corr', { hasText: 'corrected by the browser test' }).waitFor();
  step('correct', { corrected_field: fieldWithBox.path });

  // 5. Build a dataset and download its Parquet export.
  await page.click('a[href="#/datasets"]');
  await page.waitForSelector('#ds-form');
  await page.fill('#ds-name', 'browser-test');
  await page.click('#ds-form button[type=submit]');
  await page.waitForSelector('#export-parquet', { timeout: 60000 });
  const datasetHash = await page.evaluate(() => location.hash);
  await page.waitForSelector('figure svg');
  await audit('dataset');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-parquet')]);
  const parquet = path.join(OUT, 'export.parquet');
  await dl.saveAs(parquet);
  const head = readFileSync(parquet).subarray(0, 4).toString();
  if (head !== 'PAR1') throw new Error(`the Parquet download starts with ${JSON.stringify(head)}`);
  step('dataset', { parquet });
  await page.click('a[href="#/datasets"]');
  await page.waitForSelector('#ds-body tr');
  await audit('datasets');

  // 6. Create a key (shown once) and revoke it.
  page.on('dialog', (d) => d.accept());
  await page.click('a[href="#/settings"]');
  await page.waitForSelector('#key-form');
  await page.fill('#key-label', 'browser-key');
  await page.click('#key-form button[type=submit]');
  const secret = (await page.locator('#key-secret').textContent()).trim();
  if (!secret.startsWith('dfx_')) throw new Error(`the new key reads ${secret}`);
  const keyRow = page.locator('#keys-body tr', { hasText: 'browser-key' });
  await keyRow.waitFor();
  const keyId = await keyRow.getAttribute('data-key');
  await audit('settings');
  await keyRow.locator('button').click();
  await page.locator(`#keys-body tr[data-key="${keyId}"][data-active="false"] .badge`).waitFor();
  step('keys', { revoked_key: keyId });

  // 7. Invite a teammate; they accept by signing up with the token (from
  // Node: another person, no cookie); the owner then makes them a member.
  const mate = 'mate@example.com';
  await page.fill('#invite-email', mate);
  await page.selectOption('#invite-role', 'viewer');
  await page.click('#invite-form button[type=submit]');
  const token = (await page.locator('#invite-token').textContent()).trim();
  const joined = await fetch(BASE + '/v1/auth/signup', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: mate, password: 'another horse battery staple', invite_token: token }) });
  if (joined.status !== 201) throw new Error(`the invitee's sign-up answered ${joined.status}: ${await joined.text()}`);
  await page.click('#team-refresh');
  const mateRow = page.locator(`#team-body tr[data-email="${mate}"][data-role="viewer"]`);
  await mateRow.waitFor();
  await mateRow.locator('select').selectOption('member');
  await mateRow.getByRole('button', { name: /Change the role/ }).click();
  await page.locator(`#team-body tr[data-email="${mate}"][data-role="member"]`).waitFor();
  step('team', { teammate: mate });

  // 8. Register a webhook and delete it again.
  const hookURL = BASE + '/browser-test-hook';
  await page.fill('#hook-url', hookURL);
  await page.check('#hook-form input[value="job.failed"]');
  await page.click('#hook-form button[type=submit]');
  const hook = page.locator(`#hooks [data-url="${hookURL}"]`);
  await hook.waitFor();
  const hookId = await hook.getAttribute('data-hook');
  await hook.getByRole('button', { name: /Delete the webhook/ }).click();
  await hook.waitFor({ state: 'detached' });
  step('webhooks', { deleted_hook: hookId });

  // 9. An S3 connector on the test's fake bucket: add, test, and a
  // schedule run once by hand.
  await page.fill('#conn-name', 'fake-s3');
  await page.selectOption('#conn-type', 's3');
  await page.fill('#conn-bucket', env('S3_BUCKET'));
  await page.fill('#conn-region', 'us-east-1');
  await page.fill('#conn-aws_access_key_id', 'test');
  await page.fill('#conn-aws_secret_access_key', 'test-secret');
  await page.fill('#conn-endpoint', env('S3_ENDPOINT'));
  await page.check('#conn-path_style');
  await page.click('#conn-form button[type=submit]');
  const connRow = page.locator('#conn-body tr[data-name="fake-s3"]');
  await connRow.waitFor();
  const connId = await connRow.getAttribute('data-connector');
  await connRow.getByRole('button', { name: 'Test fake-s3' }).click();
  await page.locator(`#conn-test-${connId}[data-success]`).waitFor();
  const tested = await page.locator(`#conn-test-${connId}`).getAttribute('data-success');
  if (tested !== 'true') throw new Error(`the connector test says ${await page.locator(`#conn-test-${connId}`).textContent()}`);
  const sched = page.locator(`details[data-connector="${connId}"]`);
  await sched.locator('summary').click();
  await sched.locator('form input[id^="sched-prefix"]').fill('incoming/');
  await sched.locator('form button[type=submit]').click();
  await sched.getByRole('button', { name: /Run the schedule/ }).click();
  await sched.locator('tr[data-log]').first().waitFor();
  step('connector', { connector: connId });
  await audit('settings-manage');

  // 10. Export the dataset into the connector's bucket.
  await page.evaluate((h) => { location.hash = h; }, datasetHash);
  await page.waitForSelector('#push-form');
  await page.selectOption('#push-connector', connId);
  await page.selectOption('#push-format', 'jsonl');
  await page.fill('#push-prefix', 'exports/');
  await page.click('#push-form button[type=submit]');
  const pushed = (await page.locator('#push-key').textContent()).trim();
  if (!pushed.startsWith('exports/')) throw new Error(`the export went to ${pushed}`);
  await audit('dataset-push');
  step('push', { pushed_key: pushed });

  // 10b. The schema editor: checked as you type, saved by name (kept
  // across a reload), loaded back, and tried on the receipt.
  await page.click('a[href="#/schema"]');
  await page.waitForSelector('#schema-verdict p.ok');
  await page.fill('#schema-text', '{"document_types": [');
  await page.waitForSelector('#schema-verdict p.err');
  await page.fill('#schema-text', JSON.stringify({ document_types: [{ id: 'receipt', description: 'A shop receipt', field_groups: [{ name: 'receipt', fields: [{ name: 'company', type: 'string' }, { name: 'total', type: 'number' }] }] }] }));
  await page.waitForSelector('#schema-verdict p.ok');
  await page.fill('#schema-name', 'receipts');
  await page.click('#schema-save');
  await page.reload();
  await page.waitForSelector('#schema-saved option[value="receipts"]', { state: 'attached' });
  await page.fill('#schema-text', '{}');
  await page.selectOption('#schema-saved', 'receipts');
  await page.click('#schema-load');
  if (!(await page.inputValue('#schema-text')).includes('"total"')) throw new Error('the saved schema did not load back');
  await page.setInputFiles('#schema-file', env('FILE'));
  await page.click('#schema-run');
  await page.waitForSelector('#schema-result table', { timeout: 120000 });
  const tried = await page.$$eval('#schema-result tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  const total = tried.find((r) => r[0] === 'total');
  if (!total || !(Number(total[1]) > 0)) throw new Error(`trying the schema gave ${JSON.stringify(tried)}`);
  await audit('schema');
  step('schema', { schema_tried: tried });

  // 11. A viewer (signed in with a viewer key) sees no upload control and
  // the API refuses an upload made anyway.
  await page.click('#signout');
  await page.waitForSelector('#signin-key', { state: 'attached' });
  await page.click('[role=tab]:has-text("API key")');
  await page.fill('#apikey', env('VIEWER_KEY'));
  await page.click('#signin-key button[type=submit]');
  await page.waitForSelector('#jobs-body', { state: 'attached' });
  if (await page.locator('#nav a[href="#/upload"]').isVisible()) throw new Error('a viewer sees the upload link');
  const viewerUpload = await page.evaluate(async () => {
    const s = await (await fetch('/dashboard/session')).json();
    const fd = new FormData();
    fd.append('files', new Blob(['hello'], { type: 'text/plain' }), 'x.txt');
    const r = await fetch('/v1/data-process/async', { method: 'POST', body: fd, headers: { 'X-CSRF-Token': s.data.csrf_token } });
    return { status: r.status, body: await r.json() };
  });
  if (viewerUpload.status !== 403) throw new Error(`a viewer's upload answered ${viewerUpload.status}`);
  await audit('viewer-jobs');
  step('viewer');
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
} catch (e) {
  failed = e;
  results.error = String(e.stack || e);
  results.page_errors = errors;
  await page?.screenshot({ path: path.join(OUT, 'failure.png'), fullPage: true }).catch(() => {});
} finally {
  await browser.close();
}
writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(results, null, 2));
console.log(JSON.stringify(results));
process.exit(failed ? 1 : 0);

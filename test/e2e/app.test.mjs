// Browser flows in headless Chromium (Debian package) driven by playwright-core against `wrangler dev`.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';

const BASE = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8787';
const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
const PASSWORD = 'e2e-password-123';
const run = Date.now().toString(36);
mkdirSync(SHOTS, { recursive: true });

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
});
after(async () => browser?.close());

async function newPage(viewport = { width: 1280, height: 860 }) {
  const context = await browser.newContext({ viewport, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

const shot = (page, name) => page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });

async function register(page, company, email) {
  await page.goto(`${BASE}/register`);
  await page.getByLabel('Company name').fill(company);
  await page.getByLabel('Your name').fill(`${company} Owner`);
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create company' }).click();
  await page.waitForURL(`${BASE}/dashboard`);
}

async function postJob(page, title, types) {
  await page.goto(`${BASE}/manage/jobs`);
  await page.getByRole('button', { name: 'New job' }).click();
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Description').fill(`${title}: a role created by the browser suite.`);
  for (const t of ['Public', 'Internal', 'Partners']) {
    const box = page.getByRole('checkbox', { name: new RegExp(`^${t}`) });
    if ((await box.isChecked()) !== types.includes(t)) await box.click();
  }
  await page.getByLabel('Required skills').fill('hvac');
  await page.getByRole('button', { name: 'Publish job' }).click();
  await page.waitForURL(/\/manage\/jobs\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop();
}

describe('Completo in a browser', () => {
  const alpha = { name: `Alpha ${run}`, email: `alpha-${run}@example.com` };
  const beta = { name: `Beta ${run}`, email: `beta-${run}@example.com` };
  let a;
  let b;
  const jobTitle = `Browser technician ${run}`;

  test('register → create job → second company applies → first reviews → notifications arrive live', async () => {
    a = await newPage();
    b = await newPage();
    await register(a, alpha.name, alpha.email);
    await shot(a, 'dashboard');
    const jobId = await postJob(a, jobTitle, ['Public']);
    await register(b, beta.name, beta.email);
    await b.goto(`${BASE}/jobs?search=${encodeURIComponent(jobTitle)}`);
    await b.getByRole('link', { name: jobTitle }).click();
    await b.getByLabel('Cover letter (optional)').fill('I know HVAC inside out.');
    await b.getByRole('button', { name: 'Send application' }).click();
    await b.getByTestId('applied').waitFor();

    // Alpha never reloads: the application and the bell update through the company hub.
    await a.getByTestId('application').first().waitFor();
    await a.getByTestId('bell-count').filter({ hasText: '1' }).waitFor();
    assert.equal(a.url(), `${BASE}/manage/jobs/${jobId}`);
    await shot(a, 'manage-job');
    await a.getByRole('button', { name: 'Accept' }).click();
    await a.getByText('0 of 1 vacancies left').or(a.getByText('1 accepted')).first().waitFor();

    await b.getByTestId('bell-count').filter({ hasText: '1' }).waitFor();
    await b.getByTestId('bell').click();
    await b.getByRole('link', { name: `Your application to ${jobTitle} was accepted` }).waitFor();
    await shot(b, 'notification');
  });

  test('anonymous visitors see only public jobs', async () => {
    const page = await newPage();
    await page.goto(`${BASE}/jobs`);
    await page.getByTestId('job-card').first().waitFor();
    const titles = await page.getByTestId('job-card').locator('h2').allTextContents();
    assert.ok(titles.includes('HVAC service technician'), 'a public demo job is listed');
    assert.ok(!titles.includes('Facilities coordinator'), 'an internal demo job is not listed');
    assert.ok(!titles.includes('Electrician for partner projects'), 'a partners-only demo job is not listed');
    await page.goto(`${BASE}/jobs?search=tecnico%20manutencao`);
    await page.getByRole('link', { name: 'Técnico de manutenção industrial' }).waitFor();
    await shot(page, 'board-anonymous');
    const mobile = await newPage({ width: 375, height: 740 });
    await mobile.goto(`${BASE}/jobs`);
    await mobile.getByTestId('job-card').first().waitFor();
    const overflow = await mobile.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scroll at 375 px (overflow ${overflow}px)`);
    await shot(mobile, 'board-mobile');
  });

  test('a partner sees a partners-only job once the invite is accepted', async () => {
    const partnersJob = `Partners-only welder ${run}`;
    await postJob(a, partnersJob, ['Partners']);
    await b.goto(`${BASE}/jobs?search=${encodeURIComponent(partnersJob)}`);
    await b.getByText('No jobs match').waitFor();
    await a.goto(`${BASE}/partnerships`);
    await a.getByLabel('Company name').fill(beta.name);
    await a.getByRole('button', { name: 'Search' }).click();
    await a.getByRole('button', { name: 'Invite' }).click();
    await a.getByText('You invited them').waitFor();
    await b.goto(`${BASE}/dashboard`);
    await b.getByRole('region', { name: 'Partnership invites' }).getByRole('button', { name: 'Accept' }).click();
    await b.getByText('Partnership active').waitFor();
    await b.goto(`${BASE}/jobs?search=${encodeURIComponent(partnersJob)}`);
    await b.getByRole('link', { name: partnersJob }).waitFor();
    await shot(b, 'board-partner');
  });

  test('a webhook endpoint is created, its secret shown once, and a test event is delivered', async () => {
    const received = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.end('ok');
      });
    });
    await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${receiver.address().port}/hook`;
    try {
      await a.goto(`${BASE}/webhooks`);
      await a.getByLabel('Endpoint URL').fill(url);
      await a.getByLabel('Description').fill('Browser suite receiver');
      await a.getByRole('button', { name: 'Add endpoint' }).click();
      const secret = (await a.getByTestId('secret-value').textContent()).trim();
      assert.match(secret, /^whsec_/);
      await shot(a, 'webhook-secret');
      await a.getByRole('button', { name: 'I have stored it' }).click();
      await a.reload();
      await a.getByTestId('endpoint').first().waitFor();
      assert.equal(await a.getByText(secret).count(), 0, 'the secret is not shown again');
      await a.getByRole('button', { name: 'Send test' }).click();
      for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(received.length, 1);
      assert.equal(JSON.parse(received[0].body).type, 'webhooks.test');
      assert.ok(received[0].headers['webhook-signature'].startsWith('v1,'));
      await a.getByTestId('delivery').first().waitFor();
      await shot(a, 'webhook-deliveries');
    } finally {
      receiver.close();
    }
  });

  test('the API reference at /api/v1/docs renders every module from this origin', async () => {
    const page = await newPage();
    const failed = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${BASE}/api/v1/docs`);
    await page.getByText('Completo API', { exact: false }).first().waitFor();
    for (const tag of ['auth', 'jobs', 'webhooks', 'partnerships']) await page.locator(`#operations-tag-${tag}`).waitFor();
    // Try it out (enabled by default): the public job list answers through the reference page itself.
    await page.locator('#operations-jobs-getApiV1Jobs').click();
    await page.getByRole('button', { name: 'Execute' }).click();
    await page.locator('.live-responses-table .response-col_status').filter({ hasText: '200' }).first().waitFor();
    await shot(page, 'api-docs');
    assert.deepEqual(failed, []);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});

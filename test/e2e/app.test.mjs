// Browser flows in headless Chromium (Debian package) driven by playwright-core against `wrangler dev`.
// Selectors are roles, names and test ids, not English text, so each flow can run in either language.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, afterEach, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';

const BASE = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8787';
const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
const PASSWORD = 'e2e-password-123';
const DEMO_PASSWORD = 'completo-demo-2026';
const run = Date.now().toString(36);
mkdirSync(SHOTS, { recursive: true });

// ---------------------------------------------------------------------------------------------------------------
// The message catalogues, read from the sources (Node strips the types), to look for keys and untranslated text.

const I18N = new URL('../../client/src/i18n/', import.meta.url);
const isPlural = (v) => typeof v === 'object' && v !== null && typeof v.other === 'string';
function flatten(obj, prefix, out) {
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'string' || isPlural(v)) out.set(prefix + k, v);
    else flatten(v, `${prefix}${k}.`, out);
  }
  return out;
}
async function catalogue(lang) {
  const out = new Map();
  for (const file of readdirSync(new URL(`${lang}/`, I18N)).filter((f) => f.endsWith('.ts') && f !== 'index.ts')) {
    const mod = await import(new URL(`${lang}/${file}`, I18N).href);
    flatten(mod.default, `${file.slice(0, -3)}.`, out);
  }
  return out;
}
const texts = (v) => (isPlural(v) ? Object.values(v) : [v]);
const EN = await catalogue('en');
const PT = await catalogue('pt-BR');
const KEYS = [...EN.keys()];
/** English texts that pt-BR words differently (without placeholders): one on a pt-BR screen is a string that escaped translation. */
const ptWords = new Set([...PT.values()].flatMap(texts));
const ENGLISH_ONLY = new Set([...EN.values()].flatMap(texts).filter((s) => !s.includes('{') && !ptWords.has(s)));

// ---------------------------------------------------------------------------------------------------------------

let browser;
const cspViolations = [];
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
});
after(async () => browser?.close());
afterEach(() => {
  // Any CSP violation, in any page of any test, fails the test that caused it.
  const found = cspViolations.splice(0);
  assert.deepEqual(found, [], 'no Content-Security-Policy violation in the console');
});

const LOCALES = { en: 'en-US', pt: 'pt-BR' };

/** A new browser context (its own cookies and storage) with one page; every console message about CSP is recorded. */
async function newPage({ width = 1280, height = 860, lang = 'en', colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: LOCALES[lang], colorScheme, permissions: ['clipboard-read', 'clipboard-write'] });
  // Belt and braces: the browser reports violations in the console; this also logs the DOM event.
  await context.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)),
  );
  const page = await context.newPage();
  watch(page);
  page.setDefaultTimeout(15_000);
  return page;
}
function watch(page) {
  page.on('console', (m) => {
    const text = m.text();
    if (/Content Security Policy|CSP violation/i.test(text)) cspViolations.push(`${page.url()}: ${text}`);
  });
}
async function secondTab(page) {
  const other = await page.context().newPage();
  watch(other);
  other.setDefaultTimeout(15_000);
  return other;
}

const shot = (page, name) => page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });

async function register(page, company, email) {
  await page.goto(`${BASE}/register`);
  await page.locator('input[name=companyName]').fill(company);
  await page.locator('input[name=name]').fill(`${company} Owner`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(PASSWORD);
  await page.getByTestId('register-submit').click();
  await page.waitForURL(`${BASE}/dashboard`);
}

async function login(page, email, password = DEMO_PASSWORD) {
  await page.goto(`${BASE}/login`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(`${BASE}/dashboard`);
}

async function postJob(page, title, types) {
  await page.goto(`${BASE}/manage/jobs`);
  await page.getByTestId('new-job').click();
  await page.locator('input[name=title]').fill(title);
  await page.locator('textarea[name=description]').fill(`${title}: a role created by the browser suite.`);
  for (const t of ['public', 'internal', 'partners']) {
    const box = page.locator(`input[name=types][value=${t}]`);
    if ((await box.isChecked()) !== types.includes(t)) await box.click();
  }
  await page.locator('input[name=requiredSkills]').fill('hvac');
  await page.getByTestId('job-submit').click();
  await page.waitForURL(/\/manage\/jobs\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop();
}

/** Switches the language with the header's switcher; the choice is remembered across a reload. */
async function switchLanguage(page, lang) {
  await page.getByTestId('language').selectOption(lang);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

/** The page's visible text nodes (trimmed) and user-facing attribute values, and the tab title. */
const screenTexts = (page) =>
  page.evaluate(() => {
    const out = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent.trim();
      if (text && n.parentElement?.checkVisibility()) out.push(text);
    }
    for (const el of document.querySelectorAll('[aria-label],[placeholder],[title],[alt]')) {
      for (const a of ['aria-label', 'placeholder', 'title', 'alt']) if (el.hasAttribute(a)) out.push(el.getAttribute(a).trim());
    }
    return out;
  });

/**
 * No message key is shown instead of its text; on a pt-BR screen no text node is an English catalogue text that
 * Portuguese words differently (whole nodes: data such as job titles may well contain English words).
 */
async function assertTranslated(page, lang, where) {
  const found = await screenTexts(page);
  const all = found.join('\n');
  const keys = KEYS.filter((k) => all.includes(k));
  assert.deepEqual(keys, [], `${where}: no untranslated message key on screen`);
  if (lang === 'pt') {
    const english = found.filter((s) => ENGLISH_ONLY.has(s));
    assert.deepEqual(english, [], `${where}: no English text on a pt-BR screen`);
  }
}

async function assertNoSidewaysScroll(page, where) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${where}: no horizontal scroll (overflow ${overflow}px)`);
}

/** WCAG contrast of an element's text against its (possibly translucent) background over the page. */
const contrastOf = (locator) =>
  locator.evaluate((el) => {
    const parse = (c) => {
      // rgb()/rgba(), or color(srgb r g b / a) for color-mix() results
      let m = c.match(/^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/);
      if (m) return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])];
      m = c.match(/^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.e-]+))?\)$/);
      if (m) return [Number(m[1]) * 255, Number(m[2]) * 255, Number(m[3]) * 255, m[4] === undefined ? 1 : Number(m[4])];
      throw new Error(`unparsed colour ${c}`);
    };
    const over = (top, bottom) => top.slice(0, 3).map((v, i) => v * top[3] + bottom[i] * (1 - top[3]));
    let bg = [255, 255, 255];
    const chain = [];
    for (let n = el; n; n = n.parentElement) chain.unshift(n);
    for (const n of chain) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c[3] > 0) bg = over(c, bg);
    }
    const fg = over(parse(getComputedStyle(el).color), bg);
    const lum = (rgb) => {
      const [r, g, b] = rgb.map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  });

/** The API as a demo user (for ids and tokens the browser flows need; the flows themselves go through the screens). */
async function apiAs(email) {
  const res = await fetch(`${BASE}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  assert.equal(res.status, 200, `login ${email}`);
  const token = (await res.json()).data.token;
  return async (path, { method = 'GET', body } = {}) => {
    const r = await fetch(`${BASE}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    assert.equal(r.status, 200, `${method} ${path}`);
    return (await r.json()).data;
  };
}

describe('Completo in a browser', () => {
  const alpha = { name: `Alpha ${run}`, email: `alpha-${run}@example.com` };
  const beta = { name: `Beta ${run}`, email: `beta-${run}@example.com` };
  let a;
  let b;
  const jobTitle = `Browser technician ${run}`;
  /** A company note with a few versions (the notes flow makes it), for the history screen. */
  let noteWithHistory = null;

  test('en: register → create job → second company applies → first reviews → notifications arrive live', async () => {
    a = await newPage({ lang: 'en' });
    b = await newPage({ lang: 'en' });
    await register(a, alpha.name, alpha.email);
    await shot(a, 'flow-dashboard');
    const jobId = await postJob(a, jobTitle, ['public']);
    await register(b, beta.name, beta.email);
    await b.goto(`${BASE}/jobs?search=${encodeURIComponent(jobTitle)}`);
    await b.getByRole('link', { name: jobTitle }).click();
    await b.locator('textarea[name=coverLetter]').fill('I know HVAC inside out.');
    await b.getByTestId('apply-submit').click();
    await b.getByTestId('applied').waitFor();
    // Defect 9: the board's card says the member applied.
    await b.goto(`${BASE}/jobs?search=${encodeURIComponent(jobTitle)}`);
    await b.getByTestId('job-card').filter({ hasText: jobTitle }).getByTestId('job-applied').waitFor();

    // Alpha never reloads: the application and the bell update through the company hub.
    await a.getByTestId('application').first().waitFor();
    await a.getByTestId('bell-count').filter({ hasText: '1' }).waitFor();
    assert.equal(a.url(), `${BASE}/manage/jobs/${jobId}`);
    // Defect 9: the reviewer sees the applicant's company and their skills against the required ones.
    const application = a.getByTestId('application').first();
    await application.getByText(beta.name).first().waitFor();
    await application.getByTestId('skill-match').waitFor();
    await shot(a, 'flow-manage-job');
    await application.getByTestId('accept').click();
    await application.getByTestId('application-status').waitFor();
    assert.match(await a.getByTestId('vacancies-left').innerText(), /1 accepted · no vacancy left of 1/);

    await b.getByTestId('bell-count').filter({ hasText: '1' }).waitFor();
    await b.getByTestId('bell').click();
    await b.getByRole('link', { name: `Your application to ${jobTitle} was accepted` }).waitFor();
    await shot(b, 'flow-notification');
  });

  test('services: A posts a request, B proposes with the fee shown live, A sees the proposal arrive live and accepts; both see the engagement', async () => {
    const client = { name: `Gamma ${run}`, email: `gamma-${run}@example.com` };
    const provider = { name: `Delta ${run}`, email: `delta-${run}@example.com` };
    const pa = await newPage({ lang: 'en' });
    const pb = await newPage({ lang: 'en' });
    await register(pa, client.name, client.email);
    await register(pb, provider.name, provider.email);
    const title = `Chiller maintenance ${run}`;

    // A (a fresh company) publishes a public request with a budget typed as money.
    await pa.goto(`${BASE}/services`);
    await pa.getByTestId('new-service').click();
    const form = pa.locator('form', { has: pa.getByTestId('service-submit') });
    await form.locator('input[name=title]').fill(title);
    await form.locator('textarea[name=description]').fill('Quarterly maintenance of two water chillers, parts included.');
    await form.locator('input[name=category]').fill('HVAC');
    await form.locator('input[name=budgetMin]').fill('5,000');
    await form.locator('input[name=budgetMax]').fill('12000.50');
    assert.ok(await form.locator('input[name=types][value=public]').isChecked(), 'public by default');
    await pa.getByTestId('service-submit').click();
    await pa.waitForURL(/\/services\/[0-9a-f-]{36}$/);
    const serviceUrl = pa.url();
    assert.match(await pa.getByTestId('service-budget').innerText(), /5,000\.00 – .*12,000\.50/);
    await pa.getByRole('heading', { name: 'Proposals side by side' }).waitFor();
    assert.equal(await pa.getByTestId('proposal-row').count(), 0);

    // B finds it in the marketplace and types a price: the fee and the net follow while typing.
    await pb.goto(`${BASE}/services?search=${encodeURIComponent(title)}`);
    await pb.getByTestId('service-card').filter({ hasText: title }).getByRole('link', { name: title }).click();
    await pb.waitForURL(serviceUrl);
    const preview = pb.getByTestId('fee-preview');
    const price = pb.getByTestId('proposal-price');
    await price.pressSequentially('1000');
    await preview.getByTestId('fee-net').waitFor();
    const percent = Number((await preview.getByTestId('fee-percent').innerText()).replace(/[^\d.]/g, ''));
    const money = (amount) => amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const expectFee = async (major) => {
      const fee = Math.round(major * 100 * percent / 100) / 100;
      await preview.getByTestId('fee-net').filter({ hasText: money(major - fee) }).waitFor();
      assert.ok((await preview.getByTestId('fee-amount').innerText()).includes(money(fee)), `fee on ${major}`);
    };
    await expectFee(1000);
    await price.pressSequentially('0');
    await expectFee(10000);
    await price.press('Backspace');
    await price.press('Backspace');
    await price.pressSequentially('250');
    await expectFee(100250);
    await shot(pb, 'flow-service-propose');
    await pb.locator('input[name=timelineDays]').fill('12');
    await pb.locator('textarea[name=message]').fill('Two visits a quarter; chiller parts from our own stock.');
    await pb.getByTestId('proposal-submit').click();
    await pb.getByTestId('own-proposal-status').filter({ hasText: 'Submitted' }).waitFor();

    // A never reloads: the proposal arrives in the comparison through the company hub.
    const row = pa.getByTestId('proposal-row').filter({ hasText: provider.name });
    await row.waitFor();
    assert.equal(pa.url(), serviceUrl);
    assert.ok((await row.getByTestId('proposal-price').innerText()).includes(money(100250)));
    await pa.getByTestId('service-proposal-count').filter({ hasText: '1 proposal' }).waitFor();
    await shot(pa, 'flow-service-compare');
    pa.once('dialog', (d) => d.accept());
    await row.getByTestId('accept-proposal').click();
    await row.getByTestId('proposal-status').filter({ hasText: 'Accepted' }).waitFor();
    const engagement = pa.getByTestId('service-engagement');
    await engagement.waitFor();
    assert.equal((await engagement.getByTestId('engagement-provider').innerText()).trim(), provider.name);
    await pa.getByText('Awarded', { exact: true }).first().waitFor();
    // B hears it live too: its proposal on the page it still shows is accepted.
    await pb.getByTestId('own-proposal-status').filter({ hasText: 'Accepted' }).waitFor();

    // Both see the engagement: A as client, B as provider.
    await pa.goto(`${BASE}/engagements`);
    const asClient = pa.getByTestId('engagement').filter({ hasText: title });
    await asClient.waitFor();
    assert.equal((await asClient.getByTestId('engagement-provider').innerText()).trim(), provider.name);
    assert.equal((await asClient.getByTestId('engagement-status').innerText()).trim(), 'Active');
    await pb.goto(`${BASE}/engagements?role=provider`);
    const asProvider = pb.getByTestId('engagement').filter({ hasText: title });
    await asProvider.waitFor();
    assert.equal((await asProvider.getByTestId('engagement-client').innerText()).trim(), client.name);
    await shot(pb, 'flow-service-engagement-provider');
    await pb.goto(`${BASE}/proposals`);
    await pb.getByTestId('my-proposal').filter({ hasText: title }).getByTestId('my-proposal-status').filter({ hasText: 'Accepted' }).waitFor();
    await pa.context().close();
    await pb.context().close();
  });

  test('anonymous visitors see only public jobs; a pt-BR browser gets Portuguese on its first visit', async () => {
    const page = await newPage({ lang: 'en' });
    await page.goto(`${BASE}/jobs`);
    await page.getByTestId('job-card').first().waitFor();
    const titles = await page.getByTestId('job-card').locator('h2').allTextContents();
    assert.ok(titles.includes('HVAC service technician'), 'a public demo job is listed');
    assert.ok(!titles.includes('Facilities coordinator'), 'an internal demo job is not listed');
    assert.ok(!titles.includes('Electrician for partner projects'), 'a partners-only demo job is not listed');
    // Plurals (defect 6): "1 vacancy", never "1 vacancies".
    assert.ok(!(await page.locator('body').innerText()).includes(' 1 vacancies'));
    await page.goto(`${BASE}/jobs?search=tecnico%20manutencao`);
    await page.getByRole('link', { name: 'Técnico de manutenção industrial' }).waitFor();
    await shot(page, 'board-anonymous');
    await page.context().close();

    const pt = await newPage({ lang: 'pt' });
    await pt.goto(`${BASE}/jobs`);
    await pt.getByTestId('job-card').first().waitFor();
    assert.equal(await pt.evaluate(() => document.documentElement.lang), 'pt-BR');
    assert.equal(await pt.getByRole('heading', { level: 1 }).innerText(), 'Vagas abertas');
    assert.equal(await pt.title(), 'Vagas abertas · Completo');
    await assertTranslated(pt, 'pt', 'board (pt-BR, first visit)');
    await pt.context().close();
  });

  test('pt-BR (switched in the header): a partner sees a partners-only job once the invite is accepted', async () => {
    for (const page of [a, b]) {
      await page.goto(`${BASE}/dashboard`);
      await switchLanguage(page, 'pt-BR');
    }
    await b.reload();
    // (the catalogue loads after the load event: give the remembered language its moment before checking)
    await b.waitForFunction(() => document.documentElement.lang === 'pt-BR', null, { timeout: 5_000 }).catch(() => undefined);
    assert.equal(await b.evaluate(() => document.documentElement.lang), 'pt-BR', 'the choice is remembered');
    const partnersJob = `Partners-only welder ${run}`;
    await postJob(a, partnersJob, ['partners']);
    await b.goto(`${BASE}/jobs?search=${encodeURIComponent(partnersJob)}`);
    await b.getByText('Nenhuma vaga encontrada').waitFor();
    await a.goto(`${BASE}/partnerships`);
    await a.locator('input[name=company]').fill(beta.name);
    await a.getByTestId('directory-search').click();
    const entry = a.getByTestId('directory-entry').filter({ hasText: beta.name });
    await entry.getByTestId('invite').click();
    // Defect 7: the directory now says the invite is out, and offers no second invite.
    await entry.getByTestId('directory-status').filter({ hasText: 'Convite enviado' }).waitFor();
    assert.equal(await entry.getByTestId('invite').count(), 0);
    await a.getByTestId('partnership').filter({ hasText: beta.name }).waitFor();
    await assertTranslated(a, 'pt', 'partners (pt-BR)');
    await shot(a, 'flow-partners-pt');
    await b.goto(`${BASE}/dashboard`);
    await b.getByTestId('invites').getByTestId('invite-accept').click();
    await b.getByTestId('toast').filter({ hasText: 'Parceria ativa' }).waitFor();
    await b.goto(`${BASE}/jobs?search=${encodeURIComponent(partnersJob)}`);
    await b.getByRole('link', { name: partnersJob }).waitFor();
    await assertTranslated(b, 'pt', 'board (pt-BR, partner)');
    await shot(b, 'flow-board-partner-pt');
    // Defect 7: Alpha hears that Beta accepted, in Portuguese, and nothing about its own invite.
    await a.getByTestId('bell-count').waitFor();
    await a.getByTestId('bell').click();
    await a.getByRole('link', { name: `${alpha.name} e ${beta.name} agora são parceiras` }).waitFor();
    assert.equal(await a.getByTestId('notifications-panel').getByText('convidou').count(), 0, 'no notification about its own invite');
    await a.keyboard.press('Escape');
  });

  test('a webhook endpoint is created, its secret shown once, a test event is delivered, a failed one explained', async () => {
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
    // A port nobody listens on: the delivery fails on the network.
    const closed = createServer();
    await new Promise((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = closed.address().port;
    await new Promise((r) => closed.close(r));
    const url = `http://127.0.0.1:${receiver.address().port}/hook`;
    try {
      await a.goto(`${BASE}/webhooks`);
      await a.locator('input[name=url]').fill(url);
      await a.locator('input[name=description]').fill('Browser suite receiver');
      await a.getByTestId('add-endpoint').click();
      const secret = (await a.getByTestId('secret-value').textContent()).trim();
      assert.match(secret, /^whsec_/);
      await shot(a, 'flow-webhook-secret-pt');
      await a.getByTestId('secret-stored').click();
      await a.reload();
      await a.getByTestId('endpoint').first().waitFor();
      assert.equal(await a.getByText(secret).count(), 0, 'the secret is not shown again');
      await a.getByTestId('endpoint').filter({ hasText: url }).getByTestId('send-test').click();
      for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(received.length, 1);
      assert.equal(JSON.parse(received[0].body).type, 'webhooks.test');
      assert.ok(received[0].headers['webhook-signature'].startsWith('v1,'));
      await a.getByTestId('endpoint').filter({ hasText: url }).getByTestId('delivery').first().waitFor();

      // Defect 10: a delivery that failed on the network says so in words, with the next retry.
      const down = `http://127.0.0.1:${closedPort}/hook`;
      await a.locator('input[name=url]').fill(down);
      await a.getByTestId('add-endpoint').click();
      await a.getByTestId('secret-stored').click();
      const card = a.getByTestId('endpoint').filter({ hasText: down });
      await card.getByTestId('send-test').click();
      // (each attempt is logged before it leaves, so the newest row may still be in flight: pick a finished one)
      const explanation = card.getByTestId('delivery-explanation').filter({ hasText: 'Não foi possível conectar ao receptor' }).first();
      await explanation.waitFor({ timeout: 20_000 });
      await explanation.getByText('Próxima tentativa', { exact: false }).waitFor();
      assert.ok(!(await explanation.innerText()).includes('internal error; reference'));
      await assertTranslated(a, 'pt', 'webhooks (pt-BR)');
      await shot(a, 'flow-webhook-deliveries-pt');
    } finally {
      receiver.close();
    }
  });

  test('the session: access token in memory, refresh token in an HttpOnly cookie; reload, logout in every tab', async () => {
    const page = await newPage({ lang: 'en' });
    // An earlier version's stored tokens are deleted on load.
    await page.goto(`${BASE}/jobs`);
    await page.evaluate(() => localStorage.setItem('completo.tokens', JSON.stringify({ token: 'old', refreshToken: 'old' })));
    await login(page, 'owner@globex.test');
    const cookie = (await page.context().cookies()).find((c) => c.name === 'completo_rt');
    assert.ok(cookie, 'the refresh cookie is set');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    assert.equal(cookie.path, '/api/v1/auth');
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    assert.ok(!stored.includes('completo.tokens'), 'legacy token key removed');
    assert.ok(!stored.includes(cookie.value), 'the refresh token is not in web storage');
    assert.ok(!/eyJ[\w-]+\.[\w-]+\.[\w-]+/.test(stored), 'no JWT in web storage');

    // A reload restores the session through the cookie.
    await page.goto(`${BASE}/employees`);
    await page.reload();
    await page.getByTestId('employee').first().waitFor();
    assert.equal(page.url(), `${BASE}/employees`);

    // A refresh whose answer never reached the browser (it reloaded mid-flight) leaves it holding the spent cookie:
    // the next load still restores the session.
    const spent = (await page.context().cookies()).find((c) => c.name === 'completo_rt').value;
    const lost = await fetch(`${BASE}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `completo_rt=${spent}` },
      body: '{}',
    });
    assert.equal(lost.status, 200);
    await page.reload();
    await page.getByTestId('employee').first().waitFor();
    assert.notEqual((await page.context().cookies()).find((c) => c.name === 'completo_rt').value, spent, 'the cookie rotated');

    // Logging out in one tab logs out the other.
    const other = await secondTab(page);
    await other.goto(`${BASE}/partnerships`);
    await other.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(other.url(), `${BASE}/partnerships`);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${BASE}/login`);
    await other.waitForURL(/\/login\?next=/);
    assert.equal((await page.context().cookies()).find((c) => c.name === 'completo_rt'), undefined, 'the cookie is cleared');
    await other.goto(`${BASE}/dashboard`);
    await other.waitForURL(/\/login\?next=/);
    await page.context().close();
  });

  test('errors lead somewhere: not found, wrong role; a failed submit focuses the field; the form error is announced', async () => {
    const member = await newPage({ lang: 'en' });
    await login(member, 'staff@acme.test');
    // Defect 5: a missing job is a not-found page with a way home, not a retry.
    await member.goto(`${BASE}/jobs/00000000-0000-4000-8000-000000000000`);
    await member.getByTestId('not-found').waitFor();
    assert.equal(await member.getByRole('button', { name: 'Try again' }).count(), 0);
    await member.getByTestId('not-found').getByRole('link').first().waitFor();
    await shot(member, 'error-not-found-job');
    // Defect 5: a page the role cannot open explains it and links back.
    await member.goto(`${BASE}/webhooks`);
    await member.getByTestId('no-access').getByRole('link').first().click();
    await member.waitForURL(`${BASE}/dashboard`);
    await member.context().close();

    // Defect 8: after a failed submit, focus moves to the first bad field.
    const page = await newPage({ lang: 'en' });
    await page.goto(`${BASE}/register`);
    await page.getByTestId('register-submit').click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'companyName');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-invalid')), 'true');
    // …and the "at least one type" error is an alert tied to the boxes.
    await login(page, 'owner@initech.test');
    await page.goto(`${BASE}/manage/jobs`);
    await page.getByTestId('new-job').click();
    await page.locator('input[name=title]').fill('No type chosen');
    await page.locator('textarea[name=description]').fill('A job without any visibility type.');
    await page.locator('input[name=types][value=public]').click();
    await page.getByTestId('job-submit').click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'types');
    const alert = page.locator('fieldset').getByRole('alert');
    assert.match(await alert.innerText(), /Choose at least one option/);
    const described = await page.locator('input[name=types][value=public]').getAttribute('aria-describedby');
    assert.equal(described, await alert.getAttribute('id'));
    await shot(page, 'error-job-types');
    await page.context().close();
  });

  test('an admin creates an API key for an assistant; its MCP calls act and are audited; revoking it stops them', async () => {
    const page = await newPage({ lang: 'en' });
    await login(page, 'owner@acme.test');
    // The assistant page gives this origin's MCP address and leads to a new key with `mcp` chosen.
    await page.goto(`${BASE}/ai-assistant`);
    assert.equal((await page.getByTestId('mcp-url').innerText()).trim(), `${BASE}/mcp`);
    assert.equal(await page.getByTestId('mcp-tool').count(), 6);
    await page.getByTestId('create-assistant-key').click();
    await page.waitForURL(`${BASE}/api-keys?scopes=mcp`);
    assert.ok(await page.locator('input[name=scopes][value=mcp]').isChecked(), 'mcp is preselected');
    const keyName = `Assistant ${run}`;
    await page.locator('input[name=name]').fill(keyName);
    await page.locator('input[name=scopes][value="jobs:read"]').check();
    await page.locator('input[name=scopes][value="jobs:write"]').check();
    await page.getByTestId('create-key').click();
    await page.getByTestId('key-once').waitFor();
    await page.getByTestId('copy-key').click();
    const key = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(key, /^cpk_/);
    assert.equal(key, (await page.getByTestId('key-value').innerText()).trim());
    assert.ok((await page.getByTestId('key-config').innerText()).includes(`"Authorization": "Bearer ${key}"`), 'the configuration carries the key');
    await shot(page, 'flow-api-key-once');
    await page.getByTestId('key-stored').click();
    await page.reload();
    const row = page.getByTestId('api-key').filter({ hasText: keyName });
    await row.waitFor();
    assert.equal(await page.getByText(key).count(), 0, 'the key is not shown again');
    assert.equal((await row.getByTestId('key-state').innerText()).trim(), 'Active');

    // An MCP client (this test, over plain HTTP) with the copied key: initialize, then create a job.
    let rpcId = 0;
    const mcp = (method, params) =>
      fetch(`${BASE}/mcp`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
      });
    const init = await mcp('initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'completo-e2e', version: '1.0.0' } });
    // (405 with the app's CSP headers: the assets layer answered, i.e. /mcp is missing from run_worker_first in wrangler.toml)
    assert.equal(init.status, 200, `POST /mcp initialize answers 200 (got ${init.status} from ${init.headers.get('content-security-policy') ? 'the static assets' : 'the Worker'})`);
    assert.equal((await init.json()).result.protocolVersion, '2025-11-25');
    const assistantJob = `Assistant posted technician ${run}`;
    const created = await mcp('tools/call', {
      name: 'create_job',
      arguments: { title: assistantJob, description: 'Posted by an AI assistant through the MCP server.', types: ['public'], vacancies: 1 },
    });
    assert.equal(created.status, 200);
    const result = (await created.json()).result;
    assert.ok(!result.isError, `create_job succeeded: ${JSON.stringify(result.content)}`);
    assert.equal(result.structuredContent.job.title, assistantJob);

    // The audit log shows the call, by the key, filtered through the action select.
    await page.goto(`${BASE}/audit`);
    await page.locator('select[name=action]').selectOption('mcp.tool.called');
    await page.waitForURL(/action=mcp\.tool\.called/);
    // (the previous rows stay while the filtered page loads: wait for the filtered one)
    await page.waitForFunction(() => {
      const table = document.querySelector('[data-testid=audit-table]');
      const actions = [...(table?.querySelectorAll('[data-testid=audit-action]') ?? [])].map((el) => el.textContent.trim());
      return table?.getAttribute('aria-busy') === 'false' && actions.length > 0 && actions.every((a) => a === 'mcp.tool.called');
    });
    const entry = page.getByTestId('audit-entry').filter({ hasText: keyName }).first();
    await entry.waitFor();
    assert.equal((await entry.getByTestId('audit-action').innerText()).trim(), 'mcp.tool.called');
    assert.equal((await entry.getByTestId('audit-actor').innerText()).trim(), keyName);
    assert.match(await entry.getByTestId('audit-target').innerText(), /create_job/);
    assert.equal((await entry.getByTestId('audit-status').innerText()).trim(), 'OK');
    await shot(page, 'flow-audit-mcp');
    // The write the tool made is audited as its event, by the key; its target opens the job.
    await page.goto(`${BASE}/audit?action=jobs.job.created`);
    const made = page.getByTestId('audit-entry').filter({ hasText: keyName }).first();
    await made.waitFor();
    assert.equal(await made.getByTestId('audit-target').locator('a').getAttribute('href'), `/jobs/${result.structuredContent.job.id}`);
    // …and the job is on the board.
    await page.goto(`${BASE}/jobs?search=${encodeURIComponent(assistantJob)}`);
    await page.getByRole('link', { name: assistantJob }).waitFor();

    // Revoked in the UI (after a confirmation): the next MCP call is refused.
    await page.goto(`${BASE}/api-keys`);
    page.once('dialog', (d) => d.accept());
    await row.getByTestId('revoke-key').click();
    await row.getByTestId('key-state').filter({ hasText: 'Revoked' }).waitFor();
    assert.equal(await row.getByTestId('revoke-key').count(), 0);
    const refused = await mcp('tools/list', {});
    assert.equal(refused.status, 401, 'a revoked key is refused at once');
    await page.context().close();
  });

  test('maintenance (en): a visitor reports a problem by QR link; the admin converts it, assigns a technician, who starts and completes it', async () => {
    const get = await apiAs('owner@acme.test');
    const [elevator] = await get('/cmms/assets?search=ELV-01');
    assert.ok(elevator?.requestToken, 'the demo elevator has a request token');
    const title = `Elevator door sticks ${run}`;

    // Anonymous, on a phone: the public page names the asset and the company; the request is sent.
    const visitor = await newPage({ lang: 'en', width: 375, height: 740 });
    await visitor.goto(`${BASE}/r/${elevator.requestToken}`);
    await visitor.getByRole('heading', { level: 1 }).filter({ hasText: elevator.name }).waitFor();
    await visitor.getByText('Acme', { exact: false }).first().waitFor();
    await assertNoSidewaysScroll(visitor, 'public request page 375');
    await visitor.locator('input[name=title]').fill(title);
    await visitor.locator('textarea[name=description]').fill('The door closes halfway, then opens again.');
    await visitor.locator('input[name=requesterName]').fill('Visitor at reception');
    await visitor.locator('input[name=requesterEmail]').fill('visitor@example.com');
    await visitor.getByTestId('portal-submit').click();
    await visitor.getByTestId('portal-sent').waitFor();
    await shot(visitor, 'flow-cmms-public-request');
    await visitor.goto(`${BASE}/r/${'x'.repeat(43)}`);
    await visitor.getByTestId('portal-unknown').waitFor();
    await visitor.context().close();

    // The admin's inbox: convert it, assigning the technician; the work order opens.
    const admin = await newPage({ lang: 'en' });
    await login(admin, 'owner@acme.test');
    await admin.goto(`${BASE}/maintenance/requests`);
    const request = admin.locator(`[data-testid=request][data-title="${title}"]`);
    await request.getByTestId('convert').click();
    await request.locator('input[name=assignee][value="staff@acme.test"]').check();
    await shot(admin, 'flow-cmms-convert');
    await request.getByTestId('convert-submit').click();
    await admin.waitForURL(/\/maintenance\/work-orders\/[0-9a-f-]{36}$/);
    const workOrderUrl = admin.url();
    await admin.getByRole('heading', { level: 1 }).filter({ hasText: title }).waitFor();
    // A checklist for the technician (converted requests start without one).
    await admin.getByTestId('edit-wo').click();
    await admin.locator('textarea[name=checklist]').fill('Inspect the door sensor\nTest ten cycles');
    await admin.getByTestId('wo-submit').click();
    await admin.getByTestId('checklist-item').nth(1).waitFor();

    // The technician starts it, ticks the checklist and completes it; the admin's page follows live.
    const tech = await newPage({ lang: 'en' });
    await login(tech, 'staff@acme.test');
    await tech.goto(workOrderUrl);
    await tech.getByTestId('wo-start').click();
    await tech.getByTestId('wo-status').filter({ hasText: 'In progress' }).waitFor();
    for (const item of await tech.getByTestId('checklist-item').all()) {
      await item.check();
      await tech.waitForFunction((el) => !el.disabled, await item.elementHandle());
    }
    await tech.getByTestId('wo-complete').click();
    await tech.getByTestId('wo-status').filter({ hasText: 'Complete' }).waitFor();
    await shot(tech, 'flow-cmms-completed');
    await admin.getByTestId('wo-status').filter({ hasText: 'Complete' }).waitFor();
    assert.equal(admin.url(), workOrderUrl, 'the admin never reloaded');
    await admin.goto(`${BASE}/maintenance/requests?status=converted`);
    await admin.locator(`[data-testid=request][data-title="${title}"]`).getByTestId('request-status').waitFor();
    await tech.context().close();
    await admin.context().close();
  });

  test('maintenance (pt-BR): a reading past the threshold fires the PM work order, which appears live in the admin’s list', async () => {
    const get = await apiAs('owner@acme.test');
    const [compressor] = await get('/cmms/assets?search=CMP-01');
    const [meter] = await get(`/cmms/assets/${compressor.id}/meters`);
    const [schedule] = await get(`/cmms/schedules?assetId=${compressor.id}`);
    assert.ok(schedule.nextDueMeter > meter.lastReading, 'the oil change is not due yet');
    const value = schedule.nextDueMeter + 5;

    const admin = await newPage({ lang: 'pt' });
    await login(admin, 'owner@acme.test');
    await admin.goto(`${BASE}/maintenance/work-orders`);
    await admin.getByTestId('wo-row').first().waitFor();
    const pmRows = admin.getByTestId('wo-row').filter({ hasText: schedule.title });
    const before = await pmRows.count();

    const tech = await newPage({ lang: 'pt' });
    await login(tech, 'staff@acme.test');
    await tech.goto(`${BASE}/maintenance/assets`);
    await tech.getByRole('link', { name: compressor.name }).click();
    await tech.getByTestId('reading-chart').waitFor();
    await tech.getByTestId('qr-code').waitFor();
    await tech.getByTestId('reading-value').fill(String(value));
    await tech.getByTestId('reading-submit').click();
    await tech.getByTestId('toast').first().waitFor();

    // Without a reload, the admin's list shows the generated work order.
    await admin.waitForFunction(
      ([t, n]) => [...document.querySelectorAll('[data-testid=wo-row]')].filter((r) => r.textContent.includes(t)).length > n,
      [schedule.title, before],
      { timeout: 20_000 },
    );
    assert.equal(admin.url(), `${BASE}/maintenance/work-orders`, 'the admin never reloaded');
    await assertTranslated(admin, 'pt', 'work orders (live PM)');
    await shot(admin, 'flow-cmms-pm-live');
    await tech.getByTestId('asset-work-order').filter({ hasText: schedule.title }).waitFor();
    await shot(tech, 'flow-cmms-asset-reading');
    await tech.context().close();
    await admin.context().close();
  });

  test('notes: two members edit one company note; the second sees the live banner, gets the conflict on save, merges and saves; the history keeps both', async () => {
    // Sam (staff@acme.test, member, in Portuguese) writes a company note; Olivia (owner@acme.test, admin, in English) edits it too.
    const staff = await newPage({ lang: 'pt' });
    const owner = await newPage({ lang: 'en' });
    await login(staff, 'staff@acme.test');
    await login(owner, 'owner@acme.test');
    const title = `Shared checklist ${run}`;
    await staff.goto(`${BASE}/knowledge/notes`);
    await staff.getByTestId('new-note').click();
    await staff.waitForURL(`${BASE}/knowledge/notes/new`);
    await staff.locator('input[name=title]').fill(title);
    const body = staff.locator('textarea[name=body]');
    await body.fill('Line one\nLine two\nLine three\n\nSee ');
    // `[[` suggests note titles as you type; arrows and Enter pick one (a listbox tied to the textarea).
    await staff.keyboard.type('[[Lockout');
    // (suggestions follow the typing a request behind: wait for those found for the whole word)
    await staff.locator('[data-testid=suggestions][data-query=Lockout][aria-busy=false]').waitFor();
    const suggestions = staff.getByRole('listbox').getByRole('option');
    const option = suggestions.filter({ hasText: 'Lockout-tagout' });
    const index = (await suggestions.allInnerTexts()).findIndex((text) => text.includes('Lockout-tagout'));
    for (let i = 0; i < index; i++) await staff.keyboard.press('ArrowDown');
    assert.equal(await body.getAttribute('aria-activedescendant'), await option.getAttribute('id'), 'the textarea points at the active option');
    assert.equal(await option.getAttribute('aria-selected'), 'true');
    await staff.keyboard.press('Enter');
    assert.ok((await body.inputValue()).endsWith('See [[Lockout-tagout]]'), 'the title and the closing brackets are inserted');
    // The preview renders the link to the note (an element, never HTML), and nothing on save is lost.
    await staff.getByTestId('preview').getByRole('link', { name: 'Lockout-tagout' }).waitFor();
    await staff.locator('input[name=visibility][value=company]').check();
    await staff.getByTestId('note-save').click();
    await staff.waitForURL(/\/knowledge\/notes\/[0-9a-f-]{36}$/);
    const url = staff.url();
    await staff.getByTestId('note-body').getByRole('link', { name: 'Lockout-tagout' }).waitFor();

    // Both edit version 1; Olivia saves first.
    await owner.goto(url);
    await owner.getByTestId('note-edit').click();
    await staff.getByTestId('note-edit').click();
    await owner.locator('textarea[name=body]').fill('Line one (owner)\nLine two\nLine three\n\nSee [[Lockout-tagout]]');
    await staff.locator('textarea[name=body]').fill('Line one\nLine two\nLine three (staff)\n\nSee [[Lockout-tagout]]');
    await owner.getByTestId('note-save').click();
    await owner.getByTestId('note-version').filter({ hasText: '2' }).waitFor();

    // Sam, still on version 1, hears it live: who saved which version.
    const banner = staff.getByTestId('conflict-banner');
    await banner.waitFor();
    assert.match(await banner.innerText(), /Olivia Acme.*2/);
    await assertTranslated(staff, 'pt', 'note conflict banner (pt-BR)');
    await shot(staff, 'flow-note-conflict-banner-pt');
    // Saving anyway is refused (409): the same choices, from the current note the error carries.
    await staff.getByTestId('note-save').click();
    await staff.getByTestId('conflict-stale').waitFor();
    await staff.getByTestId('conflict-view').click();
    await staff.getByTestId('their-body').getByText('Line one (owner)').waitFor();
    await staff.getByTestId('conflict-merge').click();
    await staff.getByTestId('merge-panel').waitFor();
    assert.equal(await staff.locator('textarea[name=body]').inputValue(), 'Line one (owner)\nLine two\nLine three (staff)\n\nSee [[Lockout-tagout]]', 'both changes, on top of version 2');
    await assertTranslated(staff, 'pt', 'note merge (pt-BR)');
    await shot(staff, 'flow-note-merge-pt');
    await staff.getByTestId('note-save').click();
    await staff.getByTestId('note-version').filter({ hasText: '3' }).waitFor();
    // Olivia, reading the note, sees version 3 without reloading.
    await owner.getByTestId('note-version').filter({ hasText: '3' }).waitFor();
    assert.ok((await owner.getByTestId('note-body').innerText()).includes('Line three (staff)'));

    // The history: three versions (Sam, Olivia, Sam), and what version 2 lacks against the current text.
    await staff.getByTestId('note-history').click();
    const rows = staff.getByTestId('revision');
    await rows.nth(2).waitFor();
    await staff.waitForLoadState('networkidle');
    assert.deepEqual(await rows.evaluateAll((els) => els.map((el) => el.dataset.version)), ['3', '2', '1']);
    assert.deepEqual((await staff.getByTestId('revision-by').allInnerTexts()).map((s) => s.trim()), ['Sam Acme', 'Olivia Acme', 'Sam Acme']);
    const diff = staff.getByTestId('history-diff');
    assert.deepEqual(await diff.locator('[data-kind=del] .diff__text').allInnerTexts(), ['Line three']);
    assert.deepEqual(await diff.locator('[data-kind=add] .diff__text').allInnerTexts(), ['Line three (staff)']);
    await assertTranslated(staff, 'pt', 'note history (pt-BR)');
    await shot(staff, 'flow-note-history-pt');
    noteWithHistory = url;
    await staff.context().close();
    await owner.context().close();
  });

  test('field service: two dispatchers see one board; one assigns a tray job to a technician (drag and drop); the other sees it appear live; the technician completes it with a signature; the tracking page shows completed', async () => {
    const get = await apiAs('owner@acme.test');
    const today = new Date().toISOString().slice(0, 10);
    const before = await get(`/fsm/board?date=${today}`);
    // Sam (staff@acme.test) has electrical; the demo tray's UPS job needs it. Sam is free 14:15–15:15 UTC.
    const job = before.unassigned.find((j) => j.requiredSkills.includes('electrical')) ?? before.unassigned[0];
    assert.ok(job, 'the tray holds an unscheduled job');
    const lane = (p) => p.locator('[data-testid=lane][data-email="staff@acme.test"]');
    const card = (p) => lane(p).locator(`[data-testid=lane-visit][data-number="${job.number}"]`);

    // Two dispatchers on the same board: the owner in English, and the same account in Portuguese in another browser.
    const one = await newPage({ lang: 'en' });
    await login(one, 'owner@acme.test');
    const two = await newPage({ lang: 'pt' });
    await login(two, 'owner@acme.test');
    for (const p of [one, two]) {
      await p.goto(`${BASE}/field/board`);
      await p.locator(`[data-testid=tray-job][data-number="${job.number}"]`).waitFor();
    }
    // The demo day's conflict: Bruna's two visits overlap.
    await one.locator('[data-testid=conflict][data-kind=overlap]').first().waitFor();
    const boardUrl = two.url();

    // Drag the tray job onto Sam's lane; the dialog takes the time and a checklist.
    // (On a wide screen the tray stays in view while the lanes scroll: bring the lane in, then drag.)
    await lane(one).scrollIntoViewIfNeeded();
    await one.locator(`[data-testid=tray-job][data-number="${job.number}"]`).dragTo(lane(one).locator('h2'));
    const dialog = one.getByTestId('board-dialog');
    await dialog.waitFor();
    assert.ok(await dialog.locator(`input[name=technician]:checked`).count() === 1, 'the lane’s technician is chosen');
    await dialog.locator('input[name=start]').fill('14:15');
    await dialog.locator('textarea[name=checklist]').fill('Check the battery\nTest a power cut');
    await shot(one, 'flow-fsm-assign-dialog');
    await dialog.getByTestId('visit-submit').click();
    await card(one).waitFor();
    assert.equal(await one.locator(`[data-testid=tray-job][data-number="${job.number}"]`).count(), 0, 'the job left the tray');

    // The other dispatcher sees it appear without a reload.
    await card(two).waitFor({ timeout: 20_000 });
    assert.equal(two.url(), boardUrl, 'the second dispatcher never reloaded');
    assert.equal(await two.locator(`[data-testid=tray-job][data-number="${job.number}"]`).count(), 0, 'and the tray lost it there too');
    await assertTranslated(two, 'pt', 'board (live assign)');
    await shot(two, 'flow-fsm-board-live');

    // A stale move. The second dispatcher drags the visit onto the time axis at 15:00 (the dialog takes the time where
    // it fell); meanwhile the other's change lands (through the API here). Saving the old version is refused (409):
    // the dialog closes, the conflict is explained, and the board shows the latest without a reload.
    const placed = (await get(`/fsm/board?date=${today}`)).lanes.flatMap((l) => l.visits).find((v) => v.jobNumber === job.number);
    const axis = lane(two).getByTestId('timeline');
    const { width, height } = await axis.boundingBox();
    await card(two).dragTo(axis, { targetPosition: { x: width * (15.05 / 24), y: height / 2 } });
    const moving = two.getByTestId('board-dialog');
    await moving.waitFor();
    assert.equal(await moving.locator('input[name=start]').inputValue(), '15:00', 'the start is where the visit was dropped on the axis');
    await get(`/fsm/visits/${placed.id}`, { method: 'PATCH', body: { version: placed.version, start: `${today}T14:30:00.000Z` } });
    await moving.getByTestId('visit-submit').click();
    await moving.waitFor({ state: 'detached' });
    await two.getByText('Outra pessoa alterou isto enquanto isso', { exact: false }).first().waitFor();
    for (const p of [one, two]) await lane(p).locator(`.timeline__visit[title^="${job.number} 14:30"]`).waitFor({ timeout: 20_000 });
    assert.equal(two.url(), boardUrl, 'still no reload');
    assert.equal((await get(`/fsm/visits/${placed.id}`)).start, `${today}T14:30:00.000Z`, 'the stale save changed nothing');

    // Dispatch it; the customer's tracking page (anonymous, on a phone, in Portuguese) follows.
    await card(one).getByTestId('dispatch').click();
    await card(one).locator('[data-testid=dispatch]').waitFor({ state: 'detached' });
    await lane(one).locator(`[data-testid=lane-visit][data-number="${job.number}"][data-status=dispatched]`).waitFor();
    const visitId = (await card(one).locator('a.board__title').getAttribute('href')).split('/').pop();
    const { customerToken } = await get(`/fsm/visits/${visitId}`);
    const anon = await newPage({ lang: 'pt', width: 375, height: 740 });
    await anon.goto(`${BASE}/track/${customerToken}`);
    await anon.locator('[data-testid=track-status][data-status=dispatched]').waitFor();
    await assertNoSidewaysScroll(anon, 'tracking page 375');
    await assertTranslated(anon, 'pt', 'tracking page');
    assert.equal(await anon.locator('#sidebar').count(), 0, 'no app navigation on the tracking page');

    // The technician, on a phone: my day → the visit; on the way, on site, checklist, signature, complete.
    const tech = await newPage({ lang: 'en', width: 375, height: 740 });
    await login(tech, 'staff@acme.test');
    await tech.goto(`${BASE}/field/my-day`);
    await tech.locator(`[data-testid=my-visit][data-number="${job.number}"]`).getByTestId('my-visit-link').click();
    await tech.waitForURL(`${BASE}/field/visits/${visitId}`);
    await tech.getByTestId('step-en_route').click();
    await tech.getByTestId('step-on_site').click();
    await tech.getByTestId('step-completed').waitFor();
    for (const item of await tech.getByTestId('visit-checklist-item').all()) {
      await item.check();
      await tech.waitForFunction((el) => el.checked && !el.disabled, await item.elementHandle());
    }
    const pad = await tech.getByTestId('signature-pad').boundingBox();
    await tech.mouse.move(pad.x + 20, pad.y + pad.height * 0.6);
    await tech.mouse.down();
    for (let i = 1; i <= 12; i++) await tech.mouse.move(pad.x + 20 + i * ((pad.width - 40) / 12), pad.y + pad.height * (i % 2 ? 0.3 : 0.7), { steps: 3 });
    await tech.mouse.up();
    await assertNoSidewaysScroll(tech, 'visit page 375');
    await shot(tech, 'flow-fsm-technician-sign');
    await tech.getByTestId('step-completed').click();
    await tech.getByTestId('signature-image').waitFor();
    await shot(tech, 'flow-fsm-completed');
    // The history names who took each step: the dispatcher who scheduled it, the technician who completed it.
    const historyOf = (status) => tech.locator(`[data-testid=visit-history-entry][data-status=${status}]`);
    assert.match(await historyOf('scheduled').innerText(), /Olivia Acme/);
    assert.match(await historyOf('completed').innerText(), /Sam Acme/);

    // Both boards show it completed, live; the tracking page shows the completed step by polling.
    await lane(one).locator(`[data-testid=lane-visit][data-number="${job.number}"][data-status=completed]`).waitFor({ timeout: 20_000 });
    await lane(two).locator(`[data-testid=lane-visit][data-number="${job.number}"][data-status=completed]`).waitFor({ timeout: 20_000 });
    await anon.locator('[data-testid=track-status][data-status=completed]').waitFor({ timeout: 30_000 });
    await shot(anon, 'flow-fsm-tracking-completed');
    const visit = await get(`/fsm/visits/${visitId}`);
    assert.equal(visit.status, 'completed');
    assert.ok(visit.signature?.startsWith('data:image/png;base64,') && visit.signature.length <= 65_536, 'a PNG signature within 64 KB was stored');
    for (const p of [one, two, tech, anon]) await p.context().close();
  });

  test('keyboard and contrast: skip link shows, focus is visible, badges read at 4.5:1, fieldsets follow dark mode', async () => {
    for (const colorScheme of ['light', 'dark']) {
      const page = await newPage({ lang: 'en', colorScheme });
      await login(page, 'owner@acme.test');
      await page.goto(`${BASE}/manage/jobs`);
      await page.getByTestId('pending-count').first().waitFor();
      // Defect 8: warn badges (pending applications) at 4.5:1 or more.
      const warn = page.locator('.badge--warn').first();
      const ratio = await contrastOf(warn);
      assert.ok(ratio >= 4.5, `${colorScheme}: warn badge contrast ${ratio.toFixed(2)} ≥ 4.5`);
      // Defect 8: the skip link is visible when focused.
      await page.keyboard.press('Tab');
      const skip = page.locator('.skip-link');
      assert.ok(await skip.evaluate((el) => el === document.activeElement));
      const box = await skip.boundingBox();
      assert.ok(box && box.x >= 0 && box.width > 20 && box.height > 10, 'the focused skip link is on screen');
      // The next stops are reachable and visibly focused.
      await page.keyboard.press('Tab');
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert.notEqual(outline, 'none', 'focused control has a visible outline');
      // Defect 8: fieldsets take the theme's border, not the browser's default.
      await page.getByTestId('new-job').click();
      const [fieldset, input] = await Promise.all([
        page.locator('fieldset').first().evaluate((el) => getComputedStyle(el).borderTopColor),
        page.locator('input[name=title]').evaluate((el) => getComputedStyle(el).borderTopColor),
      ]);
      assert.equal(fieldset, input, `${colorScheme}: fieldset border matches the inputs'`);
      await shot(page, `a11y-new-job-${colorScheme}`);
      await page.context().close();
    }
  });

  test('every screen in both languages at 1280 px and 375 px: screenshots, no sideways scroll, no untranslated text', async () => {
    const screens = [
      { name: 'board', path: '/jobs', ready: (p) => p.getByTestId('job-card').first().waitFor() },
      { name: 'job', path: null, ready: (p) => p.getByRole('heading', { level: 1 }).waitFor() },
      { name: 'dashboard', path: '/dashboard', ready: (p) => p.getByTestId('invites').waitFor() },
      { name: 'our-jobs', path: '/manage/jobs', ready: (p) => p.getByTestId('pending-count').first().waitFor() },
      { name: 'manage-job', path: null, ready: (p) => p.getByTestId('application').first().waitFor() },
      { name: 'my-applications', path: '/applications', ready: (p) => p.getByRole('heading', { level: 1 }).waitFor() },
      { name: 'team', path: '/employees', ready: (p) => p.getByTestId('employee').first().waitFor() },
      { name: 'partners', path: '/partnerships', ready: (p) => p.getByTestId('partnership').first().waitFor() },
      { name: 'webhooks', path: '/webhooks', ready: (p) => p.locator('input[name=url]').waitFor() },
      { name: 'api-keys', path: '/api-keys', ready: (p) => p.locator('[data-testid=api-key], .empty').first().waitFor() },
      { name: 'audit', path: '/audit', ready: (p) => p.locator('[data-testid=audit-entry], .empty').first().waitFor() },
      { name: 'assistant', path: '/ai-assistant', ready: (p) => p.getByTestId('mcp-tool').first().waitFor() },
      { name: 'company', path: '/company', ready: (p) => p.locator('input[name=name]').waitFor() },
      { name: 'services', path: '/services', ready: (p) => p.getByTestId('service-card').first().waitFor() },
      { name: 'services-ours', path: '/services?tab=ours&status=all', ready: (p) => p.getByTestId('service-card').first().waitFor() },
      { name: 'service-compare', path: null, ready: (p) => p.getByTestId('proposal-row').first().waitFor() },
      { name: 'service-bid', path: null, ready: (p) => p.getByTestId('own-proposal').waitFor() },
      { name: 'my-proposals', path: '/proposals', ready: (p) => p.getByTestId('my-proposal').first().waitFor() },
      { name: 'engagements', path: '/engagements', ready: (p) => p.getByTestId('engagement').first().waitFor() },
      { name: 'offerings', path: '/offerings', ready: (p) => p.getByTestId('offering').first().waitFor() },
      { name: 'our-offerings', path: '/offerings?view=ours', ready: (p) => p.getByTestId('offering').first().waitFor() },
      { name: 'notes', path: '/knowledge/notes', ready: (p) => p.getByTestId('note-item').first().waitFor() },
      { name: 'note', path: null, ready: (p) => p.getByTestId('note-body').getByTestId('mention').first().waitFor() },
      { name: 'note-edit', path: null, ready: (p) => p.getByTestId('preview').waitFor() },
      { name: 'note-history', path: null, ready: (p) => p.getByTestId('history-diff').waitFor() },
      { name: 'notes-graph', path: '/knowledge/graph', ready: (p) => p.getByTestId('graph-node').first().waitFor() },
      { name: 'notes-trash', path: '/knowledge/trash', ready: (p) => p.locator('[data-testid=trash-item], .empty').first().waitFor() },
      { name: 'not-found', path: '/no/such/page', ready: (p) => p.getByTestId('not-found').waitFor() },
      { name: 'no-access', path: '/settings', ready: (p) => p.getByTestId('no-access').waitFor() },
      { name: 'cmms-work-orders', path: '/maintenance/work-orders', ready: (p) => p.getByTestId('wo-row').first().waitFor() },
      { name: 'cmms-board', path: '/maintenance/work-orders?view=board', ready: (p) => p.getByTestId('board-card').first().waitFor() },
      { name: 'cmms-work-order', path: null, ready: (p) => p.getByTestId('checklist-item').first().waitFor() },
      { name: 'cmms-assets', path: '/maintenance/assets', ready: (p) => p.getByTestId('asset-row').first().waitFor() },
      { name: 'cmms-asset', path: null, ready: (p) => p.getByTestId('reading-chart').waitFor() },
      { name: 'cmms-parts', path: '/maintenance/parts', ready: (p) => p.getByTestId('low-stock').first().waitFor() },
      { name: 'cmms-requests', path: '/maintenance/requests?status=all', ready: (p) => p.getByTestId('request').first().waitFor() },
      { name: 'cmms-kpis', path: '/maintenance/kpis', ready: (p) => p.getByTestId('backlog-chart').waitFor() },
      { name: 'cmms-contracted', path: '/maintenance/contracted', ready: (p) => p.locator('[data-testid=contracted-wo], .empty').first().waitFor() },
      { name: 'fsm-board', path: '/field/board', ready: (p) => p.getByTestId('lane-visit').first().waitFor() },
      { name: 'fsm-visit', path: null, ready: (p) => p.getByTestId('visit-steps').waitFor() },
      { name: 'fsm-jobs', path: '/field/jobs', ready: (p) => p.getByTestId('field-job-row').first().waitFor() },
      { name: 'fsm-job', path: null, ready: (p) => p.locator('[data-testid=job-visit], .empty').first().waitFor() },
      { name: 'fsm-customers', path: '/field/customers', ready: (p) => p.getByTestId('customer-row').first().waitFor() },
      { name: 'fsm-customer', path: null, ready: (p) => p.getByTestId('site').first().waitFor() },
      { name: 'fsm-technicians', path: '/field/technicians', ready: (p) => p.getByTestId('technician').first().waitFor() },
      { name: 'fsm-my-day-empty', path: '/field/my-day', ready: (p) => p.locator('[data-testid=my-visit], .empty').first().waitFor() },
    ];
    const [portalAsset] = await (await apiAs('owner@acme.test'))('/cmms/assets?search=BLR-01');
    const fsmDay = await (await apiAs('owner@acme.test'))(`/fsm/board?date=${new Date().toISOString().slice(0, 10)}`);
    const trackToken = fsmDay.lanes.flatMap((l) => l.visits).find((v) => v.status === 'en_route')?.customerToken;
    assert.ok(trackToken, 'a demo visit on the way has a tracking link');
    for (const lang of ['en', 'pt']) {
      for (const width of [1280, 375]) {
        const tag = `${lang}-${width}`;
        const page = await newPage({ lang, width, height: width === 375 ? 740 : 860 });
        // Signed out: login, register and an asset's public request page.
        for (const [name, path] of [['login', '/login'], ['register', '/register'], ['cmms-portal', `/r/${portalAsset.requestToken}`], ['fsm-track', `/track/${trackToken}`]]) {
          await page.goto(BASE + path);
          await page.getByRole('heading', { level: 1 }).waitFor();
          await assertNoSidewaysScroll(page, `${name} ${tag}`);
          await assertTranslated(page, lang, `${name} ${tag}`);
          await shot(page, `screen-${name}-${tag}`);
        }
        await login(page, 'owner@acme.test');
        for (const screen of screens) {
          if (screen.name === 'job') {
            await page.goto(`${BASE}/jobs`);
            await page.getByTestId('job-card').first().locator('h2 a').click();
          } else if (screen.name === 'manage-job') {
            await page.goto(`${BASE}/manage/jobs`);
            await page.getByTestId('our-job').filter({ has: page.locator('[data-testid=pending-count].badge--warn') }).first().locator('a').first().click();
          } else if (screen.name === 'cmms-work-order') {
            await page.goto(`${BASE}/maintenance/work-orders?search=WO-0001&status=all`);
            await page.getByTestId('wo-link').first().click();
          } else if (screen.name === 'cmms-asset') {
            await page.goto(`${BASE}/maintenance/assets?search=CMP-01`);
            await page.getByTestId('asset-row').first().locator('a').first().click();
          } else if (screen.name === 'service-compare' || screen.name === 'service-bid') {
            // Demo data: Acme's request with proposals to compare, and Globex's request Acme bid on.
            await page.goto(`${BASE}/services?status=all`);
            await page.getByRole('link', { name: screen.name === 'service-compare' ? 'Rooftop HVAC overhaul' : 'Network cabling for the new depot' }).click();
          } else if (screen.name === 'note' || screen.name === 'note-edit') {
            await page.goto(`${BASE}/knowledge/notes?search=${encodeURIComponent('pump maintenance')}`);
            await page.getByTestId('note-item').first().locator('h2 a').click();
            if (screen.name === 'note-edit') await page.getByTestId('note-edit').click();
          } else if (screen.name === 'fsm-visit') {
            await page.goto(`${BASE}/field/board`);
            await page.locator('[data-testid=lane-visit][data-status=on_site] a.board__title').first().click();
          } else if (screen.name === 'fsm-job') {
            await page.goto(`${BASE}/field/jobs?status=in_progress`);
            await page.getByTestId('field-job-link').first().click();
          } else if (screen.name === 'fsm-customer') {
            await page.goto(`${BASE}/field/customers?search=Hotel`);
            await page.getByTestId('customer-row').first().locator('a').click();
          } else if (screen.name === 'note-history') {
            await page.goto(`${noteWithHistory}/history`);
          } else await page.goto(BASE + screen.path);
          await screen.ready(page);
          await page.waitForLoadState('networkidle');
          const title = await page.title();
          assert.ok(title.endsWith(' · Completo') && title.length > ' · Completo'.length, `${screen.name} ${tag}: the tab names the page (${title})`);
          await assertNoSidewaysScroll(page, `${screen.name} ${tag}`);
          await assertTranslated(page, lang, `${screen.name} ${tag}`);
          await shot(page, `screen-${screen.name}-${tag}`);
        }
        // Defect 1: every navigation item is visible, at 1280 px in the sidebar, at 375 px in the menu, the current one included.
        await page.goto(`${BASE}/partnerships`);
        await page.getByTestId('partnership').first().waitFor();
        if (width === 375) await page.getByTestId('menu').click();
        const nav = page.locator('#sidebar nav');
        const links = nav.getByRole('link');
        assert.ok((await links.count()) >= 8, 'an owner sees at least 8 items');
        for (const link of await links.all()) {
          const box = await link.boundingBox();
          assert.ok(box && box.x >= 0 && box.x + box.width <= width && box.y >= 0, `${tag}: nav item "${await link.innerText()}" fully on screen`);
          assert.ok(await link.evaluate((el) => el.scrollWidth <= el.clientWidth), `${tag}: nav item not clipped`);
        }
        assert.ok(await nav.locator('[aria-current=page]').isVisible(), `${tag}: the current page's item is visible`);
        if (width === 375) {
          assert.ok(await nav.locator('[aria-current=page]').evaluate((el) => el === document.activeElement), 'opening the menu focuses the current item');
          await shot(page, `screen-menu-${tag}`);
          await page.keyboard.press('Escape');
          assert.ok(await page.getByTestId('menu').evaluate((el) => el === document.activeElement), 'Escape returns focus to the menu button');
        }
        // Defect 2: the notifications panel stays on screen.
        await page.getByTestId('bell').click();
        const panel = await page.getByTestId('notifications-panel').boundingBox();
        assert.ok(panel.x >= 0 && panel.x + panel.width <= width, `${tag}: notifications panel within the screen (${panel.x}, ${panel.width})`);
        await assertTranslated(page, lang, `notifications ${tag}`);
        await shot(page, `screen-notifications-${tag}`);
        await page.keyboard.press('Escape');
        // Defect 3: on a wide screen the job board's filters take one row.
        if (width === 1280) {
          await page.goto(`${BASE}/jobs`);
          const filters = await page.getByRole('search').boundingBox();
          assert.ok(filters.height < 170, `${tag}: board filters fit one row (${filters.height}px)`);
        }
        await page.context().close();
      }
    }
    // A contractor (Globex): the work order Acme contracted to it, and nothing else of Acme's maintenance.
    for (const lang of ['en', 'pt']) {
      for (const width of [1280, 375]) {
        const tag = `${lang}-${width}`;
        const page = await newPage({ lang, width, height: width === 375 ? 740 : 860 });
        await login(page, 'owner@globex.test');
        await page.goto(`${BASE}/maintenance/contracted`);
        await page.getByTestId('contracted-wo').first().waitFor();
        await assertNoSidewaysScroll(page, `contracted ${tag}`);
        await assertTranslated(page, lang, `contracted ${tag}`);
        await shot(page, `screen-cmms-contracted-globex-${tag}`);
        await page.getByTestId('contracted-wo').first().locator('a').first().click();
        await page.getByTestId('checklist-item').first().waitFor();
        await page.waitForLoadState('networkidle');
        await assertNoSidewaysScroll(page, `contracted work order ${tag}`);
        await assertTranslated(page, lang, `contracted work order ${tag}`);
        await shot(page, `screen-cmms-contracted-wo-${tag}`);
        await page.context().close();
      }
    }
    // A technician (Sam, staff@acme.test) on the phone-first screens: my day and a visit of theirs.
    for (const lang of ['en', 'pt']) {
      for (const width of [1280, 375]) {
        const tag = `${lang}-${width}`;
        const page = await newPage({ lang, width, height: width === 375 ? 740 : 860 });
        await login(page, 'staff@acme.test');
        await page.goto(`${BASE}/field/my-day?optimize=true`);
        await page.getByTestId('my-visit').first().waitFor();
        await page.waitForLoadState('networkidle');
        await assertNoSidewaysScroll(page, `my day ${tag}`);
        await assertTranslated(page, lang, `my day ${tag}`);
        await shot(page, `screen-fsm-my-day-${tag}`);
        await page.getByTestId('my-visit-link').first().click();
        await page.getByTestId('visit-steps').waitFor();
        await page.waitForLoadState('networkidle');
        assert.ok((await page.title()).endsWith(' · Completo'), `technician visit ${tag}: the tab names the page`);
        await assertNoSidewaysScroll(page, `technician visit ${tag}`);
        await assertTranslated(page, lang, `technician visit ${tag}`);
        await shot(page, `screen-fsm-visit-technician-${tag}`);
        await page.context().close();
      }
    }
    // Platform staff: the platform settings screen, and the audit log of every company.
    for (const lang of ['en', 'pt']) {
      for (const width of [1280, 375]) {
        const page = await newPage({ lang, width, height: width === 375 ? 740 : 860 });
        await login(page, 'admin@completo.test');
        await page.goto(`${BASE}/settings`);
        await page.locator('input[name=defaultCurrency]').waitFor();
        await assertNoSidewaysScroll(page, `settings ${lang}-${width}`);
        await assertTranslated(page, lang, `settings ${lang}-${width}`);
        await shot(page, `screen-settings-${lang}-${width}`);
        await page.goto(`${BASE}/audit`);
        await page.locator('[data-testid=audit-entry], .empty').first().waitFor();
        await page.waitForLoadState('networkidle');
        await assertNoSidewaysScroll(page, `audit (staff) ${lang}-${width}`);
        await assertTranslated(page, lang, `audit (staff) ${lang}-${width}`);
        await shot(page, `screen-audit-staff-${lang}-${width}`);
        await page.context().close();
      }
    }
  });

  test('the API reference at /api/v1/docs renders every module from this origin, under its own CSP', async () => {
    const res = await fetch(`${BASE}/api/v1/docs`);
    assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const app = await fetch(`${BASE}/jobs`);
    const csp = app.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "connect-src 'self'", "object-src 'none'", "frame-ancestors 'none'"]) {
      assert.ok(csp.includes(directive), `the app's CSP has ${directive}`);
    }
    assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'), 'no unsafe-* in the app CSP');
    const page = await newPage();
    const failed = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${BASE}/api/v1/docs`);
    await page.getByText('Completo API', { exact: false }).first().waitFor();
    // Swagger UI renders the operations list virtually (only what is near the viewport is in the DOM), so every
    // module's section is found by scrolling from the top, in the document's own tag order.
    const spec = await (await fetch(`${BASE}/api/v1/openapi.json`)).json();
    const tags = [...new Set(Object.values(spec.paths).flatMap((ops) => Object.values(ops).map((op) => op.tags[0])))];
    for (const tag of ['auth', 'jobs', 'services', 'zettels', 'cmms', 'webhooks', 'partnerships']) assert.ok(tags.includes(tag), `the document has a ${tag} section`);
    const scrollTo = async (selector) => {
      const target = page.locator(selector);
      for (let step = 0; step < 400 && !(await target.isVisible()); step++) await page.mouse.wheel(0, 500);
      await target.waitFor({ timeout: 2_000 });
    };
    await page.evaluate(() => window.scrollTo(0, 0));
    for (const tag of tags) await scrollTo(`#operations-tag-${tag}`);
    // Try it out (enabled by default): the public job list answers through the reference page itself.
    await page.evaluate(() => window.scrollTo(0, 0));
    await scrollTo('#operations-jobs-getApiV1Jobs');
    await page.locator('#operations-jobs-getApiV1Jobs').click();
    await page.getByRole('button', { name: 'Execute' }).click();
    await page.locator('.live-responses-table .response-col_status').filter({ hasText: '200' }).first().waitFor();
    await shot(page, 'api-docs');
    assert.deepEqual(failed, []);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});

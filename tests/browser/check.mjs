#!/usr/bin/env node
// Browser check for shellcount's HTML output: opens each HTML file from disk (file://) in headless
// Chromium (Debian's /usr/bin/chromium, driven by playwright-core), saves a full-page PNG at desktop
// width, one at phone width and an A4 PDF, and fails on
//   - console errors and uncaught page errors (at desktop or phone width),
//   - any request to anything but file:, data:, blob: or about: (external requests are blocked,
//     and no host name resolves), and <link> preconnect or prefetch hints to another host,
//   - local requests that fail (a missing stylesheet, image or object),
//   - <img> that did not load, and <img>, <svg>, <object>, <embed>, <iframe> drawn at zero size,
//   - content wider than the page at A4 print width and at phone width (the page's scrollWidth,
//     and each element that reaches past the page or whose content a box clips), naming the element,
//   - a page that a phone lays out wider than the screen (no `width=device-width` viewport).
// Elements marked data-browser-check="allow-overflow" (and their content) are exempt from the
// width checks. Run through scripts/browser-check, which installs Chromium and this package first.
//
// Usage: node check.mjs [--out DIR] [--timeout SECONDS] FILE.html...
// Exit codes: 0 every page passed; 1 a page failed a check; 2 bad usage or the browser would not start.

import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Debian's Chromium; override with SHELLCOUNT_CHROMIUM. */
export const CHROMIUM = process.env.SHELLCOUNT_CHROMIUM || '/usr/bin/chromium';

/** Flags for a closed network: no background connections, no sandbox (CI runs as root). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-domain-reliability',
  '--metrics-recording-only',
  // No host name resolves: nothing a page does can reach the network, not even a DNS query.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost',
];

const MM = 96 / 25.4;
/** A4 with 12 mm margins, as the PDF is printed. */
export const A4 = { width: '210mm', height: '297mm', marginMm: 12 };
/** Width of the printable area of A4 in CSS pixels (210 mm − 2 × 12 mm). */
export const PRINT_WIDTH = Math.floor((210 - 2 * A4.marginMm) * MM);
/** A small phone (CSS pixels). */
export const PHONE = { width: 360, height: 740 };
/** A desktop window for the screenshot. */
export const DESKTOP = { width: 1280, height: 900 };

/** Schemes a self-contained page may load. */
const LOCAL = new Set(['file:', 'data:', 'blob:', 'about:']);

function isLocal(url) {
  try {
    return LOCAL.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** Starts the browser. */
export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install Debian's chromium (scripts/browser-check does)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

/** Watches a page for errors and requests; returns the list it fills. */
function watch(page, where, problems) {
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      const at = loc && loc.url ? ` (${path.basename(loc.url)}:${loc.lineNumber + 1})` : '';
      problems.push({ kind: 'console-error', message: `${where}: console error: ${msg.text()}${at}` });
    }
  });
  page.on('pageerror', (err) => {
    problems.push({ kind: 'page-error', message: `${where}: uncaught error: ${err.message}` });
  });
  page.on('request', (req) => {
    if (!isLocal(req.url())) {
      problems.push({
        kind: 'external-request',
        message: `${where}: request to another host (blocked): ${req.url()}`,
      });
    }
  });
  page.on('requestfailed', (req) => {
    if (isLocal(req.url())) {
      const what = req.url().startsWith('data:') ? req.url().slice(0, 60) + '…' : req.url();
      problems.push({
        kind: 'failed-request',
        message: `${where}: could not load ${what} (${req.failure()?.errorText ?? 'failed'})`,
      });
    }
  });
}

/** A context whose requests to other hosts are aborted before they leave the machine. */
async function newContext(browser, options) {
  const context = await browser.newContext(options);
  await context.route((url) => !LOCAL.has(url.protocol), (route) => route.abort('blockedbyclient'));
  return context;
}

/** Waits until every image has loaded or failed (lazy images are made eager first). */
async function settle(page, timeoutMs) {
  await page.evaluate(async (ms) => {
    for (const img of document.images) img.loading = 'eager';
    const pending = [...document.images]
      .filter((img) => !img.complete)
      .map((img) => new Promise((done) => {
        img.addEventListener('load', done, { once: true });
        img.addEventListener('error', done, { once: true });
      }));
    const fonts = document.fonts ? document.fonts.ready : Promise.resolve();
    await Promise.race([Promise.all([...pending, fonts]), new Promise((r) => setTimeout(r, ms))]);
  }, timeoutMs);
}

/** In the page: images and embedded documents that failed or have no size. */
function pageImages() {
  const name = (el) => {
    const src = el.getAttribute('src') || el.getAttribute('data') || '';
    const label = el.getAttribute('alt') || el.getAttribute('aria-label') || el.id || '';
    const shortSrc = src.startsWith('data:') ? src.slice(0, 40) + '…' : src;
    return `<${el.tagName.toLowerCase()}${shortSrc ? ` src="${shortSrc}"` : ''}${label ? ` "${label}"` : ''}>`;
  };
  const out = [];
  const drawn = (el) => el.getClientRects().length > 0;
  const zero = (el) => {
    const r = el.getBoundingClientRect();
    return r.width < 1 || r.height < 1;
  };
  for (const img of document.images) {
    if (!img.complete || img.naturalWidth === 0) {
      out.push({ kind: 'broken-image', message: `${name(img)} did not load` });
    } else if (drawn(img) && zero(img)) {
      out.push({ kind: 'zero-size', message: `${name(img)} is drawn at zero size` });
    }
  }
  for (const el of document.querySelectorAll('svg, object, embed, iframe')) {
    if (el.tagName.toLowerCase() === 'svg' && el.parentElement && el.parentElement.closest('svg')) continue;
    if (drawn(el) && zero(el)) {
      const r = el.getBoundingClientRect();
      out.push({
        kind: 'zero-size',
        message: `${name(el)} is drawn at zero size (${r.width.toFixed(0)} × ${r.height.toFixed(0)} px)`,
      });
    }
  }
  return out;
}

/** In the page: <link> hints that reach another host without a request the page can see. */
function pageHints() {
  const out = [];
  for (const link of document.querySelectorAll('link[href]')) {
    const rel = (link.getAttribute('rel') || '').toLowerCase();
    if (!/preconnect|dns-prefetch|prefetch|prerender|preload/.test(rel)) continue;
    let protocol;
    try {
      protocol = new URL(link.href, document.baseURI).protocol;
    } catch {
      continue;
    }
    if (!['file:', 'data:', 'blob:', 'about:'].includes(protocol)) {
      out.push({ kind: 'external-request', message: `<link rel="${rel}" href="${link.getAttribute('href')}"> reaches another host` });
    }
  }
  return out;
}

/** In the page: content wider than the page, as messages naming each outermost element. */
function pageOverflow({ scrollAllowed }) {
  const tol = 1;
  const doc = document.documentElement;
  const width = doc.clientWidth;
  const describe = (el) => {
    const parts = [];
    for (let e = el; e && e !== doc && parts.length < 4; e = e.parentElement) {
      let p = e.tagName.toLowerCase();
      if (e.id) p += `#${e.id}`;
      else if (typeof e.className === 'string' && e.className.trim()) {
        p += '.' + e.className.trim().split(/\s+/).slice(0, 2).join('.');
      }
      parts.unshift(p);
    }
    const text = (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 50);
    return parts.join(' > ') + (text ? ` ("${text}${text.length === 50 ? '…' : ''}")` : '');
  };
  const exempt = (el) => el.closest('[data-browser-check~="allow-overflow"]') !== null;
  // Inside a box that clips or scrolls, content cannot reach past the page: the box is checked.
  const insideClip = (el) => {
    for (let e = el.parentElement; e && e !== document.body && e !== doc; e = e.parentElement) {
      if (getComputedStyle(e).overflowX !== 'visible') return true;
    }
    return false;
  };
  const beyond = (el) => {
    if (!el || el === doc || el === document.body || el.getClientRects().length === 0) return false;
    if (insideClip(el)) return false;
    const r = el.getBoundingClientRect();
    return r.right > width + tol || r.left < -tol;
  };
  const out = [];
  const scrollWidth = Math.max(doc.scrollWidth, document.body ? document.body.scrollWidth : 0);
  if (scrollWidth > width + tol) {
    out.push({ kind: 'too-wide', message: `content is ${scrollWidth} px wide, the page ${width} px` });
  }
  for (const el of document.body ? document.body.querySelectorAll('*') : []) {
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    if (exempt(el) || el.getClientRects().length === 0) continue;
    if (beyond(el) && !beyond(el.parentElement)) {
      const r = el.getBoundingClientRect();
      out.push({
        kind: 'too-wide',
        message: `${describe(el)} spans ${r.left.toFixed(0)}–${r.right.toFixed(0)} px, the page 0–${width} px`,
      });
    }
    const style = getComputedStyle(el);
    const clips = style.overflowX !== 'visible';
    const scrolls = style.overflowX === 'auto' || style.overflowX === 'scroll';
    if (clips && !(scrollAllowed && scrolls) && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + tol) {
      out.push({
        kind: 'clipped',
        message: `${describe(el)} holds content ${el.scrollWidth} px wide in a box ${el.clientWidth} px wide (overflow-x: ${style.overflowX})`,
      });
    }
  }
  return out.slice(0, 12);
}

/** In the page: whether a phone lays the page out at its own width (a device-width viewport). */
function pageViewport() {
  const meta = document.querySelector('meta[name="viewport"]');
  const content = meta ? meta.getAttribute('content') || '' : '';
  return /width\s*=\s*device-width/.test(content)
    ? []
    : [{
      kind: 'phone-viewport',
      message: `no <meta name="viewport" content="width=device-width, initial-scale=1">: a phone lays the page out ${window.innerWidth} px wide and shrinks it`,
    }];
}

/**
 * Checks one HTML file; writes STEM.png (desktop), STEM.phone.png and STEM.pdf into outDir.
 * Returns { file, problems: [{kind, message}], outputs: [paths] }.
 */
export async function checkFile(browser, file, { outDir, timeoutMs = 30_000 } = {}) {
  const abs = path.resolve(file);
  const dir = outDir ? path.resolve(outDir) : path.dirname(abs);
  mkdirSync(dir, { recursive: true });
  const stem = path.basename(abs).replace(/\.html?$/i, '');
  const url = pathToFileURL(abs).href;
  const problems = [];
  const outputs = [];
  const add = (where, list) => list.forEach((p) => problems.push({ kind: p.kind, message: `${where}: ${p.message}` }));
  const contexts = [];
  const work = async () => {
    // Desktop: errors, images, screenshot, then print: width check at A4 and the PDF.
    const desktop = await newContext(browser, { viewport: DESKTOP });
    contexts.push(desktop);
    const page = await desktop.newPage();
    page.setDefaultTimeout(timeoutMs);
    watch(page, 'desktop', problems);
    await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
    await settle(page, Math.min(timeoutMs, 10_000));
    add('desktop', await page.evaluate(pageImages));
    add('desktop', await page.evaluate(pageHints));
    const png = path.join(dir, `${stem}.png`);
    await page.screenshot({ path: png, fullPage: true, timeout: timeoutMs });
    outputs.push(png);
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: PRINT_WIDTH, height: 1100 });
    add(`A4 print (${PRINT_WIDTH} px)`, await page.evaluate(pageOverflow, { scrollAllowed: false }));
    const pdf = path.join(dir, `${stem}.pdf`);
    const margin = `${A4.marginMm}mm`;
    await page.pdf({
      path: pdf,
      width: A4.width,
      height: A4.height,
      printBackground: true,
      margin: { top: margin, right: margin, bottom: margin, left: margin },
    });
    outputs.push(pdf);

    // Phone: a mobile viewport, where a scrolling box is fine but the page must fit.
    const phone = await newContext(browser, {
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    contexts.push(phone);
    const small = await phone.newPage();
    small.setDefaultTimeout(timeoutMs);
    const phoneErrors = [];
    watch(small, 'phone', phoneErrors);
    await small.goto(url, { waitUntil: 'load', timeout: timeoutMs });
    await settle(small, Math.min(timeoutMs, 10_000));
    // Errors seen on the phone too are reported once, from the desktop.
    const seen = new Set(problems.map((p) => p.message.replace(/^desktop: /, '')));
    for (const p of phoneErrors) {
      if (!seen.has(p.message.replace(/^phone: /, ''))) problems.push(p);
    }
    add(`phone (${PHONE.width} px)`, await small.evaluate(pageViewport));
    add(`phone (${PHONE.width} px)`, await small.evaluate(pageOverflow, { scrollAllowed: true }));
    const phonePng = path.join(dir, `${stem}.phone.png`);
    await small.screenshot({ path: phonePng, fullPage: true, timeout: timeoutMs });
    outputs.push(phonePng);
  };
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${(timeoutMs * 3) / 1000} s`)),
      timeoutMs * 3,
    );
  });
  try {
    await Promise.race([work(), deadline]);
  } catch (err) {
    const first = String(err && err.message ? err.message : err).split('\n')[0];
    const kind = /timed? ?out|Timeout/i.test(first) ? 'timeout' : 'browser-error';
    problems.push({ kind, message: `${kind === 'timeout' ? 'timeout' : 'browser'}: ${first}` });
  } finally {
    clearTimeout(timer);
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
  }
  return { file: abs, problems, outputs };
}

function usage(message) {
  if (message) console.error(`browser-check: ${message}`);
  console.error('usage: check.mjs [--out DIR] [--timeout SECONDS] FILE.html...');
  process.exit(2);
}

async function main(argv) {
  const files = [];
  let outDir;
  let timeoutMs = 30_000;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') outDir = argv[++i] ?? usage('--out needs a folder');
    else if (a === '--timeout') {
      const s = Number(argv[++i]);
      if (!(s > 0)) usage('--timeout needs a number of seconds');
      timeoutMs = s * 1000;
    } else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length === 0) usage('no HTML file given');
  for (const f of files) {
    if (!existsSync(f) || !statSync(f).isFile()) usage(`${f}: no such file`);
  }
  let browser;
  try {
    browser = await launch();
  } catch (err) {
    console.error(`browser-check: could not start ${CHROMIUM}: ${String(err.message).split('\n')[0]}`);
    process.exit(2);
  }
  let failed = 0;
  try {
    for (const f of files) {
      const started = Date.now();
      const { problems, outputs } = await checkFile(browser, f, { outDir, timeoutMs });
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      if (problems.length === 0) {
        console.log(`ok    ${f} (${secs} s) → ${outputs.map((o) => path.basename(o)).join(', ')}`);
      } else {
        failed++;
        console.log(`FAIL  ${f} (${secs} s)`);
        for (const p of problems) console.log(`      [${p.kind}] ${p.message}`);
      }
    }
  } finally {
    await browser.close().catch(() => {});
  }
  console.log(`browser-check: ${files.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(`browser-check: ${err && err.stack ? err.stack : err}`);
      process.exit(2);
    },
  );
}

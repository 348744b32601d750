// The browser check's own tests: the good fixture passes and writes a PNG and an A4 PDF; each bad
// fixture fails with the problem it was made for, at the width it was made for, naming the
// element. Run with `scripts/browser-check --self-test` (node's test runner).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { checkFile, launch } from './check.mjs';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
let browser;
let out;

before(async () => {
  browser = await launch();
  out = mkdtempSync(path.join(os.tmpdir(), 'browser-check-'));
});

after(async () => {
  await browser?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

async function check(name, options = {}) {
  return checkFile(browser, path.join(fixtures, name), { outDir: out, ...options });
}

function kinds(result) {
  return [...new Set(result.problems.map((p) => p.kind))].sort();
}

function messages(result, kind) {
  return result.problems.filter((p) => p.kind === kind).map((p) => p.message);
}

test('the good page passes and is saved as PNGs and an A4 PDF', async () => {
  const result = await check('good.html');
  assert.deepEqual(result.problems, []);
  const png = readFileSync(path.join(out, 'good.png'));
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  assert.ok(png.readUInt32BE(16) === 1280, 'desktop screenshot is 1280 px wide');
  const phone = readFileSync(path.join(out, 'good.phone.png'));
  assert.equal(phone.readUInt32BE(16), 720, 'phone screenshot: 360 CSS px at 2× scale');
  const pdf = readFileSync(path.join(out, 'good.pdf')).toString('latin1');
  assert.ok(pdf.startsWith('%PDF-'));
  const boxes = [...pdf.matchAll(/\/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]/g)];
  assert.ok(boxes.length >= 2, 'the print stylesheet breaks the page before h2');
  for (const [, w, h] of boxes) {
    // A4 is 595.3 × 841.9 pt; Chromium rounds to whole CSS pixels.
    assert.ok(Math.abs(Number(w) - 595.3) < 1.5 && Math.abs(Number(h) - 841.9) < 1.5, `${w} × ${h}`);
  }
});

test('a console error fails', async () => {
  const result = await check('console-error.html');
  assert.deepEqual(kinds(result), ['console-error']);
  assert.match(messages(result, 'console-error')[0], /something went wrong/);
});

test('an uncaught error fails', async () => {
  const result = await check('page-error.html');
  assert.ok(kinds(result).includes('page-error'), kinds(result).join());
  assert.match(messages(result, 'page-error')[0], /undefinedFunction/);
});

test('a request to another host fails and is blocked', async () => {
  const result = await check('external-request.html');
  assert.ok(kinds(result).includes('external-request'), kinds(result).join());
  assert.match(messages(result, 'external-request')[0], /fonts\.example\.invalid/);
  assert.ok(!kinds(result).includes('failed-request'), 'blocked requests are not counted twice');
});

test('a hint to connect to another host fails', async () => {
  const result = await check('preconnect.html');
  assert.deepEqual(kinds(result), ['external-request']);
  assert.match(messages(result, 'external-request')[0], /preconnect.*fonts\.example\.invalid/);
});

test('an error only on a phone fails, reported from the phone', async () => {
  const result = await check('phone-only-error.html');
  assert.deepEqual(kinds(result), ['console-error']);
  assert.match(messages(result, 'console-error')[0], /^phone: .*narrow layout failed/);
});

test('an image that did not load fails', async () => {
  const result = await check('broken-image.html');
  assert.ok(kinds(result).includes('broken-image'), kinds(result).join());
  assert.match(messages(result, 'broken-image')[0], /missing-chart\.png/);
});

test('an embedded object whose file is missing fails', async () => {
  const result = await check('broken-object.html');
  assert.ok(kinds(result).includes('failed-request'), kinds(result).join());
  assert.match(messages(result, 'failed-request')[0], /missing-chart\.svg/);
});

test('a chart drawn at zero size fails', async () => {
  const result = await check('zero-size.html');
  assert.deepEqual(kinds(result), ['zero-size']);
  assert.match(messages(result, 'zero-size')[0], /<svg "chart"> is drawn at zero size/);
});

test('content wider than A4 fails in print and on a phone, naming the element', async () => {
  const result = await check('too-wide-print.html');
  assert.deepEqual(kinds(result), ['too-wide']);
  const wide = messages(result, 'too-wide');
  assert.ok(wide.some((m) => m.startsWith('A4 print') && m.includes('div#wide')), wide.join('\n'));
  assert.ok(wide.some((m) => m.startsWith('phone') && m.includes('div#wide')), wide.join('\n'));
});

test('content that fits A4 but not a phone fails only on the phone', async () => {
  const result = await check('too-wide-phone.html');
  assert.deepEqual(kinds(result), ['too-wide']);
  const wide = messages(result, 'too-wide');
  assert.ok(wide.every((m) => m.startsWith('phone')), wide.join('\n'));
  assert.ok(wide.some((m) => m.includes('table#wide')), wide.join('\n'));
});

test('a scrolling box passes on a phone but is clipped on paper', async () => {
  const result = await check('clipped-print.html');
  assert.deepEqual(kinds(result), ['clipped']);
  const clipped = messages(result, 'clipped');
  assert.equal(clipped.length, 1);
  assert.match(clipped[0], /^A4 print.*div#scroller.*1000 px wide/);
});

test('a page without a device-width viewport fails on a phone', async () => {
  const result = await check('no-viewport.html');
  assert.deepEqual(kinds(result), ['phone-viewport']);
});

test('a page that never finishes loading times out cleanly', async () => {
  const started = Date.now();
  const result = await check('hang.html', { timeoutMs: 2_000 });
  assert.deepEqual(kinds(result), ['timeout']);
  assert.ok(Date.now() - started < 15_000, 'gave up in time');
  // The browser is still usable afterwards.
  assert.deepEqual((await check('good.html')).problems, []);
});

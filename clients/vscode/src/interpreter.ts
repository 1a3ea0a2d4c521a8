/**
 * Finds the Python interpreter that runs the server and checks that mlgloss imports in it.
 *
 * Order: the `mlgloss.interpreter` setting, the Python extension's active interpreter (when
 * `ms-python.python` is installed), `python3`. The choice itself is the pure `chooseInterpreter`.
 */
import { execFile } from 'node:child_process';
import * as os from 'node:os';
import * as vscode from 'vscode';

import { chooseInterpreter } from './settings';

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

export interface Interpreter {
  path: string;
  source: 'setting' | 'python-extension' | 'virtualenv' | 'default';
}

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

export async function findInterpreter(log: vscode.LogOutputChannel): Promise<Interpreter> {
  const setting = vscode.workspace.getConfiguration('mlgloss').get<string>('interpreter');
  const fromSetting = typeof setting === 'string' && setting.trim() !== '';
  const fromExtension = fromSetting ? undefined : await pythonExtensionInterpreter(log);
  return chooseInterpreter(setting, fromExtension, pathContext(), process.env.VIRTUAL_ENV);
}

/** Calls `listener` when the Python extension's active interpreter changes. */
export async function onPythonInterpreterChange(
  log: vscode.LogOutputChannel,
  listener: () => void,
): Promise<vscode.Disposable | undefined> {
  const api = await pythonExtensionApi(log);
  return api?.environments?.onDidChangeActiveEnvironmentPath?.(() => listener());
}

export type ImportCheck =
  | { ok: true; version: string }
  | { ok: false; reason: 'not-found' | 'not-installed' | 'error'; detail: string };

/** Runs `<python> -c "import mlgloss"` (bounded by a timeout) and reports what happened. */
export function checkMlglossImports(
  python: string,
  options: { cwd: string; env: Record<string, string | undefined> },
): Promise<ImportCheck> {
  const code = 'import mlgloss, sys; sys.stdout.write(getattr(mlgloss, "__version__", "?"))';
  return new Promise((resolve) => {
    const run = { timeout: 30_000, cwd: options.cwd, env: options.env as NodeJS.ProcessEnv, windowsHide: true };
    execFile(python, ['-c', code], run, (err, stdout, stderr) => {
      if (!err) {
        resolve({ ok: true, version: stdout.trim() });
        return;
      }
      const e = err as NodeJS.ErrnoException & { killed?: boolean };
      if (e.code === 'ENOENT' || e.code === 'EACCES') {
        resolve({ ok: false, reason: 'not-found', detail: `${python}: ${e.code}` });
      } else if (/ModuleNotFoundError|No module named/.test(stderr)) {
        resolve({ ok: false, reason: 'not-installed', detail: stderr.trim() });
      } else {
        const why = e.killed ? 'timed out after 30 s' : stderr.trim() || String(err);
        resolve({ ok: false, reason: 'error', detail: why });
      }
    });
  });
}

/**
 * Choosing the Python that runs the server, without an editor: the candidates in order, the probe
 * that asks each for its version and its mlgloss, and the sentence that explains why none would do.
 *
 * Pure: no `vscode` import, so `node --test` checks it; `interpreter.ts` runs the probes.
 */
import { type ImportStrategy, type PathContext, resolvePath } from './settings';

/** Where an interpreter candidate came from, in the order they are tried. */
export type InterpreterSource = 'setting' | 'python-extension' | 'virtualenv' | 'path';

export interface InterpreterCandidate {
  path: string;
  source: InterpreterSource;
}

/** The oldest Python mlgloss runs on. */
export const MIN_PYTHON: readonly [number, number] = [3, 11];

/**
 * The interpreters that may run the server, in the order they are tried: the `mlgloss.interpreter`
 * setting alone when it is set (a choice the user made is never silently replaced), else the
 * Python extension's active interpreter, the activated virtual environment VS Code was started
 * from (`VIRTUAL_ENV`), then `python3` and `python` on the `PATH`. The first suitable one runs it.
 */
export function interpreterCandidates(
  setting: unknown,
  pythonExtensionInterpreter: string | undefined,
  ctx: PathContext = {},
  virtualEnv: string | undefined = undefined,
  platform: string = 'linux',
): InterpreterCandidate[] {
  if (typeof setting === 'string' && setting.trim() !== '') {
    const value = setting.trim();
    // A bare command name ("python3.12") is looked up on PATH, so only expand path-like values.
    const pathLike = value.includes('/') || value.includes('\\') || value.startsWith('~') || value.includes('${');
    return [{ path: pathLike ? resolvePath(value, ctx) : value, source: 'setting' }];
  }
  const out: InterpreterCandidate[] = [];
  if (pythonExtensionInterpreter && pythonExtensionInterpreter.trim() !== '') {
    out.push({ path: pythonExtensionInterpreter.trim(), source: 'python-extension' });
  }
  if (virtualEnv && virtualEnv.trim() !== '') {
    const windows = /^[A-Za-z]:\\/.test(virtualEnv) || virtualEnv.includes('\\');
    out.push({
      path: windows ? `${virtualEnv}\\Scripts\\python.exe` : `${virtualEnv}/bin/python`,
      source: 'virtualenv',
    });
  }
  const onPath = platform === 'win32' ? ['python', 'py'] : ['python3', 'python'];
  for (const name of onPath) out.push({ path: name, source: 'path' });
  // The same interpreter named twice (the extension's and VIRTUAL_ENV's) is tried once.
  return out.filter((c, i) => out.findIndex((o) => o.path === c.path) === i);
}

/** The command line that reports an interpreter's version and its mlgloss, as one JSON line. */
export function probeCommand(python: string, strategy: ImportStrategy, launcher = ''): { command: string; args: string[] } {
  if (strategy === 'useBundled') {
    return { command: python, args: ['-I', launcher, '--probe'] };
  }
  return { command: python, args: ['-c', PROBE_FROM_ENVIRONMENT] };
}

/** The environment probe: the same JSON as `launch.py --probe`, for the interpreter's own mlgloss. */
const PROBE_FROM_ENVIRONMENT = [
  'import json, os, sys',
  'a = {"python": "%d.%d.%d" % sys.version_info[:3], "executable": sys.executable, "supported": sys.version_info[:2] >= (3, 11)}',
  'try:',
  '    import mlgloss',
  '    a["mlgloss"] = getattr(mlgloss, "__version__", "?"); a["location"] = os.path.dirname(os.path.abspath(mlgloss.__file__))',
  'except ImportError as e:',
  '    a["missing"] = str(e)',
  'except Exception as e:',
  '    a["error"] = "%s: %s" % (type(e).__name__, e)',
  'sys.stdout.write(json.dumps(a) + "\\n")',
].join('\n');

/** What a probe found, read from its JSON line. */
export type ProbeResult =
  | { ok: true; python: string; executable: string; mlgloss: string; location: string }
  | { ok: false; reason: 'not-found' | 'too-old' | 'not-installed' | 'broken'; python?: string; detail: string };

export type ProbeFailure = Extract<ProbeResult, { ok: false }>;

/** Reads a probe's output into a verdict: suitable, or why not. */
export function readProbe(stdout: string): ProbeResult {
  let a: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(stdout.trim().split('\n').pop() ?? '');
    if (!isRecord(parsed)) throw new Error('not an object');
    a = parsed;
  } catch {
    return { ok: false, reason: 'broken', detail: `unexpected probe output: ${JSON.stringify(stdout.slice(0, 200))}` };
  }
  const python = typeof a.python === 'string' ? a.python : '?';
  if (a.supported !== true) {
    return { ok: false, reason: 'too-old', python, detail: `Python ${python} is older than ${MIN_PYTHON.join('.')}` };
  }
  if (typeof a.mlgloss === 'string' && typeof a.location === 'string') {
    const executable = typeof a.executable === 'string' ? a.executable : '?';
    return { ok: true, python, executable, mlgloss: a.mlgloss, location: a.location };
  }
  if (typeof a.missing === 'string') {
    return { ok: false, reason: 'not-installed', python, detail: a.missing };
  }
  return { ok: false, reason: 'broken', python, detail: typeof a.error === 'string' ? a.error : 'mlgloss did not import' };
}

/** The first suitable interpreter, and every unsuitable candidate tried before it, with why. */
export interface InterpreterChoice {
  chosen?: { interpreter: InterpreterCandidate; probe: Extract<ProbeResult, { ok: true }> };
  tried: { interpreter: InterpreterCandidate; probe: ProbeFailure }[];
}

/** One sentence on why no interpreter could run the server, and how to fix it. */
export function describeNoInterpreter(choice: InterpreterChoice, strategy: ImportStrategy): string {
  const need = `Python ${MIN_PYTHON.join('.')} or newer`;
  const tried = choice.tried.map((t) => `${t.interpreter.path}: ${t.probe.reason === 'not-found' ? 'not found' : t.probe.detail}`);
  const list = tried.length ? ` Tried: ${tried.join('; ')}.` : '';
  if (choice.tried.every((t) => t.probe.reason === 'not-found')) {
    return `the language server needs ${need}, and none was found.${list} Install Python ${MIN_PYTHON.join('.')}+ (python.org or your package manager), or point "mlgloss.interpreter" at one.`;
  }
  if (strategy === 'fromEnvironment' && choice.tried.some((t) => t.probe.reason === 'not-installed')) {
    return `no interpreter has mlgloss installed ("mlgloss.importStrategy" is "fromEnvironment").${list} Install mlgloss into one, or set the strategy to "useBundled".`;
  }
  if (choice.tried.every((t) => t.probe.reason === 'not-found' || t.probe.reason === 'too-old')) {
    return `the language server needs ${need}.${list} Install a newer Python, or point "mlgloss.interpreter" at one.`;
  }
  return `no interpreter could run the language server.${list} See the mlgloss output for details.`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The mapping from the `mlgloss.*` settings to what the language server receives.
 *
 * Pure: no `vscode` import, so `node --test` checks it without an editor. The same object is
 * sent as `initializationOptions` and returned for `workspace/configuration` requests for the
 * section `mlgloss`; the server re-reads it on `workspace/didChangeConfiguration`.
 */

/** The rules the server knows, by their diagnostic `code`. */
export const RULE_CODES = [
  'variant',
  'inconsistent',
  'misspelling',
  'acronym-expansion',
  'config-key',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

export const SEVERITIES = ['off', 'hint', 'info', 'warning', 'error'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What the server gets: only the keys it understands, each with a valid value. */
export interface ServerSettings {
  /** Extra glossary files, absolute when a workspace folder was known, else as written. */
  glossary: string[];
  /** Whether to load the glossary that ships with mlgloss. */
  builtinGlossary: boolean;
  /** Severity overrides; rules not listed keep the server's default. */
  rules: Partial<Record<RuleCode, Severity>>;
}

export const DEFAULT_SERVER_SETTINGS: Readonly<ServerSettings> = Object.freeze({
  glossary: [],
  builtinGlossary: true,
  rules: {},
});

/** Where paths in settings are resolved; both optional (no folder open, unknown home). */
export interface PathContext {
  workspaceFolder?: string | undefined;
  home?: string | undefined;
}

/** The result of a mapping: the settings, and one line per value that was ignored. */
export interface Mapped<T> {
  value: T;
  problems: string[];
}

/**
 * Reads the raw `mlgloss` section (a plain object, as `WorkspaceConfiguration` gives it, or
 * anything a user typed into settings.json) into the server's settings. Invalid values are
 * dropped, never passed on, and reported in `problems` so the client can show them.
 */
export function toServerSettings(raw: unknown, ctx: PathContext = {}): Mapped<ServerSettings> {
  const problems: string[] = [];
  const section = isRecord(raw) ? raw : {};
  if (raw !== undefined && raw !== null && !isRecord(raw)) {
    problems.push('mlgloss: settings must be an object; using the defaults');
  }

  const glossary: string[] = [];
  const rawGlossary = section['glossary'];
  if (rawGlossary !== undefined && rawGlossary !== null) {
    const entries = typeof rawGlossary === 'string' ? [rawGlossary] : rawGlossary;
    if (Array.isArray(entries)) {
      entries.forEach((entry: unknown, i) => {
        if (typeof entry === 'string' && entry.trim() !== '') {
          glossary.push(resolvePath(entry.trim(), ctx));
        } else {
          problems.push(`mlgloss.glossary[${i}]: expected a non-empty path, got ${describe(entry)}`);
        }
      });
    } else {
      problems.push(`mlgloss.glossary: expected an array of paths, got ${describe(rawGlossary)}`);
    }
  }

  let builtinGlossary = DEFAULT_SERVER_SETTINGS.builtinGlossary;
  const rawBuiltin = section['builtinGlossary'];
  if (typeof rawBuiltin === 'boolean') {
    builtinGlossary = rawBuiltin;
  } else if (rawBuiltin !== undefined && rawBuiltin !== null) {
    problems.push(`mlgloss.builtinGlossary: expected true or false, got ${describe(rawBuiltin)}`);
  }

  const rules: Partial<Record<RuleCode, Severity>> = {};
  const rawRules = section['rules'];
  if (isRecord(rawRules)) {
    for (const [code, severity] of Object.entries(rawRules)) {
      if (!isRuleCode(code)) {
        problems.push(`mlgloss.rules: unknown rule "${code}" (known: ${RULE_CODES.join(', ')})`);
      } else if (typeof severity === 'string' && isSeverity(severity.toLowerCase())) {
        rules[code] = severity.toLowerCase() as Severity;
      } else {
        problems.push(
          `mlgloss.rules.${code}: expected one of ${SEVERITIES.join(', ')}, got ${describe(severity)}`,
        );
      }
    }
  } else if (rawRules !== undefined && rawRules !== null) {
    problems.push(`mlgloss.rules: expected an object of rule → severity, got ${describe(rawRules)}`);
  }

  return { value: { glossary, builtinGlossary, rules }, problems };
}

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

/** Which mlgloss runs the server: the copy inside the extension, or the interpreter's own. */
export const IMPORT_STRATEGIES = ['useBundled', 'fromEnvironment'] as const;
export type ImportStrategy = (typeof IMPORT_STRATEGIES)[number];

/** Reads `mlgloss.importStrategy`; anything else is `useBundled`, reported as a problem. */
export function toImportStrategy(raw: unknown): Mapped<ImportStrategy> {
  if (raw === undefined || raw === null || raw === '') {
    return { value: 'useBundled', problems: [] };
  }
  if (typeof raw === 'string' && (IMPORT_STRATEGIES as readonly string[]).includes(raw)) {
    return { value: raw as ImportStrategy, problems: [] };
  }
  return {
    value: 'useBundled',
    problems: [`mlgloss.importStrategy: expected "useBundled" or "fromEnvironment", got ${describe(raw)}`],
  };
}

/**
 * The server's command line. Bundled: `<python> -I <extension>/bundled/tool/launch.py serve`
 * (isolated mode: neither PYTHONPATH nor user site-packages nor the working directory can put
 * another mlgloss first). From the environment: `<python> -m mlgloss serve`.
 */
export function serverCommand(
  python: string,
  strategy: ImportStrategy = 'fromEnvironment',
  launcher = '',
): { command: string; args: string[] } {
  if (strategy === 'useBundled') {
    return { command: python, args: ['-I', launcher, 'serve'] };
  }
  return { command: python, args: ['-m', 'mlgloss', 'serve'] };
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

/**
 * How to run the interpreter so that nothing in the opened workspace is imported: `python -m`
 * and `python -c` put the working directory first on `sys.path`, so a repository holding an
 * `mlgloss/` folder would run its code. The process starts in a neutral directory, and
 * `PYTHONSAFEPATH` (Python 3.11+, which mlgloss requires) keeps that directory off the path.
 */
export function safeProcessOptions(
  env: Record<string, string | undefined>,
  neutralDir: string,
): { cwd: string; env: Record<string, string | undefined> } {
  return { cwd: neutralDir, env: { ...env, PYTHONSAFEPATH: '1' } };
}

/** The command that installs mlgloss into that interpreter, quoted for a POSIX or Windows shell. */
export function installCommand(python: string, platform: string = 'linux'): string {
  return `${shellQuote(python, platform)} -m pip install mlgloss`;
}

/** Expands `${workspaceFolder}`, `${userHome}` and a leading `~`; makes relative paths absolute. */
export function resolvePath(value: string, ctx: PathContext): string {
  let out = value;
  if (ctx.home) {
    out = out.replace(/\$\{userHome\}/g, ctx.home);
    if (out === '~' || out.startsWith('~/') || out.startsWith('~\\')) {
      out = ctx.home + out.slice(1);
    }
  }
  if (ctx.workspaceFolder) {
    out = out.replace(/\$\{workspaceFolder\}/g, ctx.workspaceFolder);
    if (!isAbsolute(out)) {
      out = joinPath(ctx.workspaceFolder, out);
    }
  }
  return out;
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(p);
}

function joinPath(base: string, rel: string): string {
  const sep = base.includes('\\') && !base.includes('/') ? '\\' : '/';
  const trimmed = rel.replace(/^\.[\\/]/, '');
  return base.endsWith('/') || base.endsWith('\\') ? base + trimmed : base + sep + trimmed;
}

function shellQuote(s: string, platform: string): string {
  if (/^[A-Za-z0-9_./:\\=+-]+$/.test(s)) {
    return s;
  }
  if (platform === 'win32') {
    return `"${s.replace(/"/g, '""')}"`;
  }
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isRuleCode(v: string): v is RuleCode {
  return (RULE_CODES as readonly string[]).includes(v);
}

function isSeverity(v: string): v is Severity {
  return (SEVERITIES as readonly string[]).includes(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v);
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

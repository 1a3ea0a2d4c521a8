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

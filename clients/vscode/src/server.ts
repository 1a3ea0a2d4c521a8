/**
 * Starts, stops and restarts the language server (`<python> -m mlgloss serve` over stdio)
 * and feeds it the `mlgloss` settings.
 *
 * Settings reach the server three ways, all through the pure `toServerSettings`: as
 * `initializationOptions`, as the answer to `workspace/configuration` for section `mlgloss`, and
 * as a `workspace/didChangeConfiguration` notification when they change (the server re-reads).
 */
import * as os from 'os';

import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  type DocumentSelector,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

import { checkMlglossImports, findInterpreter, type Interpreter, pathContext } from './interpreter';
import { GLOSSARY_ENTRIES_METHOD, type GlossaryEntry, parseGlossaryEntries } from './protocol';
import {
  installCommand,
  safeProcessOptions,
  serverCommand,
  type ServerSettings,
  toServerSettings,
} from './settings';

export const LANGUAGES = ['markdown', 'python', 'yaml', 'json', 'jsonc', 'toml', 'restructuredtext'] as const;

export function documentSelector(): DocumentSelector {
  const selector: DocumentSelector = [];
  for (const language of LANGUAGES) {
    selector.push({ scheme: 'file', language }, { scheme: 'untitled', language });
  }
  // Cells of any notebook (Jupyter among them), synced through LSP notebook sync.
  selector.push({ notebook: '*', language: 'markdown' }, { notebook: '*', language: 'python' });
  return selector;
}

export type ServerState =
  | { kind: 'stopped' }
  | { kind: 'running'; interpreter: Interpreter }
  | { kind: 'failed'; interpreter?: Interpreter; reason: string };

export class ServerController implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private state: ServerState = { kind: 'stopped' };
  /** Start and stop run one at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();
  private lastProblems = '';
  private readonly changed = new vscode.EventEmitter<ServerState>();
  readonly onDidChangeState = this.changed.event;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly traceLog: vscode.LogOutputChannel,
  ) {}

  get current(): ServerState {
    return this.state;
  }

  get languageClient(): LanguageClient | undefined {
    return this.client;
  }

  start(): Promise<ServerState> {
    return this.enqueue(() => this.doStart());
  }

  stop(): Promise<ServerState> {
    return this.enqueue(() => this.doStop());
  }

  restart(): Promise<ServerState> {
    return this.enqueue(async () => {
      await this.doStop();
      return this.doStart();
    });
  }

  /** The settings the server gets, for a scope (a folder or file URI) or the first folder. */
  serverSettings(scopeUri?: string): ServerSettings {
    const scope = scopeUri ? vscode.Uri.parse(scopeUri) : vscode.workspace.workspaceFolders?.[0]?.uri;
    const folder = scope ? vscode.workspace.getWorkspaceFolder(scope) : undefined;
    const cfg = vscode.workspace.getConfiguration('mlgloss', scope);
    const raw = { glossary: cfg.get('glossary'), builtinGlossary: cfg.get('builtinGlossary'), rules: cfg.get('rules') };
    const ctx = { ...pathContext(), ...(folder ? { workspaceFolder: folder.uri.fsPath } : {}) };
    const { value, problems } = toServerSettings(raw, ctx);
    this.reportProblems(problems);
    return value;
  }

  /** Sends the current settings after a change of `mlgloss.*` (the server re-reads them). */
  async settingsChanged(): Promise<void> {
    const client = this.client;
    if (client?.isRunning()) {
      await client.sendNotification(DidChangeConfigurationNotification.type, {
        settings: { mlgloss: this.serverSettings() },
      });
    }
  }

  async glossaryEntries(query: string): Promise<GlossaryEntry[]> {
    const client = this.client;
    if (!client?.isRunning()) {
      throw new Error('the mlgloss language server is not running');
    }
    return parseGlossaryEntries(await client.sendRequest(GLOSSARY_ENTRIES_METHOD, { query }));
  }

  dispose(): void {
    void this.stop();
    this.changed.dispose();
  }

  private enqueue(job: () => Promise<ServerState>): Promise<ServerState> {
    const next = this.queue.then(job, job);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private setState(state: ServerState): ServerState {
    this.state = state;
    this.changed.fire(state);
    return state;
  }

  private async doStart(): Promise<ServerState> {
    if (this.client) {
      return this.state;
    }
    const interpreter = await findInterpreter(this.log);
    this.log.info(`Python interpreter: ${interpreter.path} (from ${interpreter.source})`);
    const processOptions = safeProcessOptions(process.env, os.tmpdir());
    const check = await checkMlglossImports(interpreter.path, processOptions);
    if (!check.ok) {
      this.log.error(`mlgloss cannot start: ${check.reason}: ${check.detail}`);
      void this.explainFailure(interpreter, check.reason);
      return this.setState({ kind: 'failed', interpreter, reason: `${check.reason}: ${check.detail}` });
    }
    this.log.info(`mlgloss ${check.version} imports in ${interpreter.path}`);

    const { command, args } = serverCommand(interpreter.path);
    const serverOptions: ServerOptions = {
      command,
      args,
      transport: TransportKind.stdio,
      options: { cwd: processOptions.cwd, env: processOptions.env },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: documentSelector(),
      outputChannel: this.log,
      traceOutputChannel: this.traceLog,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: this.serverSettings(),
      middleware: {
        workspace: {
          configuration: async (params, token, next) => {
            const answer = await next(params, token);
            if (!Array.isArray(answer)) {
              return answer;
            }
            return params.items.map((item, i) => {
              if (item.section === 'mlgloss') {
                return this.serverSettings(item.scopeUri);
              }
              if (item.section?.startsWith('mlgloss.')) {
                const key = item.section.slice('mlgloss.'.length) as keyof ServerSettings;
                const settings = this.serverSettings(item.scopeUri);
                return key in settings ? settings[key] : answer[i];
              }
              return answer[i];
            });
          },
        },
      },
    };
    const client = new LanguageClient('mlgloss', 'mlgloss', serverOptions, clientOptions);
    try {
      await client.start();
    } catch (err) {
      this.log.error(`The mlgloss server did not start: ${String(err)}`);
      await client.dispose().catch(() => undefined);
      void vscode.window
        .showErrorMessage(`mlgloss: the language server did not start (${interpreter.path}).`, 'Show Output')
        .then((choice) => choice && this.log.show());
      return this.setState({ kind: 'failed', interpreter, reason: String(err) });
    }
    this.client = client;
    this.log.info('mlgloss language server started');
    return this.setState({ kind: 'running', interpreter });
  }

  private async doStop(): Promise<ServerState> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        await client.stop(5_000);
      } catch (err) {
        this.log.warn(`Stopping the server: ${String(err)}`);
      }
      await client.dispose().catch(() => undefined);
      this.log.info('mlgloss language server stopped');
    }
    return this.setState({ kind: 'stopped' });
  }

  private async explainFailure(interpreter: Interpreter, reason: string): Promise<void> {
    const install = installCommand(interpreter.path, process.platform);
    const copy = 'Copy Install Command';
    const settings = 'Choose Interpreter';
    const message =
      reason === 'not-found'
        ? `mlgloss: the Python interpreter "${interpreter.path}" was not found. Set "mlgloss.interpreter", then install mlgloss with: ${install}`
        : reason === 'not-installed'
          ? `mlgloss is not installed in ${interpreter.path}. Install it with: ${install}`
          : `mlgloss could not be imported in ${interpreter.path}; see the output. To (re)install it: ${install}`;
    const choice = await vscode.window.showErrorMessage(message, copy, settings, 'Show Output');
    if (choice === copy) {
      await vscode.env.clipboard.writeText(install);
      void vscode.window.showInformationMessage(`Copied: ${install}. Run it in a terminal, then "mlgloss: Restart Server".`);
    } else if (choice === settings) {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'mlgloss.interpreter');
    } else if (choice === 'Show Output') {
      this.log.show();
    }
  }

  private reportProblems(problems: string[]): void {
    const key = problems.join('\n');
    if (key === this.lastProblems) {
      return;
    }
    this.lastProblems = key;
    for (const p of problems) {
      this.log.warn(`Ignored setting: ${p}`);
    }
    if (problems.length > 0) {
      void vscode.window.showWarningMessage(`mlgloss: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more; see the output)` : ''}`);
    }
  }
}

/**
 * Starts, stops and restarts the language server (`<python> -m mlgloss serve` over stdio)
 * and feeds it the `mlgloss` settings.
 *
 * Settings reach the server three ways, all through the pure `toServerSettings`: as
 * `initializationOptions`, as the answer to `workspace/configuration` for section `mlgloss`, and
 * as a `workspace/didChangeConfiguration` notification when they change (the server re-reads).
 */
import * as os from 'os';
import * as path from 'path';
import * as fs from 'fs';

import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  type DocumentSelector,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

import { findInterpreter, type Interpreter, pathContext } from './interpreter';
import { describeNoInterpreter, type InterpreterChoice } from './python';
import { openDraft } from './projectTerms';
import {
  GLOSSARY_ENTRIES_METHOD,
  type GlossaryEntry,
  parseGlossaryEntries,
  parseProjectTermsDraft,
  type ProjectTermsDraft,
  SUGGEST_PROJECT_TERMS_COMMAND,
} from './protocol';
import {
  type ImportStrategy,
  installCommand,
  safeProcessOptions,
  serverCommand,
  type ServerSettings,
  toImportStrategy,
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

/** Which mlgloss runs: its version, where it was imported from, and the import strategy. */
export interface RunningMlgloss {
  version: string;
  location: string;
  strategy: ImportStrategy;
  python: string;
}

export type ServerState =
  | { kind: 'stopped' }
  | { kind: 'running'; interpreter: Interpreter; mlgloss: RunningMlgloss }
  | { kind: 'failed'; interpreter?: Interpreter; reason: string };

export class ServerController implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private state: ServerState = { kind: 'stopped' };
  /** Start and stop run one at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();
  private lastProblems = '';
  private readonly changed = new vscode.EventEmitter<ServerState>();
  readonly onDidChangeState = this.changed.event;

  /** The launcher of the bundled server (`bundled/tool/launch.py` inside the extension). */
  private readonly launcher: string;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly traceLog: vscode.LogOutputChannel,
    extensionPath: string,
  ) {
    this.launcher = path.join(extensionPath, 'bundled', 'tool', 'launch.py');
  }

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

  /** Runs the server command `mlgloss.suggestProjectTerms`: the draft project glossary. */
  async suggestProjectTerms(): Promise<ProjectTermsDraft> {
    const client = this.client;
    if (!client?.isRunning()) {
      throw new Error('the mlgloss language server is not running');
    }
    const folder = vscode.window.activeTextEditor
      ? vscode.workspace.getWorkspaceFolder(vscode.window.activeTextEditor.document.uri)
      : vscode.workspace.workspaceFolders?.[0];
    const args = folder ? [{ folder: folder.uri.toString() }] : [];
    return parseProjectTermsDraft(
      await client.sendRequest(ExecuteCommandRequest.type, { command: SUGGEST_PROJECT_TERMS_COMMAND, arguments: args }),
    );
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
    const { value: strategy, problems } = toImportStrategy(vscode.workspace.getConfiguration('mlgloss').get('importStrategy'));
    this.reportProblems(problems);
    const processOptions = safeProcessOptions(process.env, os.tmpdir());
    if (strategy === 'useBundled' && !fs.existsSync(path.join(path.dirname(this.launcher), '..', 'libs'))) {
      const reason = `this build of the extension has no bundled server (${path.dirname(this.launcher)}/../libs is missing)`;
      this.log.error(`mlgloss cannot start: ${reason}. Set "mlgloss.importStrategy" to "fromEnvironment".`);
      void vscode.window.showErrorMessage(`mlgloss: ${reason}. Set "mlgloss.importStrategy" to "fromEnvironment" to use an installed mlgloss.`);
      return this.setState({ kind: 'failed', reason });
    }
    const choice = await findInterpreter(this.log, strategy, this.launcher, processOptions);
    if (!choice.chosen) {
      const reason = describeNoInterpreter(choice, strategy);
      this.log.error(`mlgloss cannot start: ${reason}`);
      void this.explainFailure(choice, strategy);
      return this.setState({ kind: 'failed', interpreter: choice.tried[0]?.interpreter, reason });
    }
    const { interpreter, probe } = choice.chosen;
    const mlgloss: RunningMlgloss = { version: probe.mlgloss, location: probe.location, strategy, python: probe.python };
    const origin = strategy === 'useBundled' ? 'bundled with the extension' : 'from the environment';
    this.log.info(
      `mlgloss ${probe.mlgloss} (${origin}: ${probe.location}) on Python ${probe.python} (${probe.executable}, from ${interpreter.source})`,
    );

    const { command, args } = serverCommand(interpreter.path, strategy, this.launcher);
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
        // The server's code action on a `project-term` hint runs its command: open the draft.
        executeCommand: async (command, args, next) => {
          const answer: unknown = await next(command, args);
          if (command === SUGGEST_PROJECT_TERMS_COMMAND) {
            await openDraft(parseProjectTermsDraft(answer));
          }
          return answer;
        },
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
    return this.setState({ kind: 'running', interpreter, mlgloss });
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

  private async explainFailure(choice: InterpreterChoice, strategy: ImportStrategy): Promise<void> {
    const settings = 'Choose Interpreter';
    const buttons = [settings, 'Show Output'];
    const usable = choice.tried.find((t) => t.probe.reason === 'not-installed');
    let install: string | undefined;
    let message: string;
    if (strategy === 'fromEnvironment' && usable) {
      install = installCommand(usable.interpreter.path, process.platform);
      message = `mlgloss is not installed in ${usable.interpreter.path} ("mlgloss.importStrategy" is "fromEnvironment"). Install it with: ${install}, or set the strategy to "useBundled".`;
      buttons.unshift('Copy Install Command');
    } else {
      message = `mlgloss: ${describeNoInterpreter(choice, strategy)}`;
    }
    const picked = await vscode.window.showErrorMessage(message, ...buttons);
    if (picked === 'Copy Install Command' && install) {
      await vscode.env.clipboard.writeText(install);
      void vscode.window.showInformationMessage(`Copied: ${install}. Run it in a terminal, then "mlgloss: Restart Server".`);
    } else if (picked === settings) {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'mlgloss.interpreter');
    } else if (picked === 'Show Output') {
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

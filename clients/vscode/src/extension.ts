/**
 * Entry point of the mlgloss extension: wires the commands, the settings watchers and the
 * language server controller together, and returns a small API (used by the e2e tests).
 */
import * as vscode from 'vscode';

import { onPythonInterpreterChange } from './interpreter';
import { pickEntry, showDefinition, TERM_SCHEME, TermPages } from './lookUpTerm';
import { openDraft } from './projectTerms';
import type { GlossaryEntry, ProjectTermsDraft } from './protocol';
import { ServerController, type ServerState } from './server';
import { createTraceChannel } from './traceChannel';

/** What `extensions.getExtension('mlgloss.mlgloss').exports` gives. */
export interface MlglossApi {
  /** The state after the latest start, stop or restart has settled. */
  serverState(): Promise<ServerState>;
  restart(): Promise<ServerState>;
  /** Sends `mlgloss/glossaryEntries`. */
  glossaryEntries(query: string): Promise<GlossaryEntry[]>;
  /** Runs the server command `mlgloss.suggestProjectTerms` (without opening anything). */
  suggestProjectTerms(): Promise<ProjectTermsDraft>;
}

let controller: ServerController | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<MlglossApi> {
  const log = vscode.window.createOutputChannel('mlgloss', { log: true });
  const traceLog = createTraceChannel('mlgloss Trace');
  const server = new ServerController(log, traceLog, context.extensionPath);
  controller = server;
  const pages = new TermPages();
  let lastStart: Promise<ServerState> = Promise.resolve(server.current);
  const restart = (): Promise<ServerState> => (lastStart = server.restart());
  /** True when the server runs; otherwise offers to restart it or show the output. */
  const running = async (): Promise<boolean> => {
    if (server.current.kind === 'running') return true;
    const choice = await vscode.window.showWarningMessage(
      'mlgloss: the language server is not running.',
      'Restart Server',
      'Show Output',
    );
    if (choice === 'Restart Server') await restart();
    if (choice === 'Show Output') log.show();
    return false;
  };
  context.subscriptions.push(
    log,
    traceLog,
    server,
    vscode.workspace.registerTextDocumentContentProvider(TERM_SCHEME, pages),
    vscode.commands.registerCommand('mlgloss.restartServer', restart),
    vscode.commands.registerCommand('mlgloss.showOutput', () => log.show()),
    vscode.commands.registerCommand('mlgloss.lookUpTerm', async () => {
      if (!(await running())) return undefined;
      const entry = await pickEntry((query) => server.glossaryEntries(query));
      if (entry) await showDefinition(pages, entry);
      return entry;
    }),
    // Not the server's own id (`mlgloss.suggestProjectTerms`, which the language client
    // registers from executeCommandProvider): this one opens the draft it returns.
    vscode.commands.registerCommand('mlgloss.openProjectTermsDraft', async () => {
      if (!(await running())) return undefined;
      try {
        const draft = await server.suggestProjectTerms();
        await openDraft(draft);
        return draft;
      } catch (err) {
        log.error(`Suggest Project Terms: ${String(err)}`);
        void vscode.window.showErrorMessage(`mlgloss: could not suggest project terms: ${String(err)}`);
        return undefined;
      }
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('mlgloss.interpreter') || e.affectsConfiguration('mlgloss.importStrategy')) {
        void restart();
      } else if (e.affectsConfiguration('mlgloss')) {
        void server.settingsChanged();
      }
    }),
  );

  lastStart = server.start();
  const pythonWatch = await onPythonInterpreterChange(log, () => {
    const setting = vscode.workspace.getConfiguration('mlgloss').get<string>('interpreter') ?? '';
    if (setting.trim() === '') {
      log.info('The Python extension changed its interpreter; restarting');
      void restart();
    }
  });
  if (pythonWatch) context.subscriptions.push(pythonWatch);

  return {
    serverState: async () => {
      await lastStart;
      return server.current;
    },
    restart,
    glossaryEntries: (query) => server.glossaryEntries(query),
    suggestProjectTerms: () => server.suggestProjectTerms(),
  };
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}

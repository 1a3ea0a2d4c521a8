/**
 * The output channel for `mlgloss.trace.server`.
 *
 * vscode-languageclient writes LSP traces with `LogOutputChannel.trace()`, which a log channel
 * drops unless the user also lowers its log level to Trace. This adapter gives the client a
 * plain channel ("mlgloss Trace") that prints every line, so the setting alone is enough.
 */
import * as vscode from 'vscode';

export function createTraceChannel(name: string): vscode.LogOutputChannel {
  const channel = vscode.window.createOutputChannel(name);
  const never = new vscode.EventEmitter<vscode.LogLevel>();
  const line = (level: string) => (message: string | Error, ...args: unknown[]) => {
    const text = message instanceof Error ? (message.stack ?? message.message) : message;
    const extra = args.length ? ' ' + args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') : '';
    channel.appendLine(`[${new Date().toISOString()}] [${level}] ${text}${extra}`);
  };
  return {
    name: channel.name,
    logLevel: vscode.LogLevel.Trace,
    onDidChangeLogLevel: never.event,
    trace: line('trace'),
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    append: (value: string) => channel.append(value),
    appendLine: (value: string) => channel.appendLine(value),
    replace: (value: string) => channel.replace(value),
    clear: () => channel.clear(),
    show: (columnOrPreserve?: vscode.ViewColumn | boolean, preserveFocus?: boolean) =>
      typeof columnOrPreserve === 'boolean' || columnOrPreserve === undefined
        ? channel.show(columnOrPreserve)
        : channel.show(columnOrPreserve, preserveFocus),
    hide: () => channel.hide(),
    dispose: () => {
      never.dispose();
      channel.dispose();
    },
  };
}

/**
 * The `mlgloss.lookUpTerm` command: a quick pick over the glossary, filled from the server's
 * `mlgloss/glossaryEntries` request as the user types, then the chosen entry's definition in a
 * Markdown preview (read-only virtual document), or an information message if no preview opens.
 */
import * as vscode from 'vscode';

import { entryPage, type GlossaryEntry } from './protocol';

export const TERM_SCHEME = 'mlgloss-term';

interface EntryItem extends vscode.QuickPickItem {
  entry: GlossaryEntry;
}

/** Serves `mlgloss-term:/<term>.md?<id>` documents: one entry's definition page. */
export class TermPages implements vscode.TextDocumentContentProvider {
  private readonly pages = new Map<string, string>();

  uriFor(entry: GlossaryEntry): vscode.Uri {
    const uri = vscode.Uri.from({
      scheme: TERM_SCHEME,
      path: `/${entry.term.replace(/[\\/]/g, '-')}.md`,
      query: entry.id,
    });
    this.pages.set(uri.toString(), entryPage(entry));
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.pages.get(uri.toString()) ?? '# Unknown term\n\nRun "mlgloss: Look Up Term" again.\n';
  }
}

export async function showDefinition(pages: TermPages, entry: GlossaryEntry): Promise<void> {
  const uri = pages.uriFor(entry);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    void vscode.window.showInformationMessage(`${entry.term}: ${entry.summary}`, {
      modal: true,
      detail: entry.definitionMarkdown,
    });
  }
}

function initialQuery(): string {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    return '';
  }
  const selected = editor.document.getText(editor.selection).trim();
  if (selected && !selected.includes('\n') && selected.length <= 80) {
    return selected;
  }
  const range = editor.document.getWordRangeAtPosition(editor.selection.active, /[\w-]+/);
  return range ? editor.document.getText(range) : '';
}

/** Shows the quick pick; resolves with the entry picked, or undefined when dismissed. */
export function pickEntry(search: (query: string) => Promise<GlossaryEntry[]>): Promise<GlossaryEntry | undefined> {
  const pick = vscode.window.createQuickPick<EntryItem>();
  pick.title = 'mlgloss: Look Up Term';
  pick.placeholder = 'Type a term, an acronym or words of its expansion';
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const refresh = async (query: string): Promise<void> => {
    const mine = ++generation;
    pick.busy = true;
    try {
      const entries = await search(query);
      if (mine !== generation) return;
      pick.items = entries.map((entry) => ({
        label: entry.term,
        description: entry.expansion ?? '',
        detail: entry.summary,
        alwaysShow: true, // the server already matched; do not filter its answer again
        entry,
      }));
    } catch (err) {
      if (mine !== generation) return;
      pick.items = [];
      void vscode.window.showErrorMessage(`mlgloss: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      if (mine === generation) pick.busy = false;
    }
  };

  return new Promise((resolve) => {
    let chosen: GlossaryEntry | undefined;
    pick.onDidChangeValue((value) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void refresh(value), 150); // debounce typing
    });
    pick.onDidAccept(() => {
      chosen = pick.selectedItems[0]?.entry;
      pick.hide();
    });
    pick.onDidHide(() => {
      if (timer) clearTimeout(timer);
      pick.dispose();
      resolve(chosen);
    });
    pick.value = initialQuery();
    void refresh(pick.value);
    pick.show();
  });
}

/**
 * "mlgloss: Suggest Project Terms": asks the server (`mlgloss.suggestProjectTerms`) for the draft
 * project glossary of the terms the workspace writes several ways, and opens it in an untitled
 * YAML editor for the maintainer to edit and save.
 */
import * as vscode from 'vscode';

import type { ProjectTermsDraft } from './protocol';

/** Opens the draft beside nothing else: an untitled YAML document, shown and focused. */
export async function openDraft(draft: ProjectTermsDraft): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: draft.draft });
  await vscode.window.showTextDocument(doc, { preview: false });
  const terms = draft.terms === 1 ? '1 term' : `${draft.terms} terms`;
  void vscode.window.setStatusBarMessage(`mlgloss: ${terms} written several ways, in ${draft.files} files`, 10_000);
  return doc;
}

/**
 * The custom request `mlgloss/glossaryEntries`, shared by the client and its tests.
 *
 * Pure: no `vscode` import. The server answers `{ query }` with matching glossary entries; the
 * client checks the shape of the answer before showing it, so a wrong reply is an error message,
 * never a crash in a quick pick.
 */

export const GLOSSARY_ENTRIES_METHOD = 'mlgloss/glossaryEntries';

export interface GlossaryEntriesParams {
  query: string;
}

export interface GlossaryEntry {
  id: string;
  term: string;
  expansion?: string;
  summary: string;
  definitionMarkdown: string;
}

export interface GlossaryEntriesResult {
  entries: GlossaryEntry[];
}

/** Checks a reply to `mlgloss/glossaryEntries`; throws with a precise message when it is wrong. */
export function parseGlossaryEntries(reply: unknown): GlossaryEntry[] {
  if (typeof reply !== 'object' || reply === null || !Array.isArray((reply as { entries?: unknown }).entries)) {
    throw new Error(`${GLOSSARY_ENTRIES_METHOD}: expected { entries: [...] }, got ${JSON.stringify(reply)}`);
  }
  const entries: unknown[] = (reply as { entries: unknown[] }).entries;
  return entries.map((e, i) => {
    if (typeof e !== 'object' || e === null) {
      throw new Error(`${GLOSSARY_ENTRIES_METHOD}: entries[${i}] is not an object`);
    }
    const r = e as Record<string, unknown>;
    for (const key of ['id', 'term', 'summary', 'definitionMarkdown']) {
      if (typeof r[key] !== 'string') {
        throw new Error(`${GLOSSARY_ENTRIES_METHOD}: entries[${i}].${key} must be a string`);
      }
    }
    const entry: GlossaryEntry = {
      id: r['id'] as string,
      term: r['term'] as string,
      summary: r['summary'] as string,
      definitionMarkdown: r['definitionMarkdown'] as string,
    };
    if (typeof r['expansion'] === 'string' && r['expansion'] !== '') {
      entry.expansion = r['expansion'];
    }
    return entry;
  });
}

/** The Markdown page shown for one entry. */
export function entryPage(entry: GlossaryEntry): string {
  const title = entry.expansion ? `${entry.term} (${entry.expansion})` : entry.term;
  return `# ${title}\n\n${entry.definitionMarkdown.trim()}\n`;
}

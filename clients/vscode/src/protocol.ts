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

/** The server command that discovers the project's own terms and returns a draft glossary. */
export const SUGGEST_PROJECT_TERMS_COMMAND = 'mlgloss.suggestProjectTerms';

export interface ProjectTermsDraft {
  /** The draft project glossary, YAML (what `mlgloss glossary suggest` prints). */
  draft: string;
  /** How many terms the draft proposes, and how many files were read. */
  terms: number;
  files: number;
}

/** Checks the reply to `mlgloss.suggestProjectTerms`; throws with a precise message when wrong. */
export function parseProjectTermsDraft(reply: unknown): ProjectTermsDraft {
  if (typeof reply !== 'object' || reply === null) {
    throw new Error(`${SUGGEST_PROJECT_TERMS_COMMAND}: expected { draft, terms, files }, got ${JSON.stringify(reply)}`);
  }
  const r = reply as Record<string, unknown>;
  if (typeof r['draft'] !== 'string') {
    throw new Error(`${SUGGEST_PROJECT_TERMS_COMMAND}: draft must be a string`);
  }
  for (const key of ['terms', 'files']) {
    if (typeof r[key] !== 'number' || !Number.isInteger(r[key]) || (r[key] as number) < 0) {
      throw new Error(`${SUGGEST_PROJECT_TERMS_COMMAND}: ${key} must be a count`);
    }
  }
  return { draft: r['draft'], terms: r['terms'] as number, files: r['files'] as number };
}

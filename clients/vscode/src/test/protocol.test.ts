/** Unit tests for the `mlgloss/glossaryEntries` reply check (src/protocol.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { entryPage, parseGlossaryEntries, parseProjectTermsDraft } from '../protocol';

const lora = {
  id: 'lora',
  term: 'LoRA',
  expansion: 'Low-Rank Adaptation',
  summary: 'Fine-tuning with low-rank update matrices.',
  definitionMarkdown: 'Freezes the weights and trains **low-rank** adapters.',
};

test('a well-formed reply is accepted; unknown keys are dropped', () => {
  const entries = parseGlossaryEntries({ entries: [{ ...lora, extra: 1 }, { ...lora, id: 'x', expansion: '' }] });
  assert.deepEqual(entries[0], lora);
  assert.equal('expansion' in (entries[1] ?? {}), false);
});

test('an empty list is fine', () => {
  assert.deepEqual(parseGlossaryEntries({ entries: [] }), []);
});

test('a malformed reply names what is wrong', () => {
  assert.throws(() => parseGlossaryEntries(null), /expected \{ entries/);
  assert.throws(() => parseGlossaryEntries([lora]), /expected \{ entries/);
  assert.throws(() => parseGlossaryEntries({ entries: [{ ...lora, term: 3 }] }), /entries\[0\]\.term/);
});

test('the page shows the term, its expansion and the definition', () => {
  assert.equal(
    entryPage(lora),
    '# LoRA (Low-Rank Adaptation)\n\nFreezes the weights and trains **low-rank** adapters.\n',
  );
});

test('the project-terms draft reply is checked', () => {
  const draft = { draft: 'version: 1\nentries: []\n', terms: 0, files: 2 };
  assert.deepEqual(parseProjectTermsDraft({ ...draft, extra: true }), draft);
  assert.throws(() => parseProjectTermsDraft('version: 1'), /expected \{ draft/);
  assert.throws(() => parseProjectTermsDraft({ ...draft, draft: 1 }), /draft must be a string/);
  assert.throws(() => parseProjectTermsDraft({ ...draft, terms: -1 }), /terms must be a count/);
});

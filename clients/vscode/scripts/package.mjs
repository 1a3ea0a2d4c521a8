// Builds mlgloss.vsix the same way every time: type-check the extension, install the Python server
// into bundled/libs (scripts/bundle_python.py), package with vsce (whose prepublish step bundles
// the extension with esbuild), report the size.
// usage: npm run package     (Python: $MLGLOSS_BUNDLE_PYTHON, else python3 on the PATH)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const VSIX = path.join(HERE, 'mlgloss.vsix');
const python = process.env.MLGLOSS_BUNDLE_PYTHON || 'python3';
const run = (cmd, args) => execFileSync(cmd, args, { cwd: HERE, stdio: 'inherit' });
const npx = (bin, args) => run(process.execPath, [path.join(HERE, 'node_modules', bin), ...args]);

npx('typescript/bin/tsc', ['-p', '.']);
run(python, ['scripts/bundle_python.py']);
fs.rmSync(VSIX, { force: true });
npx('@vscode/vsce/vsce', ['package', '--no-dependencies', '-o', VSIX]);
const { size } = fs.statSync(VSIX);
console.log(`package: ${path.basename(VSIX)} ${(size / 1e6).toFixed(2)} MB`);

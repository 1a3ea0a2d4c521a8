/** Unit tests for the settings → server mapping (src/settings.ts), run with `node --test`. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  DEFAULT_SERVER_SETTINGS,
  RULE_CODES,
  toImportStrategy,
  installCommand,
  resolvePath,
  safeProcessOptions,
  serverCommand,
  toServerSettings,
} from '../settings';
import { describeNoInterpreter, interpreterCandidates, probeCommand, readProbe } from '../python';

const ws = { workspaceFolder: '/home/ada/paper', home: '/home/ada' };

describe('toServerSettings', () => {
  test('an empty or missing section gives the defaults and no problems', () => {
    for (const raw of [undefined, null, {}]) {
      const { value, problems } = toServerSettings(raw, ws);
      assert.deepEqual(value, DEFAULT_SERVER_SETTINGS);
      assert.deepEqual(problems, []);
    }
  });

  test('passes only the server keys, dropping client-only ones', () => {
    const { value, problems } = toServerSettings(
      {
        glossary: ['/abs/terms.yaml'],
        builtinGlossary: false,
        rules: { variant: 'error' },
        interpreter: '/usr/bin/python3',
        trace: { server: 'verbose' },
      },
      ws,
    );
    assert.deepEqual(value, {
      glossary: ['/abs/terms.yaml'],
      builtinGlossary: false,
      rules: { variant: 'error' },
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(Object.keys(value).sort(), ['builtinGlossary', 'glossary', 'rules']);
  });

  test('resolves glossary paths against the workspace folder and home', () => {
    const { value } = toServerSettings(
      { glossary: ['docs/terms.yaml', './local.json', '~/g.yaml', '${workspaceFolder}/x.yaml', '/etc/g.yaml'] },
      ws,
    );
    assert.deepEqual(value.glossary, [
      '/home/ada/paper/docs/terms.yaml',
      '/home/ada/paper/local.json',
      '/home/ada/g.yaml',
      '/home/ada/paper/x.yaml',
      '/etc/g.yaml',
    ]);
  });

  test('keeps relative glossary paths as written when no folder is open', () => {
    const { value } = toServerSettings({ glossary: ['terms.yaml'] }, {});
    assert.deepEqual(value.glossary, ['terms.yaml']);
  });

  test('accepts a single glossary path written as a string', () => {
    const { value, problems } = toServerSettings({ glossary: '/abs/one.yaml' }, ws);
    assert.deepEqual(value.glossary, ['/abs/one.yaml']);
    assert.deepEqual(problems, []);
  });

  test('drops bad glossary entries and says which', () => {
    const { value, problems } = toServerSettings({ glossary: ['/ok.yaml', 3, '', null] }, ws);
    assert.deepEqual(value.glossary, ['/ok.yaml']);
    assert.equal(problems.length, 3);
    assert.match(problems[0] ?? '', /mlgloss\.glossary\[1\].*number 3/);
  });

  test('every known rule code maps every severity, case-insensitively', () => {
    for (const code of RULE_CODES) {
      for (const severity of ['off', 'hint', 'info', 'warning', 'error']) {
        const { value, problems } = toServerSettings({ rules: { [code]: severity.toUpperCase() } });
        assert.deepEqual(value.rules, { [code]: severity });
        assert.deepEqual(problems, []);
      }
    }
  });

  test('drops unknown rules and invalid severities, keeping the valid ones', () => {
    const { value, problems } = toServerSettings({
      rules: { variant: 'warning', 'no-such-rule': 'error', misspelling: 'loud', 'config-key': 2 },
    });
    assert.deepEqual(value.rules, { variant: 'warning' });
    assert.equal(problems.length, 3);
    assert.ok(problems.some((p) => p.includes('unknown rule "no-such-rule"')));
    assert.ok(problems.some((p) => p.startsWith('mlgloss.rules.misspelling')));
    assert.ok(problems.some((p) => p.startsWith('mlgloss.rules.config-key')));
  });

  test('a wrong type for builtinGlossary or rules falls back to the default', () => {
    const { value, problems } = toServerSettings({ builtinGlossary: 'no', rules: ['variant'] });
    assert.equal(value.builtinGlossary, true);
    assert.deepEqual(value.rules, {});
    assert.equal(problems.length, 2);
  });

  test('a section that is not an object is reported', () => {
    const { value, problems } = toServerSettings('oops');
    assert.deepEqual(value, DEFAULT_SERVER_SETTINGS);
    assert.equal(problems.length, 1);
  });

  test('the result is JSON-serialisable (it crosses the wire)', () => {
    const { value } = toServerSettings({ glossary: ['a.yaml'], rules: { variant: 'hint' } }, ws);
    assert.deepEqual(JSON.parse(JSON.stringify(value)), value);
  });
});

describe('interpreterCandidates', () => {
  test('the setting, when set, is the only candidate, expanded', () => {
    assert.deepEqual(interpreterCandidates('~/venv/bin/python', '/py/ext', ws), [
      { path: '/home/ada/venv/bin/python', source: 'setting' },
    ]);
    assert.deepEqual(interpreterCandidates('${workspaceFolder}/.venv/bin/python', undefined, ws), [
      { path: '/home/ada/paper/.venv/bin/python', source: 'setting' },
    ]);
  });

  test('a bare command name in the setting is left for PATH lookup', () => {
    assert.deepEqual(interpreterCandidates('python3.12', undefined, ws), [{ path: 'python3.12', source: 'setting' }]);
  });

  test('then the Python extension, VIRTUAL_ENV, python3 and python on the PATH', () => {
    assert.deepEqual(interpreterCandidates('', '/opt/py/bin/python', ws, '/w/.venv'), [
      { path: '/opt/py/bin/python', source: 'python-extension' },
      { path: '/w/.venv/bin/python', source: 'virtualenv' },
      { path: 'python3', source: 'path' },
      { path: 'python', source: 'path' },
    ]);
    assert.deepEqual(interpreterCandidates('   ', '  ', ws), [
      { path: 'python3', source: 'path' },
      { path: 'python', source: 'path' },
    ]);
  });

  test('one interpreter named twice is tried once; Windows names', () => {
    assert.deepEqual(interpreterCandidates('', '/w/.venv/bin/python', {}, '/w/.venv').map((c) => c.source), [
      'python-extension',
      'path',
      'path',
    ]);
    assert.deepEqual(interpreterCandidates('', undefined, {}, 'C:\\w\\.venv', 'win32').map((c) => c.path), [
      'C:\\w\\.venv\\Scripts\\python.exe',
      'python',
      'py',
    ]);
  });
});

describe('importStrategy and the probe', () => {
  test('useBundled by default; a bad value is reported and ignored', () => {
    assert.deepEqual(toImportStrategy(undefined), { value: 'useBundled', problems: [] });
    assert.deepEqual(toImportStrategy('fromEnvironment'), { value: 'fromEnvironment', problems: [] });
    const bad = toImportStrategy('bundled');
    assert.equal(bad.value, 'useBundled');
    assert.match(bad.problems[0] ?? '', /importStrategy/);
  });

  test('the bundled probe and server run the launcher in isolated mode', () => {
    assert.deepEqual(probeCommand('/usr/bin/python3', 'useBundled', '/ext/bundled/tool/launch.py'), {
      command: '/usr/bin/python3',
      args: ['-I', '/ext/bundled/tool/launch.py', '--probe'],
    });
    assert.deepEqual(serverCommand('/usr/bin/python3', 'useBundled', '/ext/bundled/tool/launch.py'), {
      command: '/usr/bin/python3',
      args: ['-I', '/ext/bundled/tool/launch.py', 'serve'],
    });
    assert.equal(probeCommand('python3', 'fromEnvironment').args[0], '-c');
  });

  test('readProbe tells suitable, too old, not installed and broken apart', () => {
    const ok = readProbe('{"python": "3.12.1", "executable": "/p", "supported": true, "mlgloss": "0.1.0", "location": "/l"}\n');
    assert.deepEqual(ok, { ok: true, python: '3.12.1', executable: '/p', mlgloss: '0.1.0', location: '/l' });
    const old = readProbe('{"python": "3.9.2", "executable": "/p", "supported": false}');
    assert.equal(old.ok ? '' : old.reason, 'too-old');
    const missing = readProbe('{"python": "3.11.7", "supported": true, "missing": "No module named mlgloss"}');
    assert.equal(missing.ok ? '' : missing.reason, 'not-installed');
    const broken = readProbe('Traceback (most recent call last):');
    assert.equal(broken.ok ? '' : broken.reason, 'broken');
  });
});

describe('commands', () => {
  test('from the environment, the server runs as `<python> -m mlgloss serve`', () => {
    assert.deepEqual(serverCommand('/v/bin/python', 'fromEnvironment'), {
      command: '/v/bin/python',
      args: ['-m', 'mlgloss', 'serve'],
    });
  });

  test('the install command quotes paths with spaces', () => {
    assert.equal(installCommand('/v/bin/python'), '/v/bin/python -m pip install mlgloss');
    assert.equal(installCommand('/my venv/bin/python'), "'/my venv/bin/python' -m pip install mlgloss");
    assert.equal(
      installCommand('C:\\Program Files\\Python\\python.exe', 'win32'),
      '"C:\\Program Files\\Python\\python.exe" -m pip install mlgloss',
    );
  });

  test('resolvePath leaves absolute paths alone', () => {
    assert.equal(resolvePath('/a/b', ws), '/a/b');
    assert.equal(resolvePath('C:\\x\\y', ws), 'C:\\x\\y');
  });
});

describe('safeProcessOptions', () => {
  test('starts outside the workspace with PYTHONSAFEPATH set, keeping the environment', () => {
    const options = safeProcessOptions({ PATH: '/usr/bin', PYTHONSAFEPATH: undefined }, '/tmp');
    assert.equal(options.cwd, '/tmp');
    assert.equal(options.env.PYTHONSAFEPATH, '1');
    assert.equal(options.env.PATH, '/usr/bin');
  });
});

describe('describeNoInterpreter', () => {
  const tried = (path: string, probe: Parameters<typeof describeNoInterpreter>[0]['tried'][number]['probe']) => ({
    interpreter: { path, source: 'path' as const },
    probe,
  });

  test('no Python at all: says what is needed and how to get it', () => {
    const text = describeNoInterpreter(
      { tried: [tried('python3', { ok: false, reason: 'not-found', detail: 'python3: ENOENT' })] },
      'useBundled',
    );
    assert.match(text, /needs Python 3\.11 or newer, and none was found/);
    assert.match(text, /python3: not found/);
    assert.match(text, /mlgloss\.interpreter/);
  });

  test('only old Pythons: names them and their versions', () => {
    const text = describeNoInterpreter(
      {
        tried: [
          tried('/usr/bin/python3', { ok: false, reason: 'too-old', python: '3.9.2', detail: 'Python 3.9.2 is older than 3.11' }),
          tried('python', { ok: false, reason: 'not-found', detail: 'python: ENOENT' }),
        ],
      },
      'useBundled',
    );
    assert.match(text, /needs Python 3\.11 or newer\. Tried: \/usr\/bin\/python3: Python 3\.9\.2 is older than 3\.11/);
  });

  test('fromEnvironment without mlgloss installed: points at the bundled strategy', () => {
    const text = describeNoInterpreter(
      { tried: [tried('python3', { ok: false, reason: 'not-installed', python: '3.12.0', detail: "No module named 'mlgloss'" })] },
      'fromEnvironment',
    );
    assert.match(text, /no interpreter has mlgloss installed/);
    assert.match(text, /useBundled/);
  });
});

// web/catalyse.d.ts, checked by the TypeScript compiler (tsc --noEmit, strict): tests/types/usage.ts
// uses the whole API through the package's own name ("catalyse" → package.json "exports" → types),
// and its @ts-expect-error lines are misuses the declarations must refuse. The same file with those
// directives removed must fail with exactly one error per misuse: the check can fail.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
const TYPES = path.join(ROOT, 'tests/types');

const tsc = (project) => spawnSync(process.execPath, [TSC, '-p', project, '--pretty', 'false'], { cwd: ROOT, encoding: 'utf8' });

test('tests/types/usage.ts type-checks against web/catalyse.d.ts (strict, via the package exports)', () => {
  const r = tsc(TYPES);
  assert.equal(r.stdout + r.stderr, '');
  assert.equal(r.status, 0);
});

test('the misuses marked @ts-expect-error are each refused', () => {
  const source = readFileSync(path.join(TYPES, 'usage.ts'), 'utf8');
  const misuses = source.split('\n').filter((l) => l.trim().startsWith('// @ts-expect-error')).length;
  assert.ok(misuses >= 8, `${misuses} misuses listed`);
  // a scratch copy inside the package (so "catalyse" still resolves to this package)
  const dir = path.join(ROOT, process.env.CATALYSE_BUILD_DIR ?? 'build', 'types-negative');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    writeFileSync(path.join(dir, 'usage.ts'), source.replace(/^\s*\/\/ @ts-expect-error.*$/gm, '// (directive removed)'));
    writeFileSync(path.join(dir, 'tsconfig.json'), readFileSync(path.join(TYPES, 'tsconfig.json')));
    const r = tsc(dir);
    assert.notEqual(r.status, 0);
    const errors = r.stdout.split('\n').filter((l) => /error TS\d+/.test(l));
    const lines = new Set(errors.map((l) => l.match(/\((\d+),\d+\)/)[1]));
    assert.equal(lines.size, misuses, errors.join('\n'));
    assert.ok(errors.every((l) => l.includes('usage.ts')), 'errors only in the usage file, none in catalyse.d.ts');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the declarations of ./core and ./aggregate-core name exactly what the modules export', async () => {
  const ts = (await import('typescript')).default;
  const declared = (file) => {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const names = [];
    for (const node of source.statements) {
      const exported = node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (!exported || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) continue;
      if (ts.isVariableStatement(node)) names.push(...node.declarationList.declarations.map((d) => d.name.getText()));
      else if (node.name) names.push(node.name.getText());
    }
    return [...new Set(names)].sort();
  };
  for (const name of ['src/core', 'results/aggregate-core']) {
    const module = await import(path.join(ROOT, `web/${name}.js`));
    assert.deepEqual(declared(path.join(ROOT, `web/${name}.d.ts`)), Object.keys(module).sort(), `web/${name}.d.ts`);
  }
});

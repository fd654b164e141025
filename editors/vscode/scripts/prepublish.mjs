// Run by `vsce package` (the `vscode:prepublish` script) before it packs the extension:
// - the extension's version must be the Python package's (server/ddb_architect/__init__.py);
//   `npm run sync-version` writes it into package.json and package-lock.json;
// - the spec format's JSON Schema is copied from the repository's schemas/ into the
//   extension (for the yamlValidation contribution), so there is one copy in git.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const extension = join(dirname(fileURLToPath(import.meta.url)), '..');
const repository = join(extension, '..', '..');

const init = readFileSync(join(repository, 'server', 'ddb_architect', '__init__.py'), 'utf8');
const match = init.match(/^__version__\s*=\s*["']([^"']+)["']/m);
if (!match) {
  console.error('prepublish: no __version__ in server/ddb_architect/__init__.py');
  process.exit(1);
}
const pythonVersion = match[1];
const manifest = JSON.parse(readFileSync(join(extension, 'package.json'), 'utf8'));

if (process.argv.includes('--sync-version')) {
  if (manifest.version !== pythonVersion) {
    execFileSync('npm', ['version', pythonVersion, '--no-git-tag-version', '--allow-same-version'], {
      cwd: extension,
      stdio: 'inherit',
    });
  }
  console.log(`extension version: ${pythonVersion}`);
  process.exit(0);
}

if (manifest.version !== pythonVersion) {
  console.error(
    `prepublish: the extension's version ${manifest.version} is not the Python package's ` +
      `${pythonVersion}; run \`npm run sync-version\` in editors/vscode and commit package.json ` +
      'and package-lock.json',
  );
  process.exit(1);
}

mkdirSync(join(extension, 'schemas'), { recursive: true });
copyFileSync(
  join(repository, 'schemas', 'ddb-design.schema.json'),
  join(extension, 'schemas', 'ddb-design.schema.json'),
);
console.log(`prepublish: version ${pythonVersion}, schema copied into schemas/`);

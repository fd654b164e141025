// Which Python runs the server, and whether it can: the `ddb-architect.interpreter`
// setting, else the Python extension's selected interpreter, else python3 on PATH.
import { execFile } from 'node:child_process';
import * as os from 'node:os';
import * as vscode from 'vscode';

export const SECTION = 'ddb-architect';

export interface Interpreter {
  /** The executable, then the arguments that come before `-m ddb_architect`. */
  command: string[];
  /** Where it came from, for messages. */
  source: 'setting' | 'Python extension' | 'default';
}

export interface Probe {
  ok: boolean;
  /** The ddb_architect version the interpreter imports, when it can. */
  version?: string;
  /** Why it cannot, in a sentence. */
  problem?: string;
  /** The executable itself does not exist (so installing with it cannot help). */
  missing?: boolean;
}

/** `python3` on Windows is often the Store stub; `python` is the usual name there. */
const DEFAULT_PYTHON = process.platform === 'win32' ? 'python' : 'python3';

export function display(interpreter: Interpreter): string {
  return interpreter.command.map((part) => (/\s/.test(part) ? `"${part}"` : part)).join(' ');
}

function expand(value: string, folder: vscode.WorkspaceFolder | undefined): string {
  let result = value.trim();
  if (result === '~' || result.startsWith('~/')) {
    result = os.homedir() + result.slice(1);
  }
  result = result.replace(/\$\{userHome\}/g, os.homedir());
  if (folder) {
    result = result.replace(/\$\{workspaceFolder\}/g, folder.uri.fsPath);
  }
  return result;
}

/** The interpreter setting as a command, or nothing when it is empty. */
export function interpreterSetting(folder: vscode.WorkspaceFolder | undefined): string[] | undefined {
  const value = vscode.workspace.getConfiguration(SECTION, folder).get<unknown>('interpreter');
  const parts = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  const command = parts
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .map((part) => expand(part, folder));
  return command.length > 0 ? command : undefined;
}

interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath?(resource?: vscode.Uri): { path: string } | undefined;
    resolveEnvironment?(
      environment: { path: string } | string,
    ): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
    onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
  };
  settings?: {
    getExecutionDetails?(resource?: vscode.Uri): { execCommand?: string[] } | undefined;
  };
}

/** The Python extension's API when it is installed (activating it if needed), else nothing. */
export async function pythonExtension(): Promise<PythonExtensionApi | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  if (!extension) {
    return undefined;
  }
  try {
    return extension.isActive ? extension.exports : await extension.activate();
  } catch {
    return undefined;
  }
}

/** The interpreter the Python extension has selected for a folder, if it says. */
async function selectedByPythonExtension(folder: vscode.WorkspaceFolder | undefined): Promise<string[] | undefined> {
  const api = await pythonExtension();
  if (!api) {
    return undefined;
  }
  const resource = folder?.uri;
  try {
    const active = api.environments?.getActiveEnvironmentPath?.(resource);
    if (active && api.environments?.resolveEnvironment) {
      const resolved = await api.environments.resolveEnvironment(active);
      const executable = resolved?.executable?.uri?.fsPath;
      if (executable) {
        return [executable];
      }
    }
  } catch {
    // an older or newer API than this one: try the next way
  }
  try {
    const command = api.settings?.getExecutionDetails?.(resource)?.execCommand;
    if (Array.isArray(command) && command.length > 0 && command.every((part) => typeof part === 'string')) {
      return command;
    }
  } catch {
    // nothing more to ask
  }
  return undefined;
}

export async function findInterpreter(folder: vscode.WorkspaceFolder | undefined): Promise<Interpreter> {
  const configured = interpreterSetting(folder);
  if (configured) {
    return { command: configured, source: 'setting' };
  }
  const selected = await selectedByPythonExtension(folder);
  if (selected) {
    return { command: selected, source: 'Python extension' };
  }
  return { command: [DEFAULT_PYTHON], source: 'default' };
}

const PROBE = 'import ddb_architect, sys; sys.stdout.write(ddb_architect.__version__)';

/** Can this interpreter import ddb_architect? */
export function probe(interpreter: Interpreter, cwd: string | undefined): Promise<Probe> {
  const [executable, ...args] = interpreter.command;
  return new Promise((resolve) => {
    execFile(
      executable,
      [...args, '-c', PROBE],
      { cwd, timeout: 30_000, windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ ok: true, version: stdout.trim() });
          return;
        }
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          resolve({ ok: false, problem: `${executable} was not found`, missing: true });
        } else if (/No module named '?ddb_architect/.test(stderr)) {
          resolve({ ok: false, problem: 'ddb-architect is not installed for it' });
        } else if (error.killed) {
          resolve({ ok: false, problem: 'it did not answer within 30 seconds' });
        } else {
          const last = stderr.trim().split(/\r?\n/).pop() || error.message;
          resolve({ ok: false, problem: `importing ddb_architect failed: ${last}` });
        }
      },
    );
  });
}

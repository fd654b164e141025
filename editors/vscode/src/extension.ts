// The ddb-architect extension: starts `<python> -m ddb_architect serve` over stdio for
// design specs (*.ddb.yaml) and Python files, shows its state in the status bar, and
// shows the server's cost reports and rule pages in the Markdown preview.
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { display, findInterpreter, Interpreter, probe, pythonExtension, SECTION } from './interpreter';
import { REPORT_SCHEME, Reports } from './reports';
import { StatusItem } from './status';

const COST_REPORT = 'ddb-architect.costReport';
const RULE_DOCUMENTATION = 'ddb-architect.ruleDocumentation';
const SPEC_FILE = /\.ddb\.ya?ml$/i;
const SOURCE = 'ddb-architect';

/** The settings the server reads (lsp/settings.py); the others are the extension's own. */
const SERVER_SETTINGS = ['select', 'ignore', 'severity', 'docsBaseUrl', 'spec', 'debounceMs', 'region'];

/** The server's settings for a folder, as a plain object without the unset ones. */
function serverSettings(scope?: vscode.Uri): Record<string, unknown> {
  const configuration = vscode.workspace.getConfiguration(SECTION, scope);
  const settings: Record<string, unknown> = {};
  for (const key of SERVER_SETTINGS) {
    const value = configuration.get<unknown>(key);
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      continue;
    }
    settings[key] = JSON.parse(JSON.stringify(value));
  }
  return settings;
}

function firstFolder(): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.workspaceFolders?.[0];
}

class ServerManager implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;
  private stopping = false;
  private rules: Promise<vscode.QuickPickItem[]> | undefined;
  interpreter: Interpreter | undefined;
  /** Called after each start, whatever its outcome. */
  onStarted: () => void = () => undefined;

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly status: StatusItem,
  ) {}

  /** Start the server unless it is started or starting; resolves once it runs (or failed). */
  start(): Promise<void> {
    if (!this.starting) {
      this.starting = this.launch().finally(() => this.onStarted());
    }
    return this.starting;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    const client = this.client;
    const starting = this.starting;
    this.client = undefined;
    this.starting = undefined;
    this.rules = undefined;
    await starting?.catch(() => undefined);
    if (client) {
      this.stopping = true;
      try {
        await client.stop(5000);
      } catch (error) {
        this.output.warn(`stopping the server: ${String(error)}`);
      } finally {
        this.stopping = false;
      }
    }
    this.status.set('stopped');
  }

  private async launch(): Promise<void> {
    this.status.set('starting');
    const folder = firstFolder();
    const interpreter = await findInterpreter(folder);
    this.interpreter = interpreter;
    this.output.info(`interpreter: ${display(interpreter)} (${interpreter.source})`);
    const probed = await probe(interpreter, folder?.uri.fsPath);
    if (!probed.ok) {
      this.fail(interpreter, probed.problem ?? 'it cannot import ddb_architect', probed.missing ?? false);
      return;
    }
    this.output.info(`ddb-architect ${probed.version} found; starting its language server`);

    const [command, ...args] = interpreter.command;
    const serverOptions: ServerOptions = {
      command,
      args: [...args, '-m', 'ddb_architect', 'serve'],
      transport: TransportKind.stdio, // the client adds --stdio, which `serve` accepts
      options: { cwd: folder?.uri.fsPath },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', pattern: '**/*.ddb.yaml' },
        { scheme: 'file', pattern: '**/*.ddb.yml' },
        { scheme: 'file', language: 'python' },
      ],
      diagnosticCollectionName: SOURCE,
      outputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      // The server reads its settings from the initialization options, then asks for the
      // `ddb-architect` section (workspace/configuration) and registers for its changes.
      initializationOptions: () => serverSettings(folder?.uri),
      middleware: {
        workspace: {
          configuration: async (params, token, next) => {
            const answers = await next(params, token);
            if (!Array.isArray(answers)) {
              return answers;
            }
            return params.items.map((item, index) =>
              item.section === SECTION
                ? serverSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : folder?.uri)
                : answers[index],
            );
          },
        },
      },
    };
    const client = new LanguageClient('ddb-architect', 'ddb-architect', serverOptions, clientOptions);
    this.client = client;
    client.onDidChangeState(({ newState }) => {
      if (this.client !== client) {
        return;
      }
      if (newState === State.Starting) {
        this.status.set('starting');
      } else if (newState === State.Running) {
        this.status.set('running', this.detail(), client.initializeResult?.serverInfo?.version ?? probed.version);
      } else if (!this.stopping) {
        this.status.set('error', 'The server stopped; the output has its messages. Run "ddb-architect: Restart Server".');
      }
    });
    try {
      await client.start();
    } catch (error) {
      if (this.client === client) {
        this.status.set('error', `The server did not start: ${String(error)}`);
      }
      this.output.error(`the server did not start: ${String(error)}`);
      return;
    }
    const version = client.initializeResult?.serverInfo?.version ?? probed.version;
    this.status.set('running', this.detail(), version);
    this.output.info(`server running: ${client.initializeResult?.serverInfo?.name ?? 'ddb-architect'} ${version}`);
  }

  private detail(): string {
    return this.interpreter ? `Python: ${display(this.interpreter)} (${this.interpreter.source})` : '';
  }

  private fail(interpreter: Interpreter, problem: string, missing: boolean): void {
    const python = display(interpreter);
    const message = missing
      ? `ddb-architect cannot start its language server: ${problem}. Set "ddb-architect.interpreter" ` +
        'to a Python (3.10 or newer) that has ddb-architect (`python -m pip install ddb-architect`), ' +
        'or select one in the Python extension.'
      : `ddb-architect cannot start its language server with ${python}: ${problem}. ` +
        `Install it with \`${python} -m pip install ddb-architect\` (from a checkout of ddb-architect: ` +
        '`pip install -e .`), or set "ddb-architect.interpreter" to a Python that has it.';
    this.output.error(message);
    this.status.set('error', message);
    void vscode.window.showErrorMessage(message, 'Open Settings', 'Show Output').then((choice) => {
      if (choice === 'Open Settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'ddb-architect.interpreter');
      } else if (choice === 'Show Output') {
        this.output.show();
      }
    });
  }

  /** Run one of the server's commands; it answers Markdown. */
  async execute(command: string, args: unknown[]): Promise<string> {
    await this.start();
    const client = this.client;
    if (!client || !client.isRunning()) {
      throw new Error('the ddb-architect server is not running (the status bar item shows why)');
    }
    const offered = client.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
    if (!offered.includes(command)) {
      const version = client.initializeResult?.serverInfo?.version ?? '?';
      throw new Error(
        `the ddb-architect server ${version} has no command ${command}; update ddb-architect ` +
          `(${display(this.interpreter!)} -m pip install -U ddb-architect)`,
      );
    }
    const result: unknown = await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
    return typeof result === 'string' ? result : String(result ?? '');
  }

  /** Every rule, for the quick pick (from `ddb-architect rules --format json`). */
  ruleItems(): Promise<vscode.QuickPickItem[]> {
    if (!this.rules) {
      const rules = this.start().then(
        () =>
          new Promise<vscode.QuickPickItem[]>((resolve, reject) => {
            const [executable, ...args] = this.interpreter?.command ?? ['python3'];
            execFile(
              executable,
              [...args, '-m', 'ddb_architect', 'rules', '--format', 'json'],
              { timeout: 30_000, maxBuffer: 4 * 1024 * 1024 },
              (error, stdout) => {
                if (error) {
                  reject(error);
                  return;
                }
                const parsed = JSON.parse(stdout) as { code: string; name: string; severity: string; summary: string }[];
                resolve(
                  parsed.map((rule) => ({ label: rule.code, description: `${rule.name} · ${rule.severity}`, detail: rule.summary })),
                );
              },
            );
          }),
      );
      rules.catch(() => {
        this.rules = undefined;
      });
      this.rules = rules;
    }
    return this.rules;
  }

  dispose(): void {
    void this.stop();
  }
}

/** The spec a command is about: the argument, the active spec, or one picked from the workspace. */
async function specFor(argument: unknown): Promise<vscode.Uri | undefined> {
  if (argument instanceof vscode.Uri) {
    return argument;
  }
  const active = vscode.window.activeTextEditor?.document;
  if (active && SPEC_FILE.test(active.uri.path)) {
    return active.uri;
  }
  const specs = await vscode.workspace.findFiles('**/*.ddb.{yaml,yml}', '**/node_modules/**', 500);
  if (specs.length === 0) {
    void vscode.window.showInformationMessage('ddb-architect: no design spec (*.ddb.yaml) in the workspace.');
    return undefined;
  }
  if (specs.length === 1) {
    return specs[0];
  }
  const picked = await vscode.window.showQuickPick(
    specs.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { placeHolder: 'The design spec to price' },
  );
  return picked?.uri;
}

function diagnosticCode(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  const value = typeof code === 'object' && code !== null ? code.value : code;
  return value === undefined ? undefined : String(value);
}

/** The codes of our diagnostics under the cursor (else on its line). */
function codesAtCursor(): string[] {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    return [];
  }
  const position = editor.selection.active;
  const ours = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === SOURCE);
  let here = ours.filter((d) => d.range.contains(position));
  if (here.length === 0) {
    here = ours.filter((d) => d.range.start.line <= position.line && position.line <= d.range.end.line);
  }
  return [...new Set(here.map(diagnosticCode).filter((code): code is string => !!code))];
}

async function pickRule(manager: ServerManager): Promise<string | undefined> {
  const here = codesAtCursor();
  if (here.length === 1) {
    return here[0];
  }
  const all = await manager.ruleItems();
  const first = all.filter((item) => here.includes(item.label));
  const items: vscode.QuickPickItem[] =
    first.length > 0
      ? [
          { label: 'at the cursor', kind: vscode.QuickPickItemKind.Separator },
          ...first,
          { label: 'all rules', kind: vscode.QuickPickItemKind.Separator },
          ...all.filter((item) => !here.includes(item.label)),
        ]
      : all;
  const picked = await vscode.window.showQuickPick(items, {
    placeHolder: 'The rule whose documentation to show',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.label;
}

let manager: ServerManager | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('ddb-architect', { log: true });
  const status = new StatusItem('ddb-architect.showOutput');
  const server = new ServerManager(output, status);
  manager = server;
  const reports = new Reports((code) => server.execute(RULE_DOCUMENTATION, [code]));

  const report = async (task: () => Promise<void>): Promise<void> => {
    try {
      await task();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      output.error(message);
      void vscode.window.showErrorMessage(`ddb-architect: ${message}`);
    }
  };

  context.subscriptions.push(
    output,
    status,
    server,
    reports,
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports),
    vscode.commands.registerCommand('ddb-architect.showOutput', () => output.show()),
    vscode.commands.registerCommand('ddb-architect.restartServer', () => report(() => server.restart())),
    vscode.commands.registerCommand('ddb-architect.showCostReport', (argument?: unknown) =>
      report(async () => {
        const spec = await specFor(argument);
        if (!spec) {
          return;
        }
        const markdown = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: 'ddb-architect: pricing the design' },
          () => server.execute(COST_REPORT, [spec.toString()]),
        );
        await reports.show(Reports.costUri(spec), markdown);
      }),
    ),
    vscode.commands.registerCommand('ddb-architect.showRuleDocumentation', (argument?: unknown) =>
      report(async () => {
        const code = typeof argument === 'string' && argument.trim() ? argument.trim() : await pickRule(server);
        if (!code) {
          return;
        }
        const markdown = await server.execute(RULE_DOCUMENTATION, [code]);
        await reports.show(Reports.ruleUri(code), markdown);
      }),
    ),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${SECTION}.interpreter`)) {
        output.info('the interpreter setting changed: restarting the server');
        void report(() => server.restart());
      }
    }),
  );

  // Follow the interpreter selected in the Python extension, when that is the one in use
  // (the Python extension is only asked when the setting names no interpreter).
  let following = false;
  const follow = async (): Promise<void> => {
    if (following || server.interpreter?.source !== 'Python extension') {
      return;
    }
    const changed = (await pythonExtension())?.environments?.onDidChangeActiveEnvironmentPath;
    if (changed && !following) {
      following = true;
      context.subscriptions.push(
        changed(() => {
          if (server.interpreter?.source === 'Python extension') {
            output.info("the Python extension's interpreter changed: restarting the server");
            void report(() => server.restart());
          }
        }),
      );
    }
  };
  server.onStarted = () => void follow();

  void server.start();
}

export function deactivate(): Promise<void> | undefined {
  return manager?.stop();
}

// Markdown the server answers (cost reports, rule pages) shown in the Markdown preview,
// through read-only virtual documents of the scheme `ddb-architect-report`.
import * as path from 'node:path';
import * as vscode from 'vscode';

export const REPORT_SCHEME = 'ddb-architect-report';

const RULE_PAGE = /^\/(DDB\d{3})\.md$/i;

export class Reports implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** `fetchRule` answers a rule page: rule pages link to each other as `DDB102.md`,
   * which the preview resolves beside the page, in this scheme. */
  constructor(private readonly fetchRule: (code: string) => Promise<string>) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const known = this.contents.get(uri.toString());
    if (known !== undefined) {
      return known;
    }
    const rule = RULE_PAGE.exec(uri.path);
    if (rule) {
      try {
        const page = await this.fetchRule(rule[1].toUpperCase());
        this.contents.set(uri.toString(), page);
        return page;
      } catch (error) {
        return `# ${rule[1]}\n\nThe server could not give this page: ${String(error)}\n`;
      }
    }
    return '';
  }

  static costUri(spec: vscode.Uri): vscode.Uri {
    return vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${path.posix.basename(spec.path)} cost.md` });
  }

  static ruleUri(code: string): vscode.Uri {
    return vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${code.toUpperCase()}.md` });
  }

  /** Show markdown in the preview beside the editor (as text when no preview is available). */
  async show(uri: vscode.Uri, markdown: string): Promise<void> {
    this.contents.set(uri.toString(), markdown);
    this.changed.fire(uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    } catch {
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

// The status bar item: the server's state and version; a click shows the output.
import * as vscode from 'vscode';

export type ServerState = 'starting' | 'running' | 'stopped' | 'error';

const ICONS: Record<ServerState, string> = {
  starting: '$(loading~spin)',
  running: '$(database)',
  stopped: '$(circle-slash)',
  error: '$(error)',
};

export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  state: ServerState = 'stopped';

  constructor(command: string) {
    this.item = vscode.window.createStatusBarItem('ddb-architect.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'ddb-architect';
    this.item.command = command;
    this.set('starting');
    this.item.show();
  }

  /** Show a state; `detail` goes to the tooltip (the version when running, else why). */
  set(state: ServerState, detail?: string, version?: string): void {
    this.state = state;
    const label = version ? `ddb-architect ${version}` : 'ddb-architect';
    this.item.text = `${ICONS[state]} ${label}`;
    const tooltip = new vscode.MarkdownString(`**ddb-architect**: server ${state}`);
    if (detail) {
      tooltip.appendText(`\n\n${detail}`);
    }
    tooltip.appendMarkdown('\n\nClick to show the output.');
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `ddb-architect server ${state}${version ? ` ${version}` : ''}` };
    this.item.backgroundColor =
      state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}

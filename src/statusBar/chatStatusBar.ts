import * as vscode from 'vscode';
import type { KeyStatus } from '../auth/apiKeyStore';
import type { EndpointDecision, EndpointSettings } from '../config/endpointPolicy';
import { scopeSource } from '../config/settingScopes';
import type { Usage } from '../shared/conversation';
import { DEFAULT_BASE_URL } from '../shared/endpoint';
import { cacheHitRate, totalInputTokens } from '../shared/usage';
import { Disposable } from '../util/disposable';

/** Registered by the status bar itself and not contributed: the menu makes sense only from the item. */
export const STATUS_MENU_COMMAND = 'claudeChat.statusBarMenu';

/** Everything the item shows, as functions and events, so it is drawn from the host's state and tested without it. */
export interface ChatStatusBarInputs {
  /** The model of the chat on screen (its own, else the default for new chats). */
  model: () => string;
  /** A display name for a model id ("Claude Sonnet 5.5"), when the model catalog knows one. */
  modelName?: (id: string) => string | undefined;
  keyStatus: () => Promise<KeyStatus>;
  /** Where requests go and with which extra headers: the settings snapshot will do. */
  endpoint: () => EndpointSettings;
  /** The endpoint gate, to say whether a workspace's endpoint is approved; without it the tooltip does not say. */
  decide?: (settings: EndpointSettings) => EndpointDecision;
  /** The conversation's cost so far, formatted ("$0.42"); undefined while unknown. */
  cost?: () => string | undefined;
  /** The conversation's usage so far, all answers added up (shared/usage.ts sumUsage); undefined before any. */
  usage?: () => Usage | undefined;
  /** Anything after which the item is drawn again: the key, the settings, the conversation, an answer ending. */
  changes: readonly vscode.Event<unknown>[];
}

interface MenuItem extends vscode.QuickPickItem {
  run: () => unknown;
}

const COMMANDS = {
  setApiKey: 'claudeChat.setApiKey',
  clearApiKey: 'claudeChat.clearApiKey',
  changeModel: 'claudeChat.changeModel',
  manageEndpoints: 'claudeChat.manageEndpoints',
} as const;

/**
 * The status bar item: the model, the key's state and the conversation's cost, with the details (key source,
 * endpoint, extra header names, tokens and cache hits) in its tooltip. A click opens what is needed: Set API Key
 * when there is no usable key, otherwise a short menu (model, key, endpoints, settings), since the item speaks for
 * all of them and a click that could only change the model would leave the key and endpoint out of reach.
 */
export class ChatStatusBar extends Disposable {
  private readonly item: vscode.StatusBarItem;
  /** Drawing awaits the key store: only the latest call may draw, so an older answer never overwrites a newer one. */
  private drawing = 0;
  private lastKey: KeyStatus = { state: 'none', unreadable: false };

  constructor(private readonly inputs: ChatStatusBarInputs) {
    super();
    this.item = this._register(vscode.window.createStatusBarItem('claudeChat.status', vscode.StatusBarAlignment.Right, 100));
    this.item.name = 'Claude Chat';
    this._register(vscode.commands.registerCommand(STATUS_MENU_COMMAND, () => this.showMenu()));
    for (const event of inputs.changes) this._register(event(() => void this.refresh()));
    void this.refresh();
  }

  /** What the item shows and its tooltip's text, as drawn last (tests in a real host cannot read the status bar). */
  get shown(): { text: string; tooltip: string; command: string | undefined } {
    const tooltip = this.item.tooltip;
    const command = this.item.command;
    return { text: this.item.text, tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? ''), command: typeof command === 'string' ? command : command?.command };
  }

  /** Draws the item from the inputs; resolves once drawn (or once a later call took over). */
  async refresh(): Promise<void> {
    const turn = ++this.drawing;
    let key: KeyStatus;
    try {
      key = await this.inputs.keyStatus();
    } catch {
      key = { state: 'none', unreadable: true };
    }
    if (turn !== this.drawing || this.isDisposed) return;
    this.lastKey = key;
    this.draw(key);
  }

  private draw(key: KeyStatus): void {
    const model = this.inputs.model();
    const name = this.inputs.modelName?.(model);
    const short = name ? name.replace(/^Claude\s+/i, '') : model;
    const cost = this.inputs.cost?.();
    const item = this.item;
    if (key.state === 'none') {
      item.text = '$(key) No key';
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      item.command = COMMANDS.setApiKey;
    } else if (key.state === 'invalid') {
      item.text = '$(error) Key invalid';
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      item.command = COMMANDS.setApiKey;
    } else {
      item.text = `$(sparkle) ${short}${cost ? ` · ${cost}` : ''}`;
      item.backgroundColor = undefined;
      item.command = STATUS_MENU_COMMAND;
    }
    item.tooltip = this.tooltip(model, name, key, cost);
    item.accessibilityInformation = { label: `Claude Chat: ${short}, ${keyLine(key)}${cost ? `, this conversation ${cost}` : ''}` };
    item.show();
  }

  private tooltip(model: string, name: string | undefined, key: KeyStatus, cost: string | undefined): vscode.MarkdownString {
    // Not trusted: nothing in it runs a command, whatever a model id or a host name from a setting contains.
    const tip = new vscode.MarkdownString('', true);
    tip.isTrusted = false;
    tip.supportHtml = false;
    const line = (label: string, text: string) => tip.appendMarkdown(`${label} `).appendText(text).appendMarkdown('\n\n');
    tip.appendMarkdown('**Claude Chat**\n\n');
    line('$(sparkle) Model:', name ? `${name} (${model})` : model);
    line('$(key) Key:', keyLine(key));
    line('$(globe) Endpoint:', this.endpointLine());
    const headerNames = Object.keys(this.inputs.endpoint().extraHeaders?.values ?? {}).sort();
    if (headerNames.length > 0) line('$(list-unordered) Extra headers:', headerNames.join(', '));
    const usage = this.inputs.usage?.();
    if (usage || cost) line('$(graph) This conversation:', usageLine(usage, cost));
    tip.appendMarkdown(key.state === 'none' || key.state === 'invalid' ? '_Click to set an API key._' : '_Click for model, key and endpoint actions._');
    return tip;
  }

  private endpointLine(): string {
    const settings = this.inputs.endpoint();
    const host = new URL(settings.baseUrl ?? DEFAULT_BASE_URL).host;
    const notes = settings.baseUrl === undefined ? [] : [`set in ${scopeSource(settings.baseUrlScope)}`];
    const decision = this.inputs.decide?.(settings);
    if (decision && !decision.ok) notes.push(decision.error.title);
    return notes.length > 0 ? `${host} (${notes.join('; ')})` : host;
  }

  private async showMenu(): Promise<void> {
    const key = this.lastKey;
    if (key.state === 'none' || key.state === 'invalid') {
      await vscode.commands.executeCommand(COMMANDS.setApiKey);
      return;
    }
    const model = this.inputs.model();
    const items: MenuItem[] = [
      { label: '$(sparkle) Change Model', description: this.inputs.modelName?.(model) ?? model, run: () => vscode.commands.executeCommand(COMMANDS.changeModel) },
      { label: '$(key) Set API Key', description: keyLine(key), run: () => vscode.commands.executeCommand(COMMANDS.setApiKey) },
      ...(key.state === 'stored' ? [{ label: '$(trash) Clear API Key', run: () => vscode.commands.executeCommand(COMMANDS.clearApiKey) }] : []),
      { label: '$(shield) Manage Approved Endpoints…', run: () => vscode.commands.executeCommand(COMMANDS.manageEndpoints) },
      { label: '$(gear) Open Settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'claudeChat') },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'Claude Chat', placeHolder: 'Model, API key and endpoint' });
    await picked?.run();
  }
}

function keyLine(key: KeyStatus): string {
  switch (key.state) {
    case 'none':
      return key.unreadable ? 'could not be read from secret storage' : 'none set';
    case 'stored':
      return 'stored in secret storage';
    case 'environment':
      return 'from ANTHROPIC_API_KEY';
    case 'invalid': {
      const where = key.source === 'secretStorage' ? 'the stored key' : 'the key in ANTHROPIC_API_KEY';
      return key.rejected ? `${where} was rejected by the API (401)` : `${where} has a character that cannot be sent`;
    }
  }
}

function usageLine(usage: Usage | undefined, cost: string | undefined): string {
  const parts: string[] = [];
  if (usage) {
    parts.push(`${totalInputTokens(usage).toLocaleString('en-US')} tokens in`, `${usage.outputTokens.toLocaleString('en-US')} out`);
    if (totalInputTokens(usage) > 0) parts.push(`${Math.round(cacheHitRate(usage) * 100)}% read from cache`);
  }
  if (cost) parts.push(cost);
  return parts.join(' · ');
}

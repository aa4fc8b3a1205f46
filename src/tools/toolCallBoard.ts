import * as vscode from 'vscode';
import type { ToolCallState, ToolDecision } from '../shared/protocol';
import { Disposable } from '../util/disposable';

interface BoardEntry extends ToolCallState {
  conversationId: string;
  /** Settles the card when the user decides (or the loop is stopped). */
  settle?: (decision: ToolDecision | 'stopped') => void;
}

/**
 * The tool calls of running loops that wait for the user or run now, and the tools the user allowed for a whole
 * conversation. The chat views show it as cards (protocol `tools/calls`); their decisions come back through `decide`.
 * Held in memory only: after a reload a waiting answer shows its calls as not run, with Resume.
 */
export class ToolCallBoard extends Disposable {
  private readonly entries = new Map<string, BoardEntry>();
  private readonly allowed = new Map<string, Set<string>>();
  private readonly changed = this._register(new vscode.EventEmitter<string>());
  /** The calls of this conversation changed. */
  readonly onDidChange = this.changed.event;

  /** The conversation's waiting and running calls, in the order they were added. */
  calls(conversationId: string): ToolCallState[] {
    return [...this.entries.values()]
      .filter((entry) => entry.conversationId === conversationId)
      .map(({ toolUseId, state, sensitivePath }) => ({ toolUseId, state, ...(sensitivePath !== undefined ? { sensitivePath } : {}) }));
  }

  /**
   * Shows the call's card and waits for the user's decision; `stopped` when `signal` aborts first (Stop, a new chat).
   * A sensitive file's card names it and does not offer Allow for this conversation.
   */
  ask(conversationId: string, toolUseId: string, sensitivePath: string | undefined, signal: AbortSignal): Promise<ToolDecision | 'stopped'> {
    if (signal.aborted) return Promise.resolve('stopped');
    return new Promise((resolve) => {
      const onAbort = () => finish('stopped');
      const finish = (decision: ToolDecision | 'stopped') => {
        signal.removeEventListener('abort', onAbort);
        const entry = this.entries.get(toolUseId);
        if (entry?.settle === finish) this.remove(toolUseId);
        resolve(decision);
      };
      this.entries.set(toolUseId, { conversationId, toolUseId, state: 'awaitingApproval', ...(sensitivePath !== undefined ? { sensitivePath } : {}), settle: finish });
      signal.addEventListener('abort', onAbort, { once: true });
      this.changed.fire(conversationId);
    });
  }

  /**
   * The user's decision on a card. False when no card waits for this id (decided already, stopped, or an id the view
   * made up); `allowConversation` is taken as `allowOnce` for a sensitive file, whose card never offers it.
   */
  decide(toolUseId: string, decision: ToolDecision): boolean {
    const entry = this.entries.get(toolUseId);
    if (!entry || entry.state !== 'awaitingApproval' || !entry.settle) return false;
    entry.settle(decision === 'allowConversation' && entry.sensitivePath !== undefined ? 'allowOnce' : decision);
    return true;
  }

  /** The call runs now (its row says Running…); `done` when its result is in. */
  running(conversationId: string, toolUseId: string): { done(): void } {
    this.entries.set(toolUseId, { conversationId, toolUseId, state: 'running' });
    this.changed.fire(conversationId);
    return { done: () => this.remove(toolUseId) };
  }

  /** Allow for this conversation: later calls of `toolName` in it run without a card (sensitive files still ask). */
  allowForConversation(conversationId: string, toolName: string): void {
    const names = this.allowed.get(conversationId) ?? new Set<string>();
    names.add(toolName);
    this.allowed.set(conversationId, names);
  }

  isAllowedForConversation(conversationId: string, toolName: string): boolean {
    return this.allowed.get(conversationId)?.has(toolName) ?? false;
  }

  private remove(toolUseId: string): void {
    const entry = this.entries.get(toolUseId);
    if (!entry) return;
    this.entries.delete(toolUseId);
    this.changed.fire(entry.conversationId);
  }
}

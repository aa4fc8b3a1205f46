import type * as vscode from 'vscode';
import { redactSecrets } from '../shared/redact';

/**
 * The extension's log channel with every line scrubbed of secrets on its way in: key-shaped strings, Authorization
 * values, and the keys `secrets()` names (which need not look like keys). Errors are logged as their scrubbed text,
 * since an Error object would be printed by VS Code, stack and message, past the scrubbing.
 */
export class RedactingLog implements vscode.LogOutputChannel {
  private secretSources: (() => readonly string[])[] = [];
  /**
   * VS Code disposes the channel with the other subscriptions while the last saves (started by deactivate) are still
   * running; a closed channel throws, and their reports must not fail them.
   */
  private closed = false;

  constructor(private readonly inner: vscode.LogOutputChannel) {}

  /** Adds where known secrets come from; asked on every line, so a key stored later is scrubbed too. */
  addSecrets(source: () => readonly string[]): void {
    this.secretSources.push(source);
  }

  get name(): string {
    return this.inner.name;
  }
  get logLevel(): vscode.LogLevel {
    return this.inner.logLevel;
  }
  get onDidChangeLogLevel(): vscode.Event<vscode.LogLevel> {
    return this.inner.onDidChangeLogLevel;
  }

  trace(message: string, ...args: unknown[]): void {
    if (this.closed) return;
    this.inner.trace(this.line(message, args));
  }
  debug(message: string, ...args: unknown[]): void {
    if (this.closed) return;
    this.inner.debug(this.line(message, args));
  }
  info(message: string, ...args: unknown[]): void {
    if (this.closed) return;
    this.inner.info(this.line(message, args));
  }
  warn(message: string, ...args: unknown[]): void {
    if (this.closed) return;
    this.inner.warn(this.line(message, args));
  }
  error(error: string | Error, ...args: unknown[]): void {
    if (this.closed) return;
    this.inner.error(this.line(typeof error === 'string' ? error : (error.stack ?? error.message), args));
  }
  append(value: string): void {
    if (this.closed) return;
    this.inner.append(this.scrub(value));
  }
  appendLine(value: string): void {
    if (this.closed) return;
    this.inner.appendLine(this.scrub(value));
  }
  replace(value: string): void {
    if (this.closed) return;
    this.inner.replace(this.scrub(value));
  }
  clear(): void {
    this.inner.clear();
  }
  show(preserveFocusOrColumn?: boolean | vscode.ViewColumn, preserveFocus?: boolean): void {
    if (typeof preserveFocusOrColumn === 'boolean' || preserveFocusOrColumn === undefined) this.inner.show(preserveFocusOrColumn);
    else this.inner.show(preserveFocusOrColumn, preserveFocus);
  }
  hide(): void {
    this.inner.hide();
  }
  dispose(): void {
    this.closed = true;
    this.inner.dispose();
  }

  private line(message: string, args: unknown[]): string {
    return this.scrub([message, ...args.map(argumentText)].join(' '));
  }

  private scrub(text: string): string {
    return redactSecrets(
      text,
      this.secretSources.flatMap((source) => source()),
    );
  }
}

function argumentText(arg: unknown): string {
  if (arg instanceof Error) return arg.stack ?? arg.message;
  if (typeof arg === 'string') return arg;
  try {
    return JSON.stringify(arg) ?? String(arg);
  } catch {
    return String(arg);
  }
}

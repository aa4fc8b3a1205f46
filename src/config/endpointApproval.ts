import * as vscode from 'vscode';
import { Disposable } from '../util/disposable';
import {
  allowed,
  approvalDetail,
  approvalQuestion,
  assessEndpoint,
  notApproved,
  type ApprovalSubject,
  type EndpointDecision,
  type EndpointGate,
  type EndpointSettings,
} from './endpointPolicy';

/** Asks the user about `subject`; true only for an explicit yes. */
export type ApprovalPrompt = (subject: ApprovalSubject) => Thenable<boolean>;

export interface ApprovalRecord {
  id: string;
  origin: string;
  host: string;
  headerNames: string[];
  approvedAt: number;
}

const STATE_KEY = 'claudeChat.approvedEndpoints';
const ALLOW = 'Allow for This Workspace';

/** The modal confirmation, naming the host; dismissing it (Cancel, Escape) is a no. */
export const askInModal: ApprovalPrompt = async (subject) => {
  const choice = await vscode.window.showWarningMessage(approvalQuestion(subject), { modal: true, detail: approvalDetail(subject) }, ALLOW);
  return choice === ALLOW;
};

/**
 * The endpoints the user approved for this workspace (kept in its workspaceState, so approving a host in one
 * repository approves it nowhere else), the confirmation that adds one, and revocation.
 */
export class EndpointApprovals extends Disposable implements EndpointGate {
  /** One question per subject at a time: a second send while the first waits shares its answer. */
  private readonly asking = new Map<string, Promise<boolean>>();
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
    private prompt: ApprovalPrompt = askInModal,
  ) {
    super();
  }

  async approve(settings: EndpointSettings): Promise<EndpointDecision> {
    const assessment = assessEndpoint(settings);
    if (assessment.kind !== 'needsApproval' || this.isApproved(assessment.subject.id)) return this.decide(settings);
    if (!(await this.ask(assessment.subject))) return { ok: false, error: notApproved(assessment.subject) };
    return allowed(assessment);
  }

  decide(settings: EndpointSettings): EndpointDecision {
    const assessment = assessEndpoint(settings);
    switch (assessment.kind) {
      case 'direct':
        return allowed(assessment);
      case 'refused':
        this.log.warn(assessment.error.title);
        return { ok: false, error: assessment.error };
      case 'needsApproval':
        return this.isApproved(assessment.subject.id) ? allowed(assessment) : { ok: false, error: notApproved(assessment.subject) };
    }
  }

  approved(): ApprovalRecord[] {
    const stored = this.state.get<unknown>(STATE_KEY);
    return Array.isArray(stored) ? stored.filter(isApprovalRecord) : [];
  }

  async revoke(ids: readonly string[]): Promise<void> {
    await this.state.update(STATE_KEY, this.approved().filter((record) => !ids.includes(record.id)));
    this.log.info(`Revoked endpoint approval: ${ids.join(', ')}`);
    this.changed.fire();
  }

  /**
   * Replaces the confirmation (undefined restores the modal). Only the integration tests use it, through the test
   * API that activate() returns in ExtensionMode.Test alone: a real modal cannot be answered from a test.
   */
  setPromptForTests(prompt: ApprovalPrompt | undefined): void {
    this.prompt = prompt ?? askInModal;
  }

  private isApproved(id: string): boolean {
    return this.approved().some((record) => record.id === id);
  }

  private ask(subject: ApprovalSubject): Promise<boolean> {
    let answer = this.asking.get(subject.id);
    if (!answer) {
      answer = this.askOnce(subject).finally(() => this.asking.delete(subject.id));
      this.asking.set(subject.id, answer);
    }
    return answer;
  }

  private async askOnce(subject: ApprovalSubject): Promise<boolean> {
    const allowed = await this.prompt(subject);
    if (!allowed) {
      this.log.warn(`Not approved: requests to ${subject.origin} chosen by ${subject.setIn}`);
      return false;
    }
    const record: ApprovalRecord = { id: subject.id, origin: subject.origin, host: subject.host, headerNames: subject.headerNames, approvedAt: Date.now() };
    await this.state.update(STATE_KEY, [...this.approved().filter((existing) => existing.id !== subject.id), record]);
    this.log.info(`Approved for this workspace: requests to ${subject.origin}`);
    this.changed.fire();
    return true;
  }
}

function isApprovalRecord(value: unknown): value is ApprovalRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.id === 'string' &&
    typeof record.origin === 'string' &&
    typeof record.host === 'string' &&
    Array.isArray(record.headerNames) &&
    record.headerNames.every((name) => typeof name === 'string') &&
    typeof record.approvedAt === 'number'
  );
}

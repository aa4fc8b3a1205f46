/**
 * Where the API key may go. The user's own settings choose freely; an endpoint (a base URL, or extra headers) that a
 * repository may have chosen (workspace settings, or the user scope inside a dev container or codespace:
 * settingScopes.ts) is used only once the user approves its host, and plain http is refused outright unless it
 * stays on this machine. Extra headers never come from workspace settings at all (settingsSchema.ts drops them);
 * the rules here still treat such headers as a repository's choice, should any arrive. Pure (no `vscode`):
 * endpointApproval.ts asks and remembers.
 */
import { createHash } from 'node:crypto';
import type { ChatError } from '../shared/chatError';
import { DEFAULT_BASE_URL, type ReplyEndpoint } from '../shared/endpoint';
import { isChosenByRepository, scopeSource, type SettingScope } from './settingScopes';

export interface EndpointSettings {
  /** Undefined: the default endpoint. Always a parsed http(s) URL without credentials when set. */
  baseUrl: string | undefined;
  baseUrlScope: SettingScope;
  /** `claudeChat.extraHeaders`: sent with every request, and who set them. */
  extraHeaders?: { values: Readonly<Record<string, string>>; scope: SettingScope };
}

/** What the user approves: a host a workspace chose, or headers a workspace adds, or both. */
export interface ApprovalSubject {
  /** What an approval is remembered by: the origin, plus a digest of workspace headers (a changed value asks again). */
  id: string;
  origin: string;
  host: string;
  /** The settings that chose this endpoint, e.g. `claudeChat.baseUrl`. */
  chosenBy: string[];
  /** Where they were set, as the user is told: "this workspace's settings", "this container's settings". */
  setIn: string;
  /** Names of the headers the workspace adds; their values are not shown (they may be tokens). */
  headerNames: string[];
  /** Names of the user's own extra headers, which go to this host too once it is approved. */
  ownHeaderNames?: string[];
}

/** Extra headers to send with each request, by name; absent when there are none. */
export type ExtraHeaders = Readonly<Record<string, string>>;

/** Where a request may go: used as is, after the user's approval, or not at all. */
export type EndpointAssessment =
  | { kind: 'direct'; baseUrl: string | undefined; extraHeaders?: ExtraHeaders }
  | { kind: 'needsApproval'; baseUrl: string | undefined; extraHeaders?: ExtraHeaders; subject: ApprovalSubject }
  | { kind: 'refused'; error: ChatError };

/** Where a request may go now, and with which extra headers, or why it may not go anywhere. */
export type EndpointDecision = { ok: true; baseUrl: string | undefined; extraHeaders?: ExtraHeaders } | { ok: false; error: ChatError };

/** The check every request carrying the key passes (a chat answer, a title). */
export interface EndpointGate {
  /** Before a send the user just made: an unapproved workspace endpoint is put to them, and nothing else waits. */
  approve(settings: EndpointSettings): Promise<EndpointDecision>;
  /** At the moment a request goes out, and for background requests: only an approval already given counts. */
  decide(settings: EndpointSettings): EndpointDecision;
}

/** A gate with nobody to ask and nothing remembered: the user's own endpoints pass, a workspace's never does. */
export const userEndpointsOnly: EndpointGate = {
  approve: async (settings) => userEndpointsOnly.decide(settings),
  decide: (settings) => {
    const assessment = assessEndpoint(settings);
    if (assessment.kind === 'direct') return allowed(assessment);
    return { ok: false, error: assessment.kind === 'refused' ? assessment.error : notApproved(assessment.subject) };
  },
};

/** A decision as the `endpoint` field requestReply takes: where to send, or (with no URL at all) why nothing may be. */
export function replyEndpoint(decision: EndpointDecision): { endpoint: ReplyEndpoint } {
  if (!decision.ok) return { endpoint: { kind: 'refused', error: decision.error } };
  return { endpoint: { kind: 'endpoint', baseUrl: decision.baseUrl, ...(decision.extraHeaders ? { extraHeaders: decision.extraHeaders } : {}) } };
}

/** An allowed assessment as a decision; `extraHeaders` only when there are some, so "none" has one shape. */
export function allowed(assessment: { baseUrl: string | undefined; extraHeaders?: ExtraHeaders }): EndpointDecision {
  return { ok: true, baseUrl: assessment.baseUrl, ...(assessment.extraHeaders ? { extraHeaders: assessment.extraHeaders } : {}) };
}

export function assessEndpoint(settings: EndpointSettings): EndpointAssessment {
  const baseUrlFromRepository = settings.baseUrl !== undefined && isChosenByRepository(settings.baseUrlScope);
  const allHeaders = settings.extraHeaders?.values ?? {};
  const extra = Object.keys(allHeaders).length > 0 ? { extraHeaders: allHeaders } : {};
  const headersFromRepository = settings.extraHeaders !== undefined && isChosenByRepository(settings.extraHeaders.scope);
  const repositoryHeaders = headersFromRepository ? allHeaders : {};
  const headerNames = Object.keys(repositoryHeaders).sort();
  if (!baseUrlFromRepository && headerNames.length === 0) return { kind: 'direct', baseUrl: settings.baseUrl, ...extra };

  const url = new URL(settings.baseUrl ?? DEFAULT_BASE_URL);
  const sources = [...(baseUrlFromRepository ? [settings.baseUrlScope] : []), ...(headerNames.length > 0 && settings.extraHeaders ? [settings.extraHeaders.scope] : [])];
  const setIn = [...new Set(sources.map(scopeSource))].join(' and ');
  // A repository's plain-http endpoint would put the key on the network unencrypted: not even worth asking.
  if (baseUrlFromRepository && url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return { kind: 'refused', error: plainHttpRefused(url, scopeSource(settings.baseUrlScope)) };

  const chosenBy = [...(baseUrlFromRepository ? ['claudeChat.baseUrl'] : []), ...(headerNames.length > 0 ? ['claudeChat.extraHeaders'] : [])];
  const id = headerNames.length === 0 ? url.origin : `${url.origin} headers:${headerDigest(repositoryHeaders)}`;
  // The user's own headers (a gateway token, perhaps) would follow the key to a host the repository chose: say so.
  const ownHeaderNames = headersFromRepository ? [] : Object.keys(allHeaders).sort();
  const subject: ApprovalSubject = { id, origin: url.origin, host: url.host, chosenBy, setIn, headerNames, ...(ownHeaderNames.length > 0 ? { ownHeaderNames } : {}) };
  return { kind: 'needsApproval', baseUrl: settings.baseUrl, ...extra, subject };
}

/**
 * Loopback as the URL parser writes it: `localhost`, 127.0.0.0/8, `[::1]` and its IPv4-mapped form. Other names
 * that may resolve to this machine (`*.localhost`, a hosts-file entry) are not trusted to.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host);
}

function headerDigest(headers: Readonly<Record<string, string>>): string {
  const entries = Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]);
  entries.sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 16);
}

export function approvalQuestion(subject: ApprovalSubject): string {
  return `Send your API key to ${subject.host}?`;
}

/** Why a container's own settings are asked about: the user may well have written them, but so may the repository. */
const CONTAINER_NOTE = "A dev container's or codespace's settings can come from the repository's devcontainer.json, not only from you. ";

export function approvalDetail(subject: ApprovalSubject): string {
  const headers = subject.headerNames.length > 0 ? ` with the headers ${subject.headerNames.join(', ')}` : '';
  const own = subject.ownHeaderNames?.length ? ` and your own extra headers (${subject.ownHeaderNames.join(', ')})` : '';
  return (
    `${subject.chosenBy.join(', ')}, set in ${subject.setIn}, send Claude Chat's requests${headers} to ${subject.origin}: ` +
    `your API key${own} and your conversation would go there. ` +
    (subject.setIn.includes(scopeSource('container')) ? CONTAINER_NOTE : '') +
    'Allow only if you trust that host. ' +
    'Claude Chat remembers the answer for this workspace; "Claude Chat: Manage Approved Endpoints…" revokes it.'
  );
}

export function notApproved(subject: ApprovalSubject): ChatError {
  return {
    kind: 'invalidRequest',
    title: `Not sent: ${subject.host} is not approved.`,
    detail:
      `${capitalize(subject.setIn)} send requests to ${subject.origin}; your API key goes there only once you approve it. ` +
      `Send again to be asked, or remove the setting from ${subject.setIn}.`,
    actions: ['openSettings'],
  };
}

/** Names the endpoint by scheme and host only: a URL's path or query may carry a token. */
function plainHttpRefused(url: URL, setIn: string): ChatError {
  return {
    kind: 'invalidRequest',
    title: `Not sent: ${setIn} chose a plain http endpoint.`,
    detail:
      `claudeChat.baseUrl in ${setIn} is ${url.origin}, so your API key would cross the network unencrypted. ` +
      'Settings a repository may have written can choose https, or http to this machine only (localhost, 127.0.0.1, [::1]).',
    actions: ['openSettings'],
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

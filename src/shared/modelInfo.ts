/**
 * What the extension knows of a model, as plain data both bundles can hold: read from GET /v1/models by
 * src/api/modelCatalog.ts, or taken from BUILT_IN_MODELS when that endpoint cannot be asked.
 */

import { formatTokens } from './contextGauge';
import type { EffortLevel } from './requestParams';

/** The effort levels, lowest first, live with the other answer parameters. */
export { EFFORT_LEVELS, type EffortLevel } from './requestParams';

export type ModelLifecycle = 'active' | 'deprecated' | 'retired';

export interface ModelCapabilityFlags {
  /** Takes image blocks. */
  image: boolean;
  /** Takes PDF document blocks. */
  pdf: boolean;
  /** Can think at all (the thinking controls are shown only then). */
  thinking: boolean;
  /** Takes `thinking: {type: 'adaptive'}` (the model decides how much to think) rather than only a budget. */
  adaptiveThinking: boolean;
  /** The `output_config.effort` levels it takes; empty when it takes none. */
  effort: EffortLevel[];
}

export interface ModelInfo {
  id: string;
  displayName: string;
  /** Input tokens it reads at most (max_input_tokens). */
  contextWindow: number;
  /** The largest `max_tokens` it takes. */
  maxOutputTokens: number;
  capabilities: ModelCapabilityFlags;
  /**
   * True when the endpoint listed the model without its capabilities (a gateway passing the list through may):
   * they are then the built-in list's, or assumed, and the UI offers them without promising them.
   */
  assumedCapabilities?: true;
  lifecycle: ModelLifecycle;
  /** ISO date-time of its deprecation (deprecated and retired models). */
  deprecatedAt?: string;
  /** ISO date-time it is (or was) retired on; may still move while it is only deprecated. */
  retiresAt?: string;
}

/** The models a picker offers, and where they came from. */
export interface ModelList {
  models: ModelInfo[];
  /** 'builtIn': BUILT_IN_MODELS, because /v1/models could not be read (`problem` says why). */
  source: 'api' | 'builtIn';
  /** When this list was read (or fallen back to), in milliseconds since the epoch. */
  fetchedAt: number;
  /** Why the list is not a fresh one from /v1/models, in a sentence for the user. */
  problem?: string;
  /** The endpoint the list came from (source 'api'): another endpoint may list other models. */
  baseUrl?: string;
}

const ALL_INPUTS = { image: true, pdf: true } as const;

/**
 * The fallback when /v1/models cannot be read (a gateway without it, no network, no key yet), newest first as the
 * API lists them. Written 2026-11-20 from the SDK 1.12 model union and deprecation table (@anthropic-ai/sdk
 * resources/messages: claude-sonnet-4-5 deprecated, end of life 2026-11-30) and the API reference, which gives
 * claude-opus-5-5's limits (1M context, 128K out). The other limits are not published there, so they are the floor
 * every Claude model since 4.5 has (200K context, 64K out): a request never asks more than a model takes. Effort is
 * the three levels every effort-capable model takes. /v1/models, when it answers, replaces all of this.
 */
export const BUILT_IN_MODELS: readonly ModelInfo[] = [
  builtIn('claude-opus-5-5', 'Claude Opus 5.5', 1_000_000, 128_000),
  builtIn('claude-sonnet-5-5', 'Claude Sonnet 5.5', 200_000, 64_000),
  builtIn('claude-haiku-5-5', 'Claude Haiku 5.5', 200_000, 64_000),
  builtIn('claude-fable-5-2', 'Claude Fable 5.2', 200_000, 64_000),
  builtIn('claude-fable-5-1', 'Claude Fable 5.1', 200_000, 64_000),
  builtIn('claude-sonnet-5', 'Claude Sonnet 5', 200_000, 64_000),
  builtIn('claude-opus-5', 'Claude Opus 5', 200_000, 64_000),
  {
    id: 'claude-sonnet-4-5',
    displayName: 'Claude Sonnet 4.5',
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    // Extended thinking with a budget; adaptive thinking and effort came after it.
    capabilities: { ...ALL_INPUTS, thinking: true, adaptiveThinking: false, effort: [] },
    lifecycle: 'deprecated',
    retiresAt: '2026-11-30T00:00:00Z',
  },
];

function builtIn(id: string, displayName: string, contextWindow: number, maxOutputTokens: number): ModelInfo {
  return { id, displayName, contextWindow, maxOutputTokens, capabilities: { ...ALL_INPUTS, thinking: true, adaptiveThinking: true, effort: ['low', 'medium', 'high'] }, lifecycle: 'active' };
}

/** A pinned snapshot: `claude-sonnet-4-5-20250929` is a dated id of the `claude-sonnet-4-5` family. */
const DATED_ID = /^(.+)-(\d{8})$/;

/**
 * The model with this id, else its family's entry for a dated snapshot id (`claude-opus-5-5-20261104` finds
 * `claude-opus-5-5`), else a dated entry of the family an undated id names (lists that hold only snapshots).
 */
export function findModel<T extends { id: string }>(models: readonly T[], id: string): T | undefined {
  const wanted = id.trim();
  const exact = models.find((model) => model.id === wanted);
  if (exact) return exact;
  const family = DATED_ID.exec(wanted)?.[1];
  if (family !== undefined) return models.find((model) => model.id === family);
  return models.find((model) => DATED_ID.exec(model.id)?.[1] === wanted);
}

/**
 * Where a conversation's model stands in a list. 'missing' only for a list from /v1/models: the built-in list does
 * not know every model an endpoint serves, so a model it lacks is 'listed' (nothing to warn about).
 */
export function modelStatus(list: Pick<ModelList, 'models' | 'source'>, id: string): 'listed' | 'deprecated' | 'retired' | 'missing' {
  const found = findModel(list.models, id);
  if (!found) return list.source === 'api' ? 'missing' : 'listed';
  return found.lifecycle === 'active' ? 'listed' : found.lifecycle;
}

/** One line for a picker: "1M context · 128K out · thinking · images · PDFs". */
export function describeModel(info: ModelInfo): string {
  const parts = [`${formatTokens(info.contextWindow)} context`, `${formatTokens(info.maxOutputTokens)} out`];
  if (info.capabilities.thinking) parts.push('thinking');
  if (info.capabilities.image) parts.push('images');
  if (info.capabilities.pdf) parts.push('PDFs');
  return parts.join(' · ');
}


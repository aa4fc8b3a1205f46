import { isChosenByRepository, type ScopedValue } from './settingScopes';

/**
 * The workspace tools' settings (claudeChat.tools.*). Each is read so that a repository can only make tools safer:
 * it can turn them off and add sensitive files, never turn them on over the user's "off" or approve calls for the
 * user. Pure (no `vscode`): settings.ts passes every scope's value.
 */
export interface ToolSettings {
  /** Off in any scope (user or workspace) means off. */
  enabled: boolean;
  /** Read tools run without a card (sensitive files still ask). The user's own settings only. */
  autoApproveReads: boolean;
  /** Tool rounds one user turn may take before the loop stops and says so. */
  maxRounds: number;
  /** Glob patterns (workspace-relative) of files that always ask, on top of the built-in list. Every scope adds. */
  sensitiveFiles: string[];
}

export const DEFAULT_TOOL_SETTINGS: ToolSettings = { enabled: true, autoApproveReads: false, maxRounds: 15, sensitiveFiles: [] };
export const MAX_TOOL_ROUNDS = 100;
const MAX_PATTERN_LENGTH = 500;
const MAX_PATTERNS = 200;

/** Every scope's value of each tools setting, most specific first (settingScopes.scopedValues). */
export interface ToolSettingValues {
  enabled: readonly ScopedValue[];
  autoApproveReads: readonly ScopedValue[];
  maxRounds: readonly ScopedValue[];
  sensitiveFiles: readonly ScopedValue[];
}

export function parseToolSettings(values: ToolSettingValues, problems: string[]): ToolSettings {
  const result: ToolSettings = { ...DEFAULT_TOOL_SETTINGS, sensitiveFiles: [] };
  for (const { value } of values.enabled) {
    if (value === false) result.enabled = false;
    else if (value !== true) problems.push('claudeChat.tools.enabled must be true or false.');
  }

  // Approving on the user's behalf is the user's choice alone: a repository's value is ignored, and said so.
  for (const { value, scope } of values.autoApproveReads) {
    if (isChosenByRepository(scope)) {
      if (value === true) problems.push('claudeChat.tools.autoApproveReads is ignored in workspace settings: only your user settings can auto-approve tool calls.');
      continue;
    }
    if (typeof value === 'boolean') result.autoApproveReads = value;
    else problems.push('claudeChat.tools.autoApproveReads must be true or false.');
    break;
  }

  const rounds = values.maxRounds[0]?.value;
  if (typeof rounds === 'number' && Number.isInteger(rounds) && rounds >= 1 && rounds <= MAX_TOOL_ROUNDS) result.maxRounds = rounds;
  else if (rounds !== undefined) problems.push(`claudeChat.tools.maxRounds must be a whole number from 1 to ${MAX_TOOL_ROUNDS}; using ${DEFAULT_TOOL_SETTINGS.maxRounds}.`);

  const patterns = new Set<string>();
  for (const { value } of values.sensitiveFiles) {
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      problems.push('claudeChat.tools.sensitiveFiles must be a list of glob patterns.');
      continue;
    }
    for (const pattern of value as string[]) {
      const trimmed = pattern.trim();
      if (trimmed.length > 0 && trimmed.length <= MAX_PATTERN_LENGTH && patterns.size < MAX_PATTERNS) patterns.add(trimmed);
    }
  }
  result.sensitiveFiles = [...patterns];
  return result;
}

// Whether Claude may be offered the workspace tools at all. The checks are cheap and read nothing from disk, so the
// request builder asks before every request: trust and folders can change while a conversation is open.
import * as vscode from 'vscode';

export type ToolAvailability = { available: true } | { available: false; reason: string };

export interface ToolAvailabilityFacts {
  /** claudeChat.tools.enabled. */
  enabledSetting: boolean;
  /** vscode.workspace.isTrusted. */
  trusted: boolean;
  /** The scheme of each workspace folder's uri, in order. */
  folderSchemes: readonly string[];
}

/**
 * Pure: the first reason the tools are off, or available. An untrusted workspace gets no tools, because a repository
 * opened to look at it may hold files written to steer Claude (prompt injection) and Claude would read them on its
 * own; a virtual workspace (GitHub repositories, vscode-vfs…) is refused because the path checks run on the local
 * file system.
 */
export function toolAvailability(facts: ToolAvailabilityFacts): ToolAvailability {
  if (!facts.enabledSetting) return { available: false, reason: 'Workspace tools are turned off (claudeChat.tools.enabled).' };
  if (!facts.trusted) {
    return { available: false, reason: 'Workspace tools are off because this workspace is not trusted; trust it to let Claude read its files.' };
  }
  if (facts.folderSchemes.length === 0) {
    return { available: false, reason: 'Workspace tools are off because there is no folder open; open a folder to let Claude read its files.' };
  }
  const virtual = facts.folderSchemes.find((scheme) => scheme !== 'file');
  if (virtual !== undefined) {
    return {
      available: false,
      reason: `Workspace tools are off because this is a virtual workspace (${virtual}:), whose files the tools cannot read; open a local folder instead.`,
    };
  }
  return { available: true };
}

/** The same, with the facts read from VS Code now. */
export function currentToolAvailability(enabledSetting: boolean): ToolAvailability {
  return toolAvailability({
    enabledSetting,
    trusted: vscode.workspace.isTrusted,
    folderSchemes: (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.scheme),
  });
}

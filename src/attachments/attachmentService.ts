import * as vscode from 'vscode';
import type { ApiKeyStore } from '../auth/apiKeyStore';
import { attachmentParam } from '../api/requestBuilder';
import type { ModelCapabilities } from '../api/modelCapabilities';
import { countBlockTokens } from '../api/tokenCounter';
import { replyEndpoint, type EndpointGate } from '../config/endpointPolicy';
import type { ChatSettings } from '../config/settingsSchema';
import type { ChatSession } from '../conversations/chatSession';
import type { AttachmentStore } from '../conversations/store/attachmentStore';
import { errorText, workspacePath } from '../editor/workspaceFiles';
import type { Attachment } from '../shared/attachment';
import { MANY_IMAGES_THRESHOLD, MAX_PDF_BYTES } from '../shared/attachmentRules';
import type { ChatError } from '../shared/chatError';
import { visiblePath } from '../shared/conversationTree';
import type { AttachmentAcceptance } from '../shared/protocol';
import { Disposable } from '../util/disposable';
import { ingestAttachment, type IngestSource } from './attachmentIngest';
import type { ImageResizeBroker } from './imageResizeBroker';

/** What is assumed while the model's capabilities are not known (no key yet, or /v1/models unreachable). */
const ASSUMED: AttachmentAcceptance = { image: true, pdf: true, known: false };

export interface AttachmentServiceDeps {
  session: ChatSession;
  store: AttachmentStore;
  broker: ImageResizeBroker;
  capabilities: ModelCapabilities;
  keys: ApiKeyStore;
  endpoints: EndpointGate;
  settings: () => ChatSettings;
  log: vscode.LogOutputChannel;
}

/**
 * Every way a file becomes an attachment of the turn being written (picker, `@` mention, Explorer, drop, paste) ends
 * here: a chip appears at once, the file is read, checked from its bytes, downscaled when it is an image larger than
 * the model uses, stored once by its hash, and its chip becomes ready with its token cost (estimated at once, then
 * counted by the API when a key is set). A refusal names the file, says why and what to do, and touches nothing else.
 */
export class AttachmentService extends Disposable {
  private readonly refused = this._register(new vscode.EventEmitter<ChatError>());
  /** An attachment was refused or failed: the composer shows why. */
  readonly onDidRefuse = this.refused.event;

  constructor(private readonly deps: AttachmentServiceDeps) {
    super();
  }

  /** Attaches files by URI (the picker, the Explorer, a drop, a mention), one chip each, in order. */
  async attachUris(uris: readonly vscode.Uri[]): Promise<void> {
    const chips = uris.map((uri) => ({ uri, id: this.deps.session.attachments.begin(workspacePath(uri)) }));
    for (const { uri, id } of chips) {
      if (id === undefined) {
        this.refuse(`${workspacePath(uri)} was not attached: one message can carry at most 100 files.`, 'Send what is attached, then attach the rest to the next message.');
        continue;
      }
      const read = await readAttachable(uri);
      if (typeof read === 'string') {
        this.deps.session.attachments.remove(id);
        this.refuse(`${workspacePath(uri)} was not attached.`, read);
        continue;
      }
      await this.prepare(id, { bytes: read, name: workspacePath(uri), uri: uri.toString() });
    }
  }

  /** Attaches bytes the webview read (a paste, a file dropped from the OS); they are checked like any file. */
  async attachBytes(name: string, bytes: Uint8Array): Promise<void> {
    const shown = name.trim().length > 0 ? name.trim() : 'pasted file';
    const id = this.deps.session.attachments.begin(shown);
    if (id === undefined) {
      this.refuse(`${shown} was not attached: one message can carry at most 100 files.`, 'Send what is attached, then attach the rest to the next message.');
      return;
    }
    await this.prepare(id, { bytes, name: shown });
  }

  /** What the conversation's model takes, from /v1/models; assumed (and said so) without a key or an answer. */
  async acceptance(): Promise<AttachmentAcceptance> {
    const request = await this.apiAccess();
    if (!request) return ASSUMED;
    try {
      return await this.deps.capabilities.accepts({ ...request, model: this.deps.session.snapshot.model });
    } catch {
      return ASSUMED;
    }
  }

  /** The attachment with this hash in the composer or the conversation on screen (the only ones a chip can show). */
  find(sha256: string): Attachment | undefined {
    const pending = this.deps.session.attachments.ready.find((attachment) => attachment.sha256 === sha256);
    if (pending) return pending;
    for (const message of this.deps.session.snapshot.messages) {
      for (const block of message.blocks) if (block.type === 'attachment' && block.attachment.sha256 === sha256) return block.attachment;
    }
    return undefined;
  }

  /** Opens what a chip stands for: the file it came from while it exists, else the stored copy that was sent. */
  async open(sha256: string): Promise<void> {
    const attachment = this.find(sha256);
    if (!attachment) return;
    const original = attachment.uri ? vscode.Uri.parse(attachment.uri) : undefined;
    const target = original && (await exists(original)) ? original : vscode.Uri.file(this.deps.store.fileOf(attachment));
    await vscode.commands.executeCommand('vscode.open', target, { preview: true });
  }

  private async prepare(id: string, source: IngestSource): Promise<void> {
    const { session } = this.deps;
    try {
      const accepts = await this.acceptance();
      const result = await ingestAttachment(source, {
        put: (bytes, mediaType) => this.deps.store.put(bytes, mediaType),
        resize: (request) => this.deps.broker.resize(request),
        limits: { maxImageSide: this.deps.settings().attachments.maxImageSide, manyImages: this.imageCount() + 1 > MANY_IMAGES_THRESHOLD },
        accepts,
        modelLabel: session.snapshot.model,
      });
      // The chip was removed (or the chat changed) while the file was being prepared: nothing to show it on.
      if (!session.attachments.has(id)) return;
      if (!result.ok) {
        session.attachments.remove(id);
        this.refuse(`${source.name} was not attached.`, result.reason);
        return;
      }
      if (session.attachments.complete(id, result.attachment)) void this.countTokens(result.attachment);
    } catch (error) {
      session.attachments.remove(id);
      this.refuse(`${source.name} was not attached.`, error instanceof Error ? error.message : String(error));
    }
  }

  /** Images already in the request: the path on screen plus the composer's. Over 20, each must be within 2000 px. */
  private imageCount(): number {
    let count = this.deps.session.attachments.ready.filter((attachment) => attachment.kind === 'image').length;
    for (const message of visiblePath(this.deps.session.snapshot)) {
      for (const block of message.blocks) if (block.type === 'image' || (block.type === 'attachment' && block.attachment.kind === 'image')) count++;
    }
    return count;
  }

  /** Replaces the estimate with the API's count (count_tokens is free); on any failure the estimate stays. */
  private async countTokens(attachment: Attachment): Promise<void> {
    const request = await this.apiAccess();
    if (!request) return;
    try {
      const bytes = await this.deps.store.read(attachment);
      const tokens = await countBlockTokens({ ...request, model: this.deps.session.snapshot.model, block: attachmentParam(attachment, bytes) });
      this.deps.session.attachments.update(attachment.sha256, { tokens, tokensCounted: true });
    } catch (error) {
      this.deps.log.info(`count_tokens for an attachment failed; its estimate stays: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * The key and endpoint for a background call, or undefined: without a key, or with an endpoint the user has not
   * approved, nothing is asked (an estimate is shown instead, and no approval dialog pops up for a token count).
   */
  private async apiAccess(): Promise<{ apiKey: string; endpoint: ReturnType<typeof replyEndpoint>['endpoint'] } | undefined> {
    const lookup = await this.deps.keys.resolveForRequest();
    if (!lookup.ok) return undefined;
    const decision = this.deps.endpoints.decide(this.deps.settings());
    if (!decision.ok) return undefined;
    return { apiKey: lookup.key.key, ...replyEndpoint(decision) };
  }

  private refuse(title: string, detail: string): void {
    this.deps.log.info(`${title} ${detail}`);
    this.refused.fire({ kind: 'invalidRequest', title, detail, actions: [] });
  }
}

/** Files bigger than this are refused before they are read: nothing larger can be attached (a PDF's limit). */
const MAX_READ_BYTES = MAX_PDF_BYTES;

/** The file's bytes, or why it cannot be attached (a folder, too big, unreadable). */
async function readAttachable(uri: vscode.Uri): Promise<Uint8Array | string> {
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch (error) {
    return `It could not be read (${errorText(error)}).`;
  }
  if (stat.type & vscode.FileType.Directory) return 'It is a folder: attach the files in it instead.';
  if (stat.size > MAX_READ_BYTES) return `It is ${(stat.size / 1e6).toFixed(1)} MB; the API takes at most ${MAX_READ_BYTES / 1e6} MB in a request.`;
  try {
    return await vscode.workspace.fs.readFile(uri);
  } catch (error) {
    return `It could not be read (${errorText(error)}).`;
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

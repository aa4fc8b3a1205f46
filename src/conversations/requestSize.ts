import type { Attachment } from '../shared/attachment';
import { base64Length, checkRequestSize } from '../shared/attachmentRules';
import type { ChatError } from '../shared/chatError';
import type { ChatMessage } from '../shared/conversation';

/** Room for the JSON around the content: keys, the system prompt, parameters. Generous on purpose. */
const ENVELOPE_BYTES = 64 * 1024;

/** Bytes an attachment adds to the request body: base64 for images and PDFs, the text itself for text files. */
function sentBytes(attachment: Attachment): number {
  return attachment.kind === 'text' ? attachment.byteLength : base64Length(attachment.byteLength);
}

/**
 * Why the request that sends `text` and `attached` after `history` would be over the API's size limit, before anything
 * is appended or sent (the API would answer 413 after the upload). Every earlier turn's attachments are re-sent, so
 * they count too; the error names the biggest parts so the user knows what to remove.
 */
export function requestSizeRefusal(history: readonly ChatMessage[], attached: readonly Attachment[], text: string): ChatError | undefined {
  const parts: { label: string; bytes: number }[] = [];
  let textBytes = Buffer.byteLength(text);
  history.forEach((message, index) => {
    for (const block of message.blocks) {
      if (block.type === 'attachment') parts.push({ label: `${block.attachment.name} (message ${index + 1})`, bytes: sentBytes(block.attachment) });
      else if (block.type === 'image') parts.push({ label: `an image (message ${index + 1})`, bytes: block.data.length });
      else if (block.type === 'text') textBytes += Buffer.byteLength(block.text);
    }
  });
  for (const attachment of attached) parts.push({ label: `${attachment.name} (this message)`, bytes: sentBytes(attachment) });
  const verdict = checkRequestSize(parts, ENVELOPE_BYTES + textBytes);
  if (verdict.ok) return undefined;
  return { kind: 'tooLarge', title: 'This message would make the request too large to send.', detail: verdict.reason, actions: [] };
}

import type { ChatMessage } from '../shared/conversation';
import type { ConversationEvent } from '../shared/conversationReducer';

/**
 * Where a continuation's blocks go. When it starts with text, that text joins the answer's last text block
 * (re-started without the trailing whitespace the API refused in the prefill); other blocks go after the existing ones.
 */
export function continuationMapper(message: ChatMessage): (event: ConversationEvent) => ConversationEvent | undefined {
  const existing = message.blocks.length;
  const last = message.blocks[existing - 1];
  const lastText = last?.type === 'text' ? last.text : undefined;
  let offset: number | undefined;
  return (event) => {
    if (event.type !== 'block/start' && event.type !== 'block/delta') return event;
    if (offset === undefined) {
      if (event.type === 'block/start' && event.index === 0 && event.block.type === 'text' && lastText !== undefined) {
        offset = existing - 1;
        return { ...event, index: offset, block: { type: 'text', text: lastText.trimEnd() + event.block.text } };
      }
      offset = existing;
    }
    return { ...event, index: event.index + offset };
  };
}

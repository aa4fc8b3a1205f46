import { findModel, modelStatus, type ModelList } from './modelInfo';

/**
 * What the chat header says about the conversation's model when it needs a new one: the endpoint no longer lists it
 * (a request would fail with 404), or it is retired. Nothing for a listed or deprecated model (the picker marks
 * those), nor when the list is the built-in fallback (it cannot tell).
 */
export function modelNotice(list: ModelList | undefined, model: string): string | undefined {
  if (!list || !model) return undefined;
  switch (modelStatus(list, model)) {
    case 'missing':
      return `${model} is not among the models this endpoint offers: pick another model for this conversation.`;
    case 'retired': {
      const retiredOn = findModel(list.models, model)?.retiresAt?.slice(0, 10);
      return `${model} was retired${retiredOn ? ` on ${retiredOn}` : ''}: pick another model for this conversation.`;
    }
    default:
      return undefined;
  }
}

/**
 * The messaging room: the protocol (./protocol.ts), sending (./send.ts, typed both ways), the worker's
 * handler table (./worker.ts), the limits the content script needs (./limits.ts) and the tabs' results
 * in session storage (./tab-states.ts).
 */
export { MESSAGE_LIMITS, toPageArticle } from './limits';
export {
  PAGE_PARTS,
  parsePageMessage,
  parseUiMessage,
  type ArchiveListItem,
  type ArchiveOutcome,
  type ImportProgress,
  type MessageType,
  type PageArticle,
  type PageMessage,
  type PagePart,
  type PageType,
  type Replies,
  type RequestOf,
  type TabState,
  type UiMessage,
  type UiType,
} from './protocol';

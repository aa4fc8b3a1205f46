import type { FileStamp } from './atomicFile';
import type { QuarantinedFile } from './quarantine';
import type { StoredConversation } from './storedFormat';

/** What reading one conversation file came to: its content and the stamp of those bytes, nothing, or a quarantine. */
export type ReadOutcome = { kind: 'ok'; stored: StoredConversation; stamp: FileStamp } | { kind: 'missing' } | { kind: 'quarantined'; report: QuarantinedFile };

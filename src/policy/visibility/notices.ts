import type { Principal } from '../../auth/principal';

/**
 * Which rectification and erasure notices a principal sees, and so may confirm: the privacy officer every notice
 * to a processor; a partner only those sent to its own processor; nobody else any. The codes the outbox sends to
 * customers and to new addresses are never notices. A notice a principal may not see is answered as a missing one,
 * so an id tells it nothing.
 */
export type NoticeVisibility = { scope: 'ALL' } | { scope: 'PROCESSOR'; processorId: string } | { scope: 'NONE' };

export function noticeVisibility(principal: Principal): NoticeVisibility {
  switch (principal.role) {
    case 'privacy_officer':
      return { scope: 'ALL' };
    case 'affiliate':
      return { scope: 'PROCESSOR', processorId: principal.processorId };
    default:
      return { scope: 'NONE' };
  }
}

export function isVisibleNotice(visibility: NoticeVisibility, message: { channel: string; processorId: string | null }): boolean {
  if (message.channel !== 'PROCESSOR') return false;
  switch (visibility.scope) {
    case 'ALL':
      return true;
    case 'PROCESSOR':
      return message.processorId === visibility.processorId;
    case 'NONE':
      return false;
  }
}


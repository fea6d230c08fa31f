import type { Principal } from './principal';

export function actorOf(principal: Principal): string {
  return principal.role === 'anonymous' ? 'anonymous' : `${principal.role}:${principal.subject}`;
}

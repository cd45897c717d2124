import type { Challenge } from './challenge.js';
import type { Caller } from './user.js';

/**
 * Who may see a challenge: its own council, and the advisers of its region.
 * Everyone else is told it does not exist.
 */
export function canSeeChallenge(caller: Caller, challenge: Pick<Challenge, 'councilId' | 'region'>): boolean {
  if (caller.roles.includes('council') && caller.councilId === challenge.councilId) return true;
  if (caller.roles.includes('adviser') && caller.region === challenge.region) return true;
  return false;
}

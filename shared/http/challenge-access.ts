import type { ChallengesRepository } from '../data/challenges-repository.js';
import { canSeeChallenge } from '../domain/access.js';
import type { Challenge } from '../domain/challenge.js';
import type { Caller } from '../domain/user.js';
import { forbidden, notFound } from './errors.js';

/**
 * Loading a challenge for a caller, the same way in every function: someone who may not see
 * it gets a 404 (its existence is not revealed); someone who may see it but not act gets a 403.
 */
export function challengeAccess(challenges: Pick<ChallengesRepository, 'get'>) {
  async function visible(caller: Caller, id: string): Promise<Challenge> {
    const challenge = await challenges.get(id);
    if (!challenge || !canSeeChallenge(caller, challenge)) throw notFound('no such challenge');
    return challenge;
  }
  return {
    visible,
    /** For the adviser of the challenge's region only. */
    async asAdviser(caller: Caller, id: string): Promise<Challenge> {
      const challenge = await visible(caller, id);
      if (!(caller.roles.includes('adviser') && caller.region === challenge.region)) throw forbidden('only an adviser of the challenge’s region may do this');
      return challenge;
    },
    /** For the challenge's own council only: its records, which the adviser reads but never writes. */
    async asCouncil(caller: Caller, id: string): Promise<Challenge> {
      const challenge = await visible(caller, id);
      if (!(caller.roles.includes('council') && caller.councilId === challenge.councilId)) throw forbidden('only the council records this; advisers read it');
      return challenge;
    },
  };
}

/** Team matching: exact single-challenge solver, season planner, generator (see shared/domain/matching.md). */
export * from './types.js';
export { scoreParts, diffParts, type ScorablePeer } from './score.js';
export {
  proposeTeam,
  resolvePolicy,
  type ProposeTeamOptions,
  type SolverInput,
  type SolverPeer,
  type SolverChallenge,
} from './propose-team.js';
export { planSeason, type PlanSeasonOptions } from './plan-season.js';
export {
  generatePool,
  generateChallenge,
  generateProposeInput,
  generateSeasonInput,
  mulberry32,
  COUNCILS,
} from './generator.js';

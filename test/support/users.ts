import type { DemoUser } from '../../shared/domain/user.js';

/** Picks demo users by role, so tests do not depend on seed names. */
export function demoUsers(users: DemoUser[]) {
  const byRole = (role: DemoUser['roles'][number]) => users.filter((u) => u.roles.includes(role));
  const councils = byRole('council');
  const advisers = byRole('adviser');
  const first = councils[0]!;
  return {
    council: first,
    otherCouncil: councils.find((u) => u.councilId !== first.councilId)!,
    adviserOf: (region: string) => advisers.find((u) => u.region === region),
    adviserNotOf: (region: string) => advisers.find((u) => u.region !== region)!,
    peer: byRole('peer')[0]!,
    groupOffice: byRole('group-office')[0]!,
  };
}

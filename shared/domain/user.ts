import type { PoliticalGroup, Region, UserRole } from './reference.js';

/**
 * The signed-in caller, as read from a verified ID token (Cognito's claims shape:
 * `sub`, `cognito:groups`, and `custom:*` attributes for what the user belongs to).
 */
export interface Caller {
  sub: string;
  name: string;
  roles: UserRole[];
  councilId?: string;
  peerId?: string;
  region?: Region;
  group?: PoliticalGroup;
}

/** A demo user of the local runtime; becomes a Caller through a locally signed token. */
export interface DemoUser extends Caller {
  id: string;
  /** Shown on the sign-in page, e.g. "Chief executive's office, Mid Sussex District Council". */
  description: string;
}

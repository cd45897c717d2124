import { z } from 'zod';
import { isoDate } from './dates.js';
import { FOCUS_AREAS, PEER_KINDS, POLITICAL_GROUPS, TEAM_ROLES } from './reference.js';

export const skillLevel = z.union([z.literal(1), z.literal(2), z.literal(3)]);

export const peerSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  email: z.email(),
  kind: z.enum(PEER_KINDS),
  /** Member peers (councillors) only; officers and outsiders have none. */
  group: z.enum(POLITICAL_GROUPS).nullable(),
  /** Home council; null for peers from outside local government. */
  councilId: z.string().nullable(),
  /** Job title or, for outsiders, their organisation. */
  title: z.string().default(''),
  /** Roles the peer is accredited for; lead roles need an approver (see peer-pool.ts). */
  roles: z.array(z.enum(TEAM_ROLES)).min(1),
  /** Lead roles the peer has asked for and is waiting to be accredited for. */
  requestedRoles: z.array(z.enum(TEAM_ROLES)).default([]),
  skills: z.partialRecord(z.enum(FOCUS_AREAS), skillLevel),
  blackouts: z.array(isoDate).default([]),
  maxLoad: z.number().int().min(0).max(12),
  conflicts: z.array(z.string()).default([]),
  status: z.enum(['pending', 'approved']),
});
export type Peer = z.infer<typeof peerSchema>;

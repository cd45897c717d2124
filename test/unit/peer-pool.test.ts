import { describe, expect, it } from 'vitest';
import type { Peer } from '../../shared/domain/peer.js';
import { applyProfileUpdate, approvalQueue, approve, ApprovalForbidden, PoolRuleError, type ProfileUpdate } from '../../shared/domain/peer-pool.js';

const member: Peer = {
  id: 'peer-001',
  name: 'Cllr Ann Example',
  email: 'ann.example@example.gov.uk',
  kind: 'member',
  group: 'LAB',
  councilId: 'E08000025',
  title: 'Leader',
  roles: ['member'],
  requestedRoles: [],
  skills: { finance: 2 },
  blackouts: [],
  maxLoad: 3,
  conflicts: [],
  status: 'approved',
};
const officer: Peer = { ...member, id: 'peer-002', kind: 'officer', group: null, roles: ['officer'], title: 'Director of Finance' };

const edit = (peer: Peer, changes: Partial<ProfileUpdate>): ProfileUpdate => ({
  name: peer.name,
  title: peer.title,
  group: peer.group,
  councilId: peer.councilId,
  roles: peer.roles,
  skills: peer.skills,
  blackouts: peer.blackouts,
  maxLoad: peer.maxLoad,
  conflicts: peer.conflicts,
  ...changes,
});

describe('a peer editing their own profile', () => {
  it('asking for a lead role makes it a request, not a role, and puts them in their group office’s queue', () => {
    const after = applyProfileUpdate(member, edit(member, { roles: ['lead-member', 'member'] }));
    expect(after.roles).toEqual(['member']);
    expect(after.requestedRoles).toEqual(['lead-member']);
    expect(approvalQueue(after)).toBe('GROUP#LAB');
  });

  it('keeps lead roles already accredited', () => {
    const lead = { ...member, roles: ['lead-member', 'member'] as Peer['roles'] };
    expect(applyProfileUpdate(lead, edit(lead, { maxLoad: 4 })).roles).toEqual(['lead-member', 'member']);
  });

  it('a councillor who changes group is accredited afresh by the new group office', () => {
    const lead = { ...member, roles: ['lead-member', 'member'] as Peer['roles'] };
    const after = applyProfileUpdate(lead, edit(lead, { group: 'LD' }));
    expect(after.status).toBe('pending');
    expect(after.roles).toEqual(['member']);
    expect(after.requestedRoles).toEqual(['lead-member']);
    expect(approvalQueue(after)).toBe('GROUP#LD');
  });

  it('refuses roles of another kind of peer, naming the field', () => {
    try {
      applyProfileUpdate(officer, edit(officer, { roles: ['officer', 'lead-member'] }));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PoolRuleError);
      expect((e as PoolRuleError).field).toBe('roles.1');
    }
  });

  it('an officer has no political group and a member must have one', () => {
    expect(() => applyProfileUpdate(officer, edit(officer, { group: 'CON' }))).toThrow(/no political group/);
    expect(() => applyProfileUpdate(member, edit(member, { group: null }))).toThrow(/belongs to a political group/);
  });

  it('sorts blackout dates', () => {
    expect(applyProfileUpdate(member, edit(member, { blackouts: ['2027-03-10', '2027-01-05'] })).blackouts).toEqual(['2027-01-05', '2027-03-10']);
  });
});

describe('approvals', () => {
  const pending: Peer = { ...member, status: 'pending', requestedRoles: ['lead-member'] };

  it('the group office of the peer’s group approves and accredits a lead member', () => {
    const after = approve(pending, { kind: 'group-office', group: 'LAB' }, { approve: true, accreditRoles: ['lead-member'], declineRoles: [] });
    expect(after.status).toBe('approved');
    expect(after.roles).toEqual(['member', 'lead-member']);
    expect(after.requestedRoles).toEqual([]);
    expect(approvalQueue(after)).toBeUndefined();
  });

  it('another group office, or an adviser, may not accredit a member peer', () => {
    expect(() => approve(pending, { kind: 'group-office', group: 'CON' }, { approve: true, accreditRoles: [], declineRoles: [] })).toThrow(ApprovalForbidden);
    expect(() => approve(pending, { kind: 'adviser' }, { approve: true, accreditRoles: [], declineRoles: [] })).toThrow(ApprovalForbidden);
  });

  it('an adviser approves officers and accredits lead officers; a group office may not', () => {
    const waiting: Peer = { ...officer, status: 'pending', requestedRoles: ['lead-officer'] };
    expect(approvalQueue(waiting)).toBe('ADVISER');
    expect(() => approve(waiting, { kind: 'group-office', group: 'LAB' }, { approve: true, accreditRoles: [], declineRoles: [] })).toThrow(ApprovalForbidden);
    const after = approve(waiting, { kind: 'adviser' }, { approve: true, accreditRoles: [], declineRoles: ['lead-officer'] });
    expect(after).toMatchObject({ status: 'approved', roles: ['officer'], requestedRoles: [] });
  });

  it('cannot accredit a role nobody asked for', () => {
    expect(() => approve(member, { kind: 'group-office', group: 'LAB' }, { approve: true, accreditRoles: ['lead-member'], declineRoles: [] })).toThrow(/has not asked/);
  });
});

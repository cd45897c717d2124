import { localUsers, signInLocal, startCognitoSignIn, type DemoUserSummary } from '../auth.js';
import { h } from '../dom.js';
import { ROLE_ORDER, ROLE_TITLES } from '../labels.js';
import { heading, problemNotice, type View } from './common.js';

export const signInView: View = async (ctx) => {
  if (ctx.config.auth === 'cognito') {
    const config = ctx.config;
    return {
      title: 'Sign in',
      content: h(
        'div',
        null,
        heading('Sign in to peer challenge'),
        h('p', { class: 'lead' }, 'Request and follow peer challenges, answer invitations and approve peers.'),
        h('button', { type: 'button', class: 'button button--start', onclick: () => void startCognitoSignIn(config) }, 'Sign in'),
      ),
    };
  }

  let users: DemoUserSummary[];
  try {
    users = await localUsers();
  } catch (e) {
    return { title: 'Sign in', content: h('div', null, heading('Sign in'), problemNotice(e)) };
  }

  const status = h('div', { 'aria-live': 'polite' });
  const signIn = async (user: DemoUserSummary, button: HTMLButtonElement) => {
    button.disabled = true;
    status.replaceChildren(h('p', null, `Signing in as ${user.name}…`));
    try {
      await signInLocal(user.id);
      ctx.navigate('#/');
    } catch (e) {
      button.disabled = false;
      status.replaceChildren(problemNotice(e));
    }
  };

  const sections = ROLE_ORDER.map((role) => {
    const members = users.filter((u) => ROLE_ORDER.find((r) => u.roles.includes(r)) === role);
    if (!members.length) return null;
    const title = ROLE_TITLES[role];
    const headingId = `role-${role}`;
    return h(
      'section',
      { 'aria-labelledby': headingId },
      h('h2', { id: headingId }, title.plural),
      h('p', { class: 'hint' }, title.blurb),
      h(
        'ul',
        { class: 'user-list' },
        members.map((u) => {
          const descId = `user-${u.id.replace(/[^A-Za-z0-9_-]/g, '_')}-desc`;
          const button = h('button', { type: 'button', class: 'button', 'data-user': u.id, 'aria-describedby': descId }, `Sign in as ${u.name}`);
          button.addEventListener('click', () => void signIn(u, button));
          return h('li', { class: 'user-card' }, h('p', { id: descId }, u.description), button);
        }),
      ),
    );
  });

  // Any peer of the pool, by id: the team the matching engine proposes is rarely the demo peers.
  const peerInput = h('input', { type: 'text', id: 'any-peer', class: 'input', spellcheck: false, autocomplete: 'off', 'aria-describedby': 'any-peer-hint' });
  const peerButton = h('button', { type: 'submit', class: 'button button--secondary' }, 'Sign in as this peer');
  const anyPeer = h(
    'form',
    {
      novalidate: true,
      'aria-labelledby': 'any-peer-title',
      onsubmit: (e: SubmitEvent) => {
        e.preventDefault();
        const id = peerInput.value.trim();
        if (id) void signIn({ id: `peer:${id}`, name: id } as DemoUserSummary, peerButton);
      },
    },
    h('h2', { id: 'any-peer-title' }, 'Any peer of the pool'),
    h('div', { class: 'form-group' }, h('label', { for: 'any-peer' }, 'Peer id'), h('p', { id: 'any-peer-hint', class: 'hint' }, 'For example one you invited as the adviser: the team table shows their id.'), peerInput),
    peerButton,
  );

  return {
    title: 'Sign in',
    content: h(
      'div',
      null,
      heading('Sign in to peer challenge'),
      h(
        'div',
        { class: 'panel' },
        h('p', null, 'This is a local demonstration: choose who you want to be. There are no passwords.'),
        h('p', null, 'On the real service you sign in with your own account.'),
      ),
      status,
      sections,
      anyPeer,
    ),
  };
};

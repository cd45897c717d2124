import { hasRoute, onUnauthorized, type Me } from './api.js';
import { completeCognitoSignIn, currentUser, isSignedIn, loadConfig, signOut, type WebConfig } from './auth.js';
import { focusElement, h } from './dom.js';
import { challengeDetailView } from './views/challenge-detail.js';
import { errorPage, notFoundPage, setPageTitle, type View, type ViewResult } from './views/common.js';
import { homeView } from './views/home.js';
import { requestFormView } from './views/request-form.js';
import { signInView } from './views/sign-in.js';
import { calendarView, invitationsView, myChallengesView, profileView } from './views/peer.js';
import { manageView, pipelineView } from './views/adviser.js';
import { approvalsView } from './views/approvals.js';
import { mailboxView } from './views/mailbox.js';
import { dashboardView } from './views/dashboard.js';
import { peerFeedbackView, peerSurveyView } from './views/follow-up.js';

/** Hash routes: '#/', '#/request', '#/challenges/<id>'. Signed-out visitors always get the sign-in page. */
const ROUTES: { pattern: RegExp; view: View }[] = [
  { pattern: /^\/$/, view: homeView },
  { pattern: /^\/request$/, view: requestFormView },
  { pattern: /^\/challenges\/([^/]+)$/, view: challengeDetailView },
  { pattern: /^\/challenges\/([^/]+)\/manage$/, view: manageView },
  { pattern: /^\/challenges\/([^/]+)\/survey$/, view: peerSurveyView },
  { pattern: /^\/peers\/([^/]+)\/feedback$/, view: peerFeedbackView },
  { pattern: /^\/feedback$/, view: peerFeedbackView },
  { pattern: /^\/pipeline$/, view: pipelineView },
  { pattern: /^\/approvals$/, view: approvalsView },
  { pattern: /^\/profile$/, view: profileView },
  { pattern: /^\/calendar(?:\/(\d{4}-\d{2}))?$/, view: calendarView },
  { pattern: /^\/invitations$/, view: invitationsView },
  { pattern: /^\/my-challenges$/, view: myChallengesView },
  { pattern: /^\/mailbox$/, view: mailboxView },
  { pattern: /^\/dashboard(?:\?.*)?$/, view: dashboardView },
];

const main = document.getElementById('main')!;
const account = document.getElementById('account')!;
const primary = document.getElementById('primary')!;
let config: WebConfig = { auth: 'local' };
let renderCount = 0;

function currentPath(): string {
  const hash = location.hash.replace(/^#/, '');
  return hash.startsWith('/') ? hash : '/';
}

export function navigate(hash: string): void {
  if (location.hash === hash) void render();
  else location.hash = hash;
}

/** The main navigation: the pages of the user's roles, and the mailbox when the API has one. */
async function renderNav(me: Me | null, path: string): Promise<void> {
  const list = primary.querySelector('ul')!;
  if (!me) {
    list.replaceChildren();
    primary.hidden = true;
    return;
  }
  const links: [string, string][] = [['#/', 'Home']];
  if (me.roles.includes('council')) links.push(['#/request', 'New request']);
  if (me.roles.includes('adviser')) links.push(['#/pipeline', 'Pipeline']);
  if (me.roles.includes('adviser')) links.push(['#/dashboard', 'Dashboard']);
  if (me.roles.includes('adviser') || me.roles.includes('group-office')) links.push(['#/approvals', 'Approvals']);
  if (me.roles.includes('group-office')) links.push(['#/feedback', 'Peer feedback']);
  if (me.roles.includes('peer')) links.push(['#/invitations', 'Invitations'], ['#/my-challenges', 'Your challenges'], ['#/calendar', 'Calendar'], ['#/profile', 'Profile']);
  if (await hasRoute('GET /api/mailbox')) links.push(['#/mailbox', 'Mailbox']);
  const current = `#${path.split('?')[0]}`;
  list.replaceChildren(
    ...links.map(([href, text]) => {
      const here = href === '#/' ? current === '#/' : current === href || current.startsWith(`${href}/`);
      return h('li', null, h('a', { href, 'aria-current': here ? 'page' : null }, text));
    }),
  );
  primary.hidden = false;
}

function renderAccount(me: Me | null): void {
  if (!me) {
    account.replaceChildren();
    return;
  }
  account.replaceChildren(
    h('p', { class: 'who' }, h('span', { class: 'visually-hidden' }, 'Signed in as '), me.name),
    h(
      'button',
      {
        type: 'button',
        class: 'button--link',
        onclick: () => {
          signOut(config);
          navigate('#/');
        },
      },
      'Sign out',
    ),
  );
}

async function render(): Promise<void> {
  const mine = ++renderCount;
  const first = mine === 1;
  const path = currentPath();
  main.setAttribute('aria-busy', 'true');
  let result: ViewResult;
  let me: Me | null = null;
  try {
    if (!isSignedIn()) result = await signInView({ params: [], config, me: null, navigate });
    else {
      me = await currentUser()!;
      const match = ROUTES.map((r) => ({ r, m: r.pattern.exec(path) })).find((x) => x.m);
      result = match
        ? await match.r.view({ params: match.m!.slice(1).map((p) => decodeURIComponent(p)), config, me, navigate })
        : notFoundPage();
    }
  } catch (e) {
    // A 401 on the way signs the user out; show the sign-in page rather than an error.
    if (!isSignedIn()) result = await signInView({ params: [], config, me: null, navigate });
    else result = errorPage(e);
    me = null;
  }
  if (mine !== renderCount) return; // a newer navigation won
  renderAccount(isSignedIn() ? me : null);
  await renderNav(isSignedIn() ? me : null, path).catch(() => undefined);
  if (mine !== renderCount) return;
  setPageTitle(result.title);
  main.replaceChildren(result.content);
  main.setAttribute('aria-busy', 'false');
  // On navigation, move focus to the new page's heading so screen readers announce it;
  // on first load leave focus alone, so the skip link stays the first stop.
  if (!first) focusElement(main.querySelector<HTMLElement>('.error-summary, h1') ?? main);
}

async function start(): Promise<void> {
  // The skip link moves focus without touching the hash, which the router owns.
  document.querySelector('.skip-link')?.addEventListener('click', (e) => {
    e.preventDefault();
    focusElement(main);
  });
  onUnauthorized(() => {
    renderAccount(null);
    void renderNav(null, '/');
  });
  try {
    config = await loadConfig();
    const returnTo = await completeCognitoSignIn(config);
    if (returnTo) history.replaceState(null, '', returnTo);
  } catch (e) {
    setPageTitle('Sorry, there is a problem');
    main.replaceChildren(errorPage(e).content);
    return;
  }
  window.addEventListener('hashchange', () => void render());
  await render();
}

void start();

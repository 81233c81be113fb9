import {HeraldClient, HeraldError} from '/js/herald-client.js';

const PAGE_SIZE = 20;
const TOKEN_KEY = 'herald.recipientToken';
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

const $ = (id) => document.getElementById(id);
const view = {
    session: $('session'),
    badge: $('unread-badge'),
    badgeCount: $('unread-badge-count'),
    connection: $('connection-status'),
    connectionText: $('connection-text'),
    signedInAs: $('signed-in-as'),
    signOut: $('sign-out-button'),
    error: $('error'),
    errorMessage: $('error-message'),
    errorDismiss: $('error-dismiss'),
    signIn: $('sign-in-view'),
    signInForm: $('sign-in-form'),
    tokenInput: $('token-input'),
    inbox: $('inbox-view'),
    categories: $('category-counts'),
    listStatus: $('list-status'),
    list: $('notification-list'),
    empty: $('empty-inbox'),
    loadMore: $('load-more'),
    announcer: $('announcer'),
    template: $('notification-template'),
};

const timeFormat = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'short'});

const state = {
    // Bumped on every sign-in and sign-out, so that answers arriving for an earlier session are dropped.
    session: 0,
    token: null,
    client: null,
    items: new Map(),
    elements: new Map(),
    nextCursor: null,
    pagesLoaded: false,
    loadingMore: false,
    unread: null,
    total: null,
    categories: null,
    // Bumped on every count applied, so that a fetched count older than a streamed one does not overwrite it.
    countVersion: 0,
    pendingReads: new Set(),
    // Marked read here but not yet seen read in an answer: the read models lag the command by a moment, and a
    // page fetched meanwhile must not make the item look unread again.
    unconfirmedReads: new Set(),
    stream: null,
};

class StaleSession extends Error {
}

/** Runs one call of the Herald client; its answer is dropped if the session changed meanwhile. */
async function call(request) {
    const session = state.session;
    let answer;
    try {
        answer = await request(state.client);
    } catch (failure) {
        throw session !== state.session ? new StaleSession() : failure;
    }
    if (session !== state.session) {
        throw new StaleSession();
    }
    return answer;
}

function report(failure) {
    if (failure instanceof StaleSession) {
        return;
    }
    if (failure instanceof HeraldError && failure.status === 401) {
        endSession('Your sign-in has expired or the token was not accepted. Sign in with a new token.');
        return;
    }
    if (failure instanceof HeraldError && failure.status === 0) {
        showError('Herald could not be reached. Check the connection and try again.');
        return;
    }
    showError(failure instanceof HeraldError ? failure.message : `Something went wrong: ${failure.message ?? failure}`);
}

function showError(message) {
    view.errorMessage.textContent = message;
    view.error.hidden = false;
}

function clearError() {
    view.error.hidden = true;
    view.errorMessage.textContent = '';
}

function tokenClaims(token) {
    try {
        const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
        const bytes = Uint8Array.from(atob(payload.padEnd(payload.length + (4 - payload.length % 4) % 4, '=')),
            (character) => character.charCodeAt(0));
        return JSON.parse(new TextDecoder().decode(bytes));
    } catch (unreadable) {
        return {};
    }
}

function startSession(token) {
    closeStream();
    state.session += 1;
    state.token = token;
    state.client = new HeraldClient({token});
    sessionStorage.setItem(TOKEN_KEY, token);
    resetInbox();
    clearError();

    const claims = tokenClaims(token);
    const who = typeof claims.sub === 'string' ? claims.sub : 'recipient';
    const until = typeof claims.exp === 'number' ? ` · until ${timeFormat.format(new Date(claims.exp * 1000))}` : '';
    view.signedInAs.textContent = `Signed in as ${who}${until}`;

    document.body.dataset.view = 'inbox';
    view.signIn.hidden = true;
    view.session.hidden = false;
    view.inbox.hidden = false;
    view.inbox.dataset.state = 'loading';
    view.listStatus.textContent = 'Loading…';
    openStream();
    refresh();
}

function endSession(message) {
    closeStream();
    state.session += 1;
    state.token = null;
    state.client = null;
    sessionStorage.removeItem(TOKEN_KEY);
    resetInbox();

    document.body.dataset.view = 'sign-in';
    view.session.hidden = true;
    view.inbox.hidden = true;
    view.inbox.dataset.state = 'idle';
    view.signIn.hidden = false;
    view.tokenInput.value = '';
    if (message) {
        showError(message);
    } else {
        clearError();
    }
    view.tokenInput.focus();
}

function resetInbox() {
    state.items.clear();
    state.elements.clear();
    state.nextCursor = null;
    state.pagesLoaded = false;
    state.loadingMore = false;
    state.pendingReads.clear();
    state.unconfirmedReads.clear();
    view.list.replaceChildren();
    view.loadMore.hidden = true;
    view.empty.hidden = true;
    view.listStatus.textContent = '';
    applyCount({unread: null, total: null});
}

/** Loads the newest page and the count, merging them into what is shown (also after a reconnect). */
async function refresh() {
    const countVersion = state.countVersion;
    try {
        const [page, count] = await Promise.all([
            call((herald) => herald.list({limit: PAGE_SIZE})),
            call((herald) => herald.counts()),
        ]);
        const joinsWhatIsShown = page.items.some((item) => state.items.has(item.id));
        if (state.pagesLoaded && !joinsWhatIsShown && page.nextCursor) {
            // More arrived while disconnected than one page holds: start over rather than leave a hole.
            state.items.clear();
            state.elements.clear();
            view.list.replaceChildren();
            state.pagesLoaded = false;
        }
        page.items.forEach((item) => upsert(item, false));
        if (!state.pagesLoaded) {
            state.nextCursor = page.nextCursor ?? null;
            state.pagesLoaded = true;
        }
        if (state.countVersion === countVersion) {
            applyCount(count);
        }
        view.inbox.dataset.state = 'ready';
        view.listStatus.textContent = '';
        renderListFooter();
    } catch (failure) {
        if (!(failure instanceof StaleSession) && !state.pagesLoaded) {
            view.inbox.dataset.state = 'error';
            view.listStatus.textContent = 'The inbox could not be loaded.';
        }
        report(failure);
    }
}

async function loadMore() {
    if (state.loadingMore || !state.nextCursor) {
        return;
    }
    state.loadingMore = true;
    view.loadMore.disabled = true;
    view.loadMore.setAttribute('aria-busy', 'true');
    try {
        const page = await call((herald) => herald.list({limit: PAGE_SIZE, cursor: state.nextCursor}));
        page.items.forEach((item) => upsert(item, false));
        state.nextCursor = page.nextCursor ?? null;
    } catch (failure) {
        report(failure);
    } finally {
        state.loadingMore = false;
        view.loadMore.disabled = false;
        view.loadMore.removeAttribute('aria-busy');
        renderListFooter();
    }
}

async function markRead(id) {
    const item = state.items.get(id);
    if (!item || item.read || state.pendingReads.has(id)) {
        return;
    }
    const countVersion = state.countVersion;
    state.pendingReads.add(id);
    state.elements.get(id)?.setAttribute('aria-busy', 'true');
    try {
        await call((herald) => herald.markRead(id));
        state.unconfirmedReads.add(id);
        upsert({...state.items.get(id), read: true}, false);
        // A count that arrived meanwhile already comes from after this read, or is about to be replaced by one.
        if (state.countVersion === countVersion && state.unread !== null) {
            applyCount({unread: Math.max(0, state.unread - 1), total: state.total,
                categories: withOneLessUnread(state.categories, item.category)});
        }
    } catch (failure) {
        report(failure);
    } finally {
        state.pendingReads.delete(id);
        state.elements.get(id)?.removeAttribute('aria-busy');
    }
}

function upsert(incoming, arrivedLive) {
    if (!incoming || typeof incoming.id !== 'string') {
        return;
    }
    const item = {...incoming};
    if (state.unconfirmedReads.has(item.id)) {
        if (item.read) {
            state.unconfirmedReads.delete(item.id);
        } else {
            item.read = true;
        }
    }
    const existing = state.elements.get(item.id);
    if (item.archived) {
        existing?.remove();
        state.elements.delete(item.id);
        state.items.delete(item.id);
        renderListFooter();
        return;
    }
    state.items.set(item.id, item);
    const element = existing ?? createElement(item.id);
    fill(element, item);
    if (!existing) {
        insertInOrder(element, item);
        if (arrivedLive) {
            element.classList.add('arrived');
            view.announcer.textContent = `New notification: ${item.title ?? ''}`;
        }
    }
    renderListFooter();
}

function createElement(id) {
    const element = view.template.content.firstElementChild.cloneNode(true);
    element.dataset.notificationId = id;
    element.addEventListener('animationend', () => element.classList.remove('arrived'));
    state.elements.set(id, element);
    return element;
}

function fill(element, item) {
    element.dataset.read = String(Boolean(item.read));
    element.dataset.category = item.category ?? '';
    element.dataset.priority = item.priority ?? '';
    if (Number.isFinite(item.position)) {
        element.dataset.position = String(item.position);
    }
    element.querySelector('.notification-title').textContent = item.title ?? '';
    const body = element.querySelector('.notification-body');
    body.textContent = item.body ?? '';
    body.hidden = !item.body;
    element.querySelector('.notification-category').textContent = item.category ?? '';
    const priority = element.querySelector('.notification-priority');
    priority.textContent = item.priority && item.priority !== 'NORMAL' ? `${item.priority.toLowerCase()} priority` : '';
    priority.hidden = !priority.textContent;
    const time = element.querySelector('.notification-time');
    const created = new Date(item.createdAt);
    if (Number.isNaN(created.getTime())) {
        time.removeAttribute('datetime');
        time.textContent = '';
    } else {
        time.dateTime = item.createdAt;
        time.textContent = timeFormat.format(created);
        time.title = created.toISOString();
    }
    element.querySelector('.notification-state').textContent = item.read ? 'Read' : 'Unread';
    const button = element.querySelector('.mark-read');
    button.hidden = Boolean(item.read);
    button.setAttribute('aria-label', `Mark “${item.title ?? ''}” read`);
}

function createdMillis(item) {
    const millis = Date.parse(item.createdAt);
    return Number.isNaN(millis) ? 0 : millis;
}

/**
 * The inbox's own order is the position where each item reached it (a scheduled notification arrives after ones
 * created later than it); the time is the fallback for items that carry no position.
 */
function isOlder(shown, item) {
    if (Number.isFinite(shown.position) && Number.isFinite(item.position)) {
        return shown.position < item.position;
    }
    return createdMillis(shown) < createdMillis(item);
}

/** Newest first; an item goes after those as old as it, so pages keep the server's order among equals. */
function insertInOrder(element, item) {
    for (const sibling of view.list.children) {
        const shown = state.items.get(sibling.dataset.notificationId);
        if (shown && isOlder(shown, item)) {
            view.list.insertBefore(element, sibling);
            return;
        }
    }
    view.list.append(element);
}

function renderListFooter() {
    view.loadMore.hidden = !state.nextCursor;
    view.empty.hidden = !(state.pagesLoaded && state.items.size === 0);
}

function applyCount(count) {
    state.countVersion += 1;
    const unread = Number.isFinite(count?.unread) ? count.unread : null;
    const total = Number.isFinite(count?.total) ? count.total : null;
    state.unread = unread;
    state.total = total;
    state.categories = count?.categories ?? null;
    view.badge.dataset.unread = unread === null ? '' : String(unread);
    view.badge.dataset.total = total === null ? '' : String(total);
    view.badgeCount.textContent = unread === null ? '–' : String(unread);
    view.badge.classList.toggle('has-unread', unread > 0);
    view.badge.title = total === null ? '' : `${unread} unread of ${total}`;
    renderCategories(count?.categories);
}

function withOneLessUnread(categories, category) {
    if (!categories || typeof categories !== 'object' || !(category in categories)) {
        return categories;
    }
    const value = categories[category];
    const lessened = typeof value === 'number'
        ? Math.max(0, value - 1)
        : {...value, unread: Math.max(0, (value?.unread ?? 0) - 1)};
    return {...categories, [category]: lessened};
}

function renderCategories(categories) {
    const entries = categories && typeof categories === 'object'
        ? Object.entries(categories)
            .map(([category, value]) => [category, typeof value === 'number' ? value : value?.unread])
            .filter(([, unread]) => Number.isFinite(unread) && unread > 0)
        : [];
    view.categories.replaceChildren(...entries.map(([category, unread]) => {
        const chip = document.createElement('li');
        chip.className = 'category';
        chip.dataset.category = category;
        chip.textContent = `${category} ${unread}`;
        return chip;
    }));
    view.categories.hidden = entries.length === 0;
}

/** The client's live stream resumes by itself after a drop; the page only shows its state and refreshes. */
function openStream() {
    const session = state.session;
    const current = () => session === state.session;
    state.stream = state.client.stream({
        onState: (streamState) => {
            if (current()) {
                setConnection(...CONNECTION_STATES[streamState]);
            }
        },
        // Whatever happened while the stream was away (or before it first opened) is fetched once.
        onConnected: () => current() && refresh(),
        onNotification: (item) => current() && upsert(item, true),
        onCount: (count) => current() && applyCount(count),
        onError: (failure) => current() && report(failure),
    });
}

const CONNECTION_STATES = {
    connecting: ['connecting', 'connecting…'],
    live: ['live', 'live'],
    reconnecting: ['reconnecting', 'reconnecting…'],
    closed: ['offline', 'offline'],
};

function closeStream() {
    const stream = state.stream;
    state.stream = null;
    stream?.close();
    setConnection('offline', 'offline');
}

function setConnection(connectionState, text) {
    view.connection.dataset.state = connectionState;
    view.connectionText.textContent = text;
}

/** A token in the fragment wins over the stored one; it is then removed so it stays out of history and bookmarks. */
function takeTokenFromFragment() {
    const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
    const token = fragment.get('token')?.trim();
    if (!token) {
        return null;
    }
    history.replaceState(history.state, '', location.pathname + location.search);
    return token;
}

view.signInForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = view.tokenInput.value.trim();
    if (!JWT_SHAPE.test(token)) {
        showError('That does not look like a recipient token (three parts separated by dots).');
        view.tokenInput.setAttribute('aria-invalid', 'true');
        view.tokenInput.focus();
        return;
    }
    view.tokenInput.removeAttribute('aria-invalid');
    startSession(token);
});

view.signOut.addEventListener('click', () => endSession(null));
view.errorDismiss.addEventListener('click', clearError);
view.loadMore.addEventListener('click', loadMore);
view.list.addEventListener('click', (event) => {
    const element = event.target.closest('[data-notification-id]');
    if (element && state.items.get(element.dataset.notificationId)?.read === false) {
        markRead(element.dataset.notificationId);
    }
});

window.addEventListener('hashchange', () => {
    const token = takeTokenFromFragment();
    if (token) {
        startSession(token);
    }
});
window.addEventListener('unhandledrejection', (event) => {
    event.preventDefault();
    report(event.reason ?? new Error('unknown failure'));
});
window.addEventListener('pagehide', closeStream);
window.addEventListener('pageshow', (event) => {
    if (event.persisted && state.token) {
        openStream();
    }
});

const initialToken = takeTokenFromFragment() ?? sessionStorage.getItem(TOKEN_KEY);
if (initialToken) {
    startSession(initialToken);
} else {
    endSession(null);
}

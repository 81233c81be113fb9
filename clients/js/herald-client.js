/**
 * Herald's client for recipients' front ends: the inbox, its counts, marking read, and the live stream.
 * An ES module with no dependencies; Herald serves it at /js/herald-client.js.
 *
 *   import {HeraldClient} from '/js/herald-client.js';
 *   const herald = new HeraldClient({token});
 *   const page = await herald.list({limit: 20});
 *   const stream = herald.stream({onNotification: (item) => ..., onCount: (count) => ...});
 */

const API = '/api/v1/me';
const FIRST_RECONNECT_DELAY_MS = 1000;
const MAX_RECONNECT_DELAY_MS = 30000;

/** A refusal from Herald: its status and the RFC 9457 problem document it sent (code, detail). */
export class HeraldError extends Error {
    constructor(status, problem, fallback) {
        super(problem?.detail || fallback);
        this.name = 'HeraldError';
        this.status = status;
        this.code = problem?.code ?? null;
        this.problem = problem ?? null;
    }
}

export class HeraldClient {
    /**
     * @param {object} options
     * @param {string|function(): (string|Promise<string>)} options.token the recipient token, or a function that
     *        returns the current one (called before every request and reconnect, so a refreshed token is used)
     * @param {string} [options.baseUrl] where Herald is; default the page's own origin
     * @param {function} [options.fetch] the fetch to use; default the global one
     */
    constructor({token, baseUrl = '', fetch: fetchFunction} = {}) {
        if (!token) {
            throw new TypeError('a recipient token (or a function returning one) is required');
        }
        this.token = token;
        this.baseUrl = baseUrl.replace(/\/$/, '');
        this.fetch = fetchFunction ?? globalThis.fetch.bind(globalThis);
    }

    /** A page of the inbox, newest first: {items, nextCursor}. nextCursor is null on the last page. */
    list({limit, cursor, unread, category, archived} = {}) {
        return this.#call('GET', `/notifications${query({limit, cursor, unread, category, archived})}`);
    }

    /** {unread, total, categories: {name: {unread, total}}}; archived notifications are not counted. */
    counts() {
        return this.#call('GET', '/unread-count');
    }

    markRead(id) {
        return this.#call('POST', `/notifications/${encodeURIComponent(id)}/read`);
    }

    markUnread(id) {
        return this.#call('POST', `/notifications/${encodeURIComponent(id)}/unread`);
    }

    archive(id) {
        return this.#call('POST', `/notifications/${encodeURIComponent(id)}/archive`);
    }

    /** Marks every unread notification (of the category, if given) read; resolves to how many were marked. */
    async markAllRead(category) {
        const answer = await this.#call('POST', `/notifications/read-all${query({category})}`);
        return answer.marked;
    }

    /**
     * Opens the live stream. Events arrive in order and never twice; after a dropped connection the stream
     * resumes after the last event it delivered (the browser sends Last-Event-ID on its own reconnects; when the
     * stream has to open a new connection itself, it passes that position as ?lastEventId=).
     *
     * @param {object} handlers
     * @param {function(object)} [handlers.onNotification] each new inbox item ({id, title, ..., position})
     * @param {function(object)} [handlers.onCount] the counts, whenever they change
     * @param {function()} [handlers.onConnected] each time the stream is (re)connected: a good moment to refresh
     * @param {function(string)} [handlers.onState] 'connecting', 'live', 'reconnecting', 'closed'
     * @param {function(HeraldError)} [handlers.onError] the token was refused: the stream has stopped
     * @param {string|number} [handlers.lastEventId] start after this position instead of at the newest item
     * @returns {{close: function(), lastEventId: (string|null)}}
     */
    stream(handlers = {}) {
        return new LiveStream(this, handlers);
    }

    async bearer() {
        const token = typeof this.token === 'function' ? await this.token() : this.token;
        if (!token) {
            throw new HeraldError(401, null, 'no recipient token');
        }
        return token;
    }

    async #call(method, path) {
        const token = await this.bearer();
        let response;
        try {
            response = await this.fetch(`${this.baseUrl}${API}${path}`, {
                method,
                cache: 'no-store',
                headers: {Accept: 'application/json', Authorization: `Bearer ${token}`},
            });
        } catch (networkFailure) {
            throw new HeraldError(0, null, 'Herald could not be reached');
        }
        if (!response.ok) {
            let problem = null;
            try {
                problem = await response.json();
            } catch (notJson) {
                // the status says enough
            }
            throw new HeraldError(response.status, problem, `Herald answered ${response.status}`);
        }
        return response.status === 204 ? null : response.json();
    }
}

class LiveStream {
    #client;
    #handlers;
    #source = null;
    #timer = null;
    #delay = FIRST_RECONNECT_DELAY_MS;
    #closed = false;

    constructor(client, handlers) {
        this.#client = client;
        this.#handlers = handlers;
        this.lastEventId = handlers.lastEventId == null ? null : String(handlers.lastEventId);
        this.#open();
    }

    close() {
        this.#closed = true;
        this.#source?.close();
        this.#source = null;
        clearTimeout(this.#timer);
        this.#state('closed');
    }

    async #open() {
        this.#state('connecting');
        let token;
        try {
            token = await this.#client.bearer();
        } catch (failure) {
            this.#fail(failure);
            return;
        }
        if (this.#closed) {
            return;
        }
        const parameters = {access_token: token, lastEventId: this.lastEventId ?? undefined};
        const source = new EventSource(`${this.#client.baseUrl}${API}/stream${query(parameters)}`);
        this.#source = source;
        const remember = (event) => {
            if (event.lastEventId) {
                this.lastEventId = event.lastEventId;
            }
        };
        source.addEventListener('connected', (event) => {
            remember(event);
            this.#delay = FIRST_RECONNECT_DELAY_MS;
            this.#state('live');
            this.#handlers.onConnected?.();
        });
        source.addEventListener('notification', (event) => {
            remember(event);
            const item = parse(event.data);
            if (item) {
                this.#handlers.onNotification?.(item);
            }
        });
        source.addEventListener('unread-count', (event) => {
            const count = parse(event.data);
            if (count) {
                this.#handlers.onCount?.(count);
            }
        });
        source.addEventListener('heartbeat', () => this.#state('live'));
        source.addEventListener('error', () => this.#dropped(source));
    }

    #dropped(source) {
        if (this.#closed || source !== this.#source) {
            return;
        }
        if (source.readyState === EventSource.CONNECTING) {
            // The browser reconnects by itself and sends Last-Event-ID.
            this.#state('reconnecting');
            return;
        }
        // Refused outright (not a 200 event stream): find out whether the token is the reason, else retry later.
        source.close();
        this.#source = null;
        this.#state('reconnecting');
        this.#client.counts().then(() => this.#retryLater(), (failure) => {
            if (failure instanceof HeraldError && failure.status === 401) {
                this.#fail(failure);
            } else {
                this.#retryLater();
            }
        });
    }

    #retryLater() {
        if (this.#closed) {
            return;
        }
        const delay = this.#delay;
        this.#delay = Math.min(delay * 2, MAX_RECONNECT_DELAY_MS);
        this.#timer = setTimeout(() => this.#closed || this.#open(), delay);
    }

    #fail(failure) {
        this.close();
        this.#handlers.onError?.(failure);
    }

    #state(state) {
        this.#handlers.onState?.(state);
    }
}

function query(parameters) {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(parameters)) {
        if (value !== undefined && value !== null && value !== '') {
            search.set(name, String(value));
        }
    }
    const text = search.toString();
    return text ? `?${text}` : '';
}

function parse(data) {
    try {
        return JSON.parse(data);
    } catch (malformed) {
        return null;
    }
}

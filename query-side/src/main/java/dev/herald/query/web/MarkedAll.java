package dev.herald.query.web;

/** The answer to "read all": how many notifications were marked read. */
record MarkedAll(int marked) {
}

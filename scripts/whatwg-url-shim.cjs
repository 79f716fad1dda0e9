/**
 * Stands in for the whatwg-url package in the bundle (see `alias` in build-if-needed.mjs).
 * node-fetch, under grammy, imports it only as a fallback for a Node without `url.URL`; loading
 * it also built tr46's Unicode mapping table, some 2 MB of the idle heap, for nothing.
 */
const { URL, URLSearchParams } = require('node:url');

module.exports = { URL, URLSearchParams };

/*
 * Circles — the helpers every script shares, one native ES module (`import { el, api } from '/js/lib.js'`):
 * building elements without innerHTML, calling the API (JSON both ways, Idempotency-Key, If-Match),
 * idempotency keys, showing errors beside their fields, and announcing to screen readers.
 *
 * The public pages' scripts and the console's (Public/admin/console.js adds the session on top)
 * import it; the embed widget (Public/embed.js) does not, because it runs on other sites' pages
 * as a classic script.
 */

/** The element with this id. */
export function $(id) { return document.getElementById(id); }

var words = null;

/** The page's words (the catalogue's `script` section in the page's language, written into the page by the server). */
function pageWords() {
  if (!words) {
    var node = document.getElementById('circles-words');
    try { words = node ? JSON.parse(node.textContent) : null; } catch (e) { words = null; }
    words = words || { prefix: '', words: {} };
  }
  return words;
}

/**
 * A message of the page's language: t('status.sent'), t('refer.found', {count: 3}). A plural message
 * takes its `one` form for a count of 1, `other` otherwise; `{name}` placeholders are filled from values.
 */
export function t(key, values) {
  var text = key.split('.').reduce(function (node, part) { return node && node[part]; }, pageWords().words);
  if (text && typeof text === 'object') text = (values && values.count === 1 && text.one) || text.other;
  if (typeof text !== 'string') return key;
  return text.replace(/\{(\w+)\}/g, function (match, name) {
    return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
  });
}

/** The address of a page in the page's language: page('/search') is '/es/search' on a Spanish page. */
export function page(path) { return pageWords().prefix + path; }

/** The code of the page's language: 'en', 'es'. */
export function language() { return document.documentElement.lang || 'en'; }

/** Appends text (never HTML), a node, or a list of them; null, undefined and false add nothing. */
export function append(node, child) {
  if (child === null || child === undefined || child === false) return node;
  if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return node; }
  node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  return node;
}

/** el('a', {href: '/x', class: 'y', on: {click: f}}, 'text', child…) — text is always text, never HTML. */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (key) {
    const value = attrs[key];
    if (value === null || value === undefined || value === false) return;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key === 'on') Object.keys(value).forEach(function (type) { node.addEventListener(type, value[type]); });
    else if (key === 'for') node.htmlFor = value;
    else if (key === 'value') node.value = value;
    else if (key === 'checked' || key === 'selected' || key === 'hidden' || key === 'disabled') node[key] = Boolean(value);
    else node.setAttribute(key, value === true ? '' : value);
  });
  return append(node, children);
}

/** Removes every child; returns the node. */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** Says `message` in the polite live region `#announcer` (emptied first, so the same words are said again). */
export function announce(message) {
  const region = $('announcer');
  if (!region) return;
  region.textContent = '';
  window.setTimeout(function () { region.textContent = message; }, 50);
}

/** A fresh Idempotency-Key: keep it while retrying the same request, take a new one for a changed request. */
export function newKey() {
  if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
}

/**
 * Calls the API. Resolves (never rejects) with {status, ok, data, text, etag, retryAfter}: `data` is the
 * parsed JSON answer or null; status 0 when the network failed, with `aborted` when `signal` stopped it.
 * Options: `body` (sent as JSON) or `text` with `contentType`; `etag` becomes If-Match; `key` (or
 * `idempotent` for a fresh one) becomes Idempotency-Key; `headers`, `accept`, `credentials` ('omit'
 * unless given: the public pages never send cookies), `cache`, `signal`.
 */
export function api(method, path, options) {
  options = options || {};
  const headers = Object.assign({ Accept: options.accept || 'application/json' }, options.headers);
  let body;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  } else if (options.text !== undefined) {
    headers['Content-Type'] = options.contentType || 'text/plain';
    body = options.text;
  }
  if (options.etag) headers['If-Match'] = options.etag;
  if (options.idempotent || options.key) headers['Idempotency-Key'] = options.key || newKey();
  return fetch(path, {
    method: method, headers: headers, body: body, credentials: options.credentials || 'omit',
    cache: options.cache, signal: options.signal
  }).then(function (response) {
    return response.text().then(function (text) {
      let data = null;
      try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
      return { status: response.status, ok: response.ok, data: data, text: text, etag: response.headers.get('ETag'),
        retryAfter: response.headers.get('Retry-After') };
    });
  }, function (error) {
    return { status: 0, ok: false, data: null, text: '', etag: null, retryAfter: null, aborted: Boolean(error && error.name === 'AbortError') };
  });
}

/** A sentence for a failed call that is not about one field. */
export function problemText(result) {
  if (result.status === 0) return 'Circles could not be reached. Check the connection and try again; nothing was lost.';
  if (result.status === 429) return 'Too many requests. Please wait ' + (result.retryAfter || 'a few') + ' seconds and try again.';
  if (result.status === 412) return 'Someone else changed this since you opened it. Reload to see their changes, then make yours again.';
  if (result.status === 403) return (result.data && result.data.detail) || 'You may not do this.';
  const detail = result.data && (result.data.detail || result.data.title);
  return detail ? String(detail) : 'Something went wrong (error ' + result.status + '). Please try again.';
}

/** Adds `id` to (or removes it from) a control's aria-describedby, keeping the others; added ids come first. */
export function describedBy(control, id, add) {
  const ids = (control.getAttribute('aria-describedby') || '').split(/\s+/).filter(function (x) { return x && x !== id; });
  if (add) ids.unshift(id);
  if (ids.length) control.setAttribute('aria-describedby', ids.join(' ')); else control.removeAttribute('aria-describedby');
}

/**
 * Marks a control as wrong (`aria-invalid`, described by `errorId`), or clears the mark when `errorId`
 * is null and `previousId` names the error it had.
 */
export function markInvalid(control, errorId, previousId) {
  if (errorId) {
    control.setAttribute('aria-invalid', 'true');
    describedBy(control, errorId, true);
  } else {
    control.removeAttribute('aria-invalid');
    if (previousId) describedBy(control, previousId, false);
  }
}

/**
 * A link for an error summary: following it brings `container` (if given) into view and focuses
 * `control`; `href` when the control has no id of its own.
 */
export function errorLink(text, control, container, href) {
  return el('a', { href: href || '#' + control.id, on: { click: function (event) {
    event.preventDefault();
    if (container) container.scrollIntoView({ block: 'center' });
    control.focus({ preventScroll: Boolean(container) });
  } } }, text);
}

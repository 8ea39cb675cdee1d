/*
 * Circles embed widget. One tag on any site:
 *
 *   <a href="https://circles.example.org/search?organization_id=7" data-circles-fallback>Our peer support groups</a>
 *   <script src="https://circles.example.org/embed.js" data-organization="harbor" data-topic="grief" data-city="Denver" async></script>
 *
 * shows the list of groups with their next meetings, linking back to the group pages. It reads
 * data-organization (a slug or an id), data-topic (a topic slug), data-city, data-limit (1-50), data-lang
 * (es for Spanish: the words, and the links to Circles' Spanish pages) and
 * data-heading-level (2-6, default 2). Everything it loads comes from the origin of its own src:
 * /embed/fragment (the list as HTML, rendered by the server from the same template as the /embed
 * frame, templates/embed-list.html: this script builds no list of its own) and /css/embed.css. It
 * draws inside a Shadow DOM, so the page's styles do not reach the list and the list's styles do not
 * reach the page. A link with data-circles-fallback just before the script is replaced by the list,
 * so a page without JavaScript (or where the list cannot load) keeps a plain link.
 */
(function () {
  'use strict';

  function scripts() {
    if (document.currentScript) return [document.currentScript];
    // Old browsers, or a call from elsewhere: every Circles embed tag not drawn yet.
    return Array.prototype.filter.call(document.querySelectorAll('script[src]'), function (s) {
      return /\/embed\.js(\?|#|$)/.test(s.getAttribute('src')) && !s.hasAttribute('data-circles-drawn');
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  /*
   * The list from the fragment's HTML. That HTML is Circles' own: fetched from the origin of this
   * script's src (never from the host page), rendered by the server from templates/embed-list.html,
   * which escapes every value it shows. It is parsed inert by DOMParser (no script in it runs, as with
   * /search's live results) and only its one .circles section is moved into the shadow root.
   */
  function list(html) {
    var section = new DOMParser().parseFromString(html, 'text/html').querySelector('section.circles');
    if (!section) throw new Error('not a Circles list');
    return document.adoptNode(section);
  }

  function draw(script) {
    script.setAttribute('data-circles-drawn', '');
    var origin;
    try { origin = new URL(script.src, document.baseURI).origin; } catch (e) { return; }
    var query = [];
    ['organization', 'topic', 'city', 'limit', 'lang'].forEach(function (name) {
      var value = script.getAttribute('data-' + name);
      if (value) query.push(name + '=' + encodeURIComponent(value));
    });
    var level = Math.max(2, Math.min(6, parseInt(script.getAttribute('data-heading-level') || '2', 10) || 2));

    var host = document.createElement('div');
    host.setAttribute('data-circles-embed', '');
    var fallback = script.previousElementSibling;
    var replaced = fallback && fallback.hasAttribute('data-circles-fallback') ? fallback : null;
    script.parentNode.insertBefore(host, script);
    var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : null;
    if (!root) { host.remove(); return; } // no Shadow DOM: keep the plain link
    var status = el('p', { role: 'status', class: 'circles__hidden' }, ['Loading the list of groups…']);
    root.appendChild(status);

    var stylesheet = new Promise(function (resolve) {
      var link = el('link', { rel: 'stylesheet', href: origin + '/css/embed.css' });
      link.onload = resolve;
      link.onerror = resolve;
      root.appendChild(link);
    });
    var listing = fetch(origin + '/embed/fragment?' + query.concat(['heading=' + level]).join('&'), {
      credentials: 'omit', mode: 'cors', headers: { Accept: 'text/html' }
    }).then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.text();
    });
    Promise.all([listing, stylesheet]).then(function (results) {
      var section = list(results[0]);
      root.removeChild(status);
      root.appendChild(section);
      if (replaced) replaced.remove();
    }).catch(function () {
      // Keep the page's own link; without one, offer a link to the same list on Circles.
      root.removeChild(status);
      if (!replaced) {
        root.appendChild(el('p', {}, [el('a', { href: origin + '/embed' + (query.length ? '?' + query.join('&') : '') }, ['Peer support groups on Circles'])]));
      } else {
        host.remove();
      }
    });
  }

  scripts().forEach(draw);
})();

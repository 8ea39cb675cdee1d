/*
 * Circles embed widget. One tag on any site:
 *
 *   <a href="https://circles.example.org/search?organization_id=7" data-circles-fallback>Our peer support groups</a>
 *   <script src="https://circles.example.org/embed.js" data-organization="harbor" data-topic="grief" data-city="Denver" async></script>
 *
 * renders the list of groups with their next meetings, linking back to the group pages. It reads
 * data-organization (a slug or an id), data-topic (a topic slug), data-city, data-limit (1-50), data-lang
 * (es for Spanish: the words, and the links to Circles' Spanish pages) and
 * data-heading-level (2-6, default 2). Everything it loads comes from the origin of its own src:
 * /embed.json and /css/embed.css. It draws inside a Shadow DOM, so the page's styles do not reach
 * the list and the list's styles do not reach the page. A link with data-circles-fallback just
 * before the script is replaced by the list, so a page without JavaScript (or where the list
 * cannot load) keeps a plain link.
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
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  // A group's text not in the list's language (the organization wrote none in it) says which it is in.
  function withLang(attrs, code) {
    if (code) attrs.lang = code;
    return attrs;
  }

  function list(data, level) {
    var headingTag = 'h' + level;
    var itemTag = 'h' + Math.min(level + 1, 6);
    var titleId = 'circles-title';
    var items = data.groups.map(function (g) {
      return el('li', { class: 'circles__group' }, [
        el(itemTag, { class: 'circles__name' }, [el('a', withLang({ href: g.url }, g.name_lang), [g.name])]),
        g.summary ? el('p', withLang({ class: 'circles__summary' }, g.summary_lang), [g.summary]) : null,
        el('p', { class: 'circles__meta' }, g.next_meeting
          ? [el('span', { class: 'circles__label' }, [g.happening_now ? data.labels.happening_now : data.labels.next_meeting]), ' ', el('time', { datetime: g.next_meeting_at }, [g.next_meeting])]
          : [data.labels.no_meeting]),
        g.next_meeting_change ? el('p', { class: 'circles__change' }, [el('strong', {}, [g.next_meeting_change])]) : null,
        g.full ? el('p', { class: 'circles__meta' }, [el('span', { class: 'circles__full' }, [data.labels.full])]) : null,
        g.schedule ? el('p', { class: 'circles__meta' }, [g.schedule]) : null,
        el('p', { class: 'circles__meta' }, [g.place])
      ]);
    });
    return el('section', { class: 'circles', 'aria-labelledby': titleId, lang: data.language }, [
      el(headingTag, { class: 'circles__title', id: titleId }, [data.title]),
      el('p', { class: 'circles__crisis' }, [el('a', { href: 'tel:988' }, [data.crisis_line])]),
      el('p', { class: 'circles__count' }, [data.count]),
      items.length ? el('ul', { class: 'circles__list' }, items) : el('p', { class: 'circles__note' }, [data.labels.none]),
      el('p', { class: 'circles__more' }, [el('a', { href: data.more_url }, [data.labels.all])])
    ]);
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
    var listing = fetch(origin + '/embed.json' + (query.length ? '?' + query.join('&') : ''), {
      credentials: 'omit', mode: 'cors', headers: { Accept: 'application/json' }
    }).then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.json();
    });
    Promise.all([listing, stylesheet]).then(function (results) {
      root.removeChild(status);
      root.appendChild(list(results[0], level));
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

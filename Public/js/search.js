/*
 * Circles — the search, made live. The page works without this file: the form submits to
 * /search and the server answers with the results in the HTML.
 *
 * With it: results follow the filters as they change (from the JSON API, /api/v1/groups),
 * the address bar follows too (history.pushState, so a search can be shared and Back works),
 * a polite live region says how many groups were found, and "Use my location" asks the
 * browser for a position (only when pressed) and searches near it.
 */
(function () {
  'use strict';

  var FORMATS = {};  // the labels of group formats, from /js/vocabulary.json before the first live update
  var STATES = /^(A[KLRZ]|C[AOT]|D[CE]|FL|G[AU]|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|P[AR]|RI|S[CD]|T[NX]|UT|V[AIT]|W[AIVY])$/;
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  var DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

  /* ---------- "Use my location", on every form that offers it ---------- */

  function setUpNearMe(form, onChange) {
    var box = form.querySelector('[data-near]');
    if (!box) return;
    var button = box.querySelector('[data-near-me]');
    var status = box.querySelector('[data-near-status]');
    var clear = box.querySelector('[data-near-clear]');
    if (button && navigator.geolocation) {
      button.hidden = false;
      button.addEventListener('click', function () {
        status.textContent = 'Finding your location…';
        button.disabled = true;
        navigator.geolocation.getCurrentPosition(function (position) {
          // Two decimals (about a kilometre) is enough to find groups, and no more precise than needed.
          var near = position.coords.latitude.toFixed(2) + ',' + position.coords.longitude.toFixed(2);
          var input = form.querySelector('[data-near-value]');
          if (!input) {
            input = document.createElement('input');
            input.type = 'hidden';
            input.name = 'near';
            input.setAttribute('data-near-value', '');
            box.insertBefore(input, box.firstChild);
          }
          input.value = near;
          var city = form.querySelector('[name="city"]');
          if (city) city.value = '';
          var radius = box.querySelector('[data-near-radius]');
          if (radius) {
            radius.hidden = false;
            radius.querySelector('select').disabled = false;
          }
          button.disabled = false;
          button.hidden = true;
          status.textContent = 'Showing groups near your location.';
          if (onChange) {
            var stop = el('button', 'button button--secondary button--small', 'Stop using my location');
            stop.type = 'button';
            stop.setAttribute('data-near-stop', '');
            stop.addEventListener('click', function () {
              forgetNear(form);
              onChange();
            });
            box.appendChild(stop);
            onChange();
          } else {
            var query = paramsOf(form).toString();
            location.href = (form.getAttribute('action') || location.pathname) + (query ? '?' + query : '');
          }
        }, function () {
          button.disabled = false;
          status.textContent = 'We couldn’t get your location. You can type a city or ZIP code instead.';
        }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
      });
    }
    if (clear && onChange) {
      clear.addEventListener('click', function (event) {
        event.preventDefault();
        forgetNear(form);
        onChange();
      });
    }
  }

  function forgetNear(form) {
    var input = form.querySelector('[data-near-value]');
    if (input) input.parentNode.removeChild(input);
    var radius = form.querySelector('[data-near-radius]');
    if (radius) {
      radius.hidden = true;
      radius.querySelector('select').disabled = true;
    }
    var on = form.querySelector('.near__on');
    if (on) on.hidden = true;
    var button = form.querySelector('[data-near-me]');
    if (button && navigator.geolocation) button.hidden = false;
    var status = form.querySelector('[data-near-status]');
    if (status) status.textContent = '';
    var stop = form.querySelector('[data-near-stop]');
    if (stop) stop.parentNode.removeChild(stop);
  }

  /* ---------- The filters as a query string (the API's parameter names) ---------- */

  function paramsOf(form) {
    var data = new FormData(form);
    var params = new URLSearchParams();
    data.forEach(function (value, key) {
      value = String(value).trim();
      if (!value) return;
      if (key === 'city') {
        var zip = /^(\d{5})(-\d{4})?$/.exec(value);
        var withState = /^(.+),\s*([A-Za-z]{2})$/.exec(value);
        if (zip) { params.append('zip', zip[1]); return; }
        if (withState && STATES.test(withState[2].toUpperCase())) {
          params.append('city', withState[1].trim());
          params.append('state', withState[2].toUpperCase());
          return;
        }
      }
      if (key === 'radius_km' && !data.get('near')) return;
      params.append(key, value);
    });
    return params;
  }

  /** Puts the values of a query string back into the form (after Back or Forward). */
  function fill(form, params) {
    var fields = form.elements;
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (!f.name || f.type === 'hidden' || f.type === 'submit' || f.type === 'button') continue;
      var values = params.getAll(f.name);
      if (f.type === 'checkbox' || f.type === 'radio') f.checked = values.indexOf(f.value) >= 0 || (f.type === 'radio' && !f.value && !values.length);
      else if (f.name === 'city') {
        f.value = params.get('zip') || (params.get('city') ? params.get('city') + (params.get('state') ? ', ' + params.get('state') : '') : '');
      } else f.value = values[0] || '';
    }
    if (!params.get('near')) forgetNear(form);
  }

  /* ---------- Words, as the server writes them ---------- */

  function optionNames(select) {
    var names = {};
    if (!select) return names;
    for (var i = 0; i < select.options.length; i++) names[select.options[i].value] = select.options[i].text.split(' (')[0];
    return names;
  }

  function clockWords(hhmm) {
    var h = parseInt(hhmm.slice(0, 2), 10), m = hhmm.slice(3, 5);
    return (h % 12 === 0 ? 12 : h % 12) + ':' + m + ' ' + (h < 12 ? 'am' : 'pm');
  }

  /** "Today, 6:30 pm", "Tomorrow, …", "Tuesday 6:30 pm", "Tuesday, March 14, 6:30 pm". */
  function when(meeting) {
    var time = clockWords(meeting.start_time);
    var today;
    try {
      today = new Intl.DateTimeFormat('en-CA', { timeZone: meeting.time_zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    } catch (e) { return meeting.summary; }
    var days = Math.round((Date.parse(meeting.date + 'T00:00:00Z') - Date.parse(today + 'T00:00:00Z')) / 86400000);
    if (days === 0) return 'Today, ' + time;
    if (days === 1) return 'Tomorrow, ' + time;
    if (days > 1 && days < 7) return meeting.summary;
    var d = new Date(meeting.date + 'T12:00:00Z');
    var sameYear = meeting.date.slice(0, 4) === today.slice(0, 4);
    return DAYS[d.getUTCDay()] + ', ' + MONTHS[d.getUTCMonth()] + ' ' + d.getUTCDate() + (sameYear ? '' : ', ' + d.getUTCFullYear()) + ', ' + time;
  }

  function listWords(items) {
    if (items.length < 2) return items.join('');
    return items.slice(0, -1).join(', ') + ' and ' + items[items.length - 1];
  }

  function place(group, sayOnline) {
    if (group.format === 'online') return 'Online';
    if (group.format === 'phone') return 'By phone';
    var l = group.location;
    if (!l) return group.format === 'hybrid' ? 'In person and online' : 'Place to be confirmed';
    var text = l.name + (l.city ? ', ' + l.city + (l.state ? ', ' + l.state : '') : '');
    return group.format === 'hybrid' && sayOnline !== false ? text + ', and online' : text;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  /** One result, the same markup as Public/templates/group-card.html. */
  function card(group, names) {
    var li = el('li', 'result');
    var heading2 = el('h2', 'result__name');
    var a = el('a', null, group.name);
    a.href = '/groups/' + encodeURIComponent(group.slug);
    var languages = group.languages || [];
    var own = languages.length === 1 && languages[0] !== 'en' && languages[0] !== 'ase' ? languages[0] : null;
    if (own) a.lang = own;
    heading2.appendChild(a);
    li.appendChild(heading2);

    var meta = el('p', 'result__meta');
    meta.appendChild(el('span', 'result__format', FORMATS[group.format] || group.format));
    var where = ' · ' + (group.format === 'online' || group.format === 'phone' ? group.organization.name : place(group, false));
    if (group.distance_km != null) {
      var miles = group.distance_km / 1.609344;
      where += ' · ' + (miles < 0.95 ? 'less than a mile away' : Math.round(miles) + (Math.round(miles) === 1 ? ' mile' : ' miles') + ' away');
    }
    meta.appendChild(document.createTextNode(where));
    li.appendChild(meta);

    var next = el('p', 'result__next');
    if (group.next_meeting) {
      next.appendChild(el('span', 'result__label', 'Next meeting:'));
      next.appendChild(document.createTextNode(' '));
      var time = el('time', null, when(group.next_meeting));
      time.setAttribute('datetime', group.next_meeting.starts_at);
      time.setAttribute('data-zone', group.next_meeting.time_zone);
      if (group.format === 'online' || group.format === 'phone') time.setAttribute('data-remote', '');
      next.appendChild(time);
    } else {
      next.className += ' muted';
      next.textContent = 'No upcoming meetings are listed.';
    }
    li.appendChild(next);

    if (group.summary) {
      var summary = el('p', 'result__summary', group.summary);
      if (own) summary.lang = own;
      li.appendChild(summary);
    }

    var tags = el('ul', 'result__tags cluster');
    tags.setAttribute('aria-label', 'About this group');
    (group.topics || []).forEach(function (slug) { tags.appendChild(el('li', 'tag', names.topics[slug] || slug)); });
    if (languages.some(function (code) { return code !== 'en'; })) {
      tags.appendChild(el('li', 'tag', 'In ' + listWords(languages.map(function (code) { return names.languages[code] || code; }))));
    }
    if (group.is_free) tags.appendChild(el('li', 'tag tag--free', 'Free'));
    if (group.full) tags.appendChild(el('li', 'tag tag--full', 'Full'));
    if (group.not_recently_confirmed) tags.appendChild(el('li', 'tag tag--stale', 'Not recently confirmed'));
    li.appendChild(tags);
    return li;
  }

  /** A heading like the server's: "Grief and loss groups in Denver, CO". */
  function heading(params, names) {
    var topics = params.getAll('topic').map(function (t) { return names.topics[t]; }).filter(Boolean);
    var subject = topics.length ? listWords(topics) + ' ' : '';
    if (topics.length && !/^[A-Z][A-Z]/.test(subject)) subject = subject.charAt(0).toLowerCase() + subject.slice(1);
    var format = { in_person: 'in-person ', online: 'online ', phone: 'phone ', hybrid: 'hybrid ' }[params.get('format')] || '';
    var words = subject + format + 'groups';
    if (params.get('q')) words += ' matching “' + params.get('q') + '”';
    var parts = [words];
    if (params.get('city')) parts.push('in ' + params.get('city') + (params.get('state') ? ', ' + params.get('state') : ''));
    if (params.get('zip')) parts.push('near ' + params.get('zip'));
    if (params.get('near')) parts.push('near you');
    var day = params.get('day');
    if (day) parts.push('on ' + day.charAt(0).toUpperCase() + day.slice(1) + 's');
    if (params.get('time')) parts.push('in the ' + params.get('time'));
    if (parts.length === 1 && !topics.length && !format && !params.get('q')) return null;
    var text = parts.join(' ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  /* ---------- Live search ---------- */

  function liveSearch(form) {
    var results = document.getElementById('results');
    var status = document.getElementById('results-status');
    var empty = document.getElementById('results-empty');
    var pager = document.getElementById('pager');
    var title = document.getElementById('search-heading');
    var tools = document.querySelectorAll('[data-keep-filters]');
    if (!results || !status || !window.fetch || !window.URLSearchParams || !history.pushState) return null;
    var names = { topics: optionNames(form.querySelector('[name="topic"]')), languages: optionNames(form.querySelector('[name="language"]')) };
    names.languages.en = 'English';
    var controller = null;
    var timer = null;
    var lastQuery = paramsOf(form).toString();

    function show(params, data, cursor) {
      results.textContent = '';
      data.data.forEach(function (group) { results.appendChild(card(group, names)); });
      if (window.CirclesTime) window.CirclesTime.localise(results);
      empty.hidden = data.data.length > 0;
      var n = data.data.length;
      status.textContent = n === 0 ? (cursor ? 'There are no more groups.' : 'No groups match these filters.')
        : cursor ? 'More groups: ' + n + ' on this page' + (data.next ? ', and more after them.' : '.')
        : data.next ? 'Showing the first ' + n + ' groups. There are more on the next page.'
        : n + (n === 1 ? ' group' : ' groups') + ' found.';
      var words = heading(params, names);
      title.textContent = words || 'All support groups';
      document.title = words ? words + ' — Circles' : 'Find a peer support group — Circles';
      pager.textContent = '';
      var base = params.toString();
      if (cursor) {
        var first = el('a', 'button button--secondary', 'Back to the first groups');
        first.href = '/search' + (base ? '?' + base : '');
        first.addEventListener('click', function (event) { event.preventDefault(); run(params, null, true, true); });
        pager.appendChild(first);
      }
      if (data.next) {
        var nextCursor = new URL(data.next, location.href).searchParams.get('cursor');
        var more = el('a', 'button button--secondary', 'Show more groups');
        var withCursor = new URLSearchParams(params);
        withCursor.set('cursor', nextCursor);
        more.href = '/search?' + withCursor.toString();
        more.rel = 'next';
        more.addEventListener('click', function (event) { event.preventDefault(); run(params, nextCursor, true, true); });
        pager.appendChild(more);
      }
      for (var i = 0; i < tools.length; i++) tools[i].href = tools[i].getAttribute('data-keep-filters') + (base ? '?' + base : '');
      countMoreFilters(params);
    }

    /** "More filters (2 chosen)", as the server writes it. */
    function countMoreFilters(params) {
      var summary = form.querySelector('.filters__more > summary');
      if (!summary) return;
      var n = ['topic', 'format', 'day', 'time', 'language', 'audience', 'free', 'accessible', 'join', 'open_to', 'camera_optional', 'childcare', 'asl', 'open_seats'].filter(function (key) { return params.get(key); }).length;
      var count = summary.querySelector('.filters__count');
      if (!n) {
        if (count) summary.removeChild(count);
        return;
      }
      if (!count) {
        count = el('span', 'filters__count');
        summary.appendChild(document.createTextNode(' '));
        summary.appendChild(count);
      }
      count.textContent = '(' + n + ' chosen)';
    }

    /** Fetches and shows a page of results; on any failure, loads the page the ordinary way. */
    function run(params, cursor, push, moveFocus) {
      var pageParams = new URLSearchParams(params);
      if (cursor) pageParams.set('cursor', cursor);
      var pageUrl = '/search' + (pageParams.toString() ? '?' + pageParams.toString() : '');
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      results.setAttribute('aria-busy', 'true');
      var apiParams = new URLSearchParams(pageParams);
      apiParams.set('limit', '20');
      fetch('/api/v1/groups?' + apiParams.toString(), { headers: { Accept: 'application/json' }, signal: controller && controller.signal })
        .then(function (response) {
          if (!response.ok) throw new Error('status ' + response.status);
          return window.Vocabulary.load().then(function (words) { FORMATS = words.group_format; return response.json(); });
        })
        .then(function (data) {
          results.removeAttribute('aria-busy');
          if (push) history.pushState({ circles: true }, '', pageUrl);
          lastQuery = params.toString();
          show(params, data, cursor);
          if (moveFocus) {
            title.setAttribute('tabindex', '-1');
            title.focus();
          }
        })
        .catch(function (error) {
          if (error && error.name === 'AbortError') return;
          location.href = pageUrl;
        });
    }

    function changed(immediate) {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var params = paramsOf(form);
        if (params.toString() === lastQuery) return;
        run(params, null, true, false);
      }, immediate ? 0 : 450);
    }

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      clearTimeout(timer);
      run(paramsOf(form), null, paramsOf(form).toString() !== lastQuery, true);
    });
    form.addEventListener('change', function (event) {
      if (event.target.type !== 'search' && event.target.type !== 'text') changed(true);
    });
    form.addEventListener('input', function (event) {
      var value = event.target.value || '';
      if (event.target.name === 'city' && value && form.querySelector('[data-near-value]')) forgetNear(form);
      if ((event.target.type === 'search' || event.target.type === 'text') && (value.length === 0 || value.trim().length >= 2)) changed(false);
    });
    var next = pager && pager.querySelector('[data-next]');
    if (next) {
      next.addEventListener('click', function (event) {
        var cursor = new URL(next.href, location.href).searchParams.get('cursor');
        if (!cursor) return;
        event.preventDefault();
        run(paramsOf(form), cursor, true, true);
      });
    }
    window.addEventListener('popstate', function () {
      var params = new URLSearchParams(location.search);
      var cursor = params.get('cursor');
      params.delete('cursor');
      fill(form, params);
      run(paramsOf(form), cursor, false, false);
    });
    return function () { changed(true); };
  }

  var searchForm = document.getElementById('search-form');
  var live = searchForm ? liveSearch(searchForm) : null;
  var forms = document.querySelectorAll('form');
  for (var i = 0; i < forms.length; i++) {
    setUpNearMe(forms[i], forms[i] === searchForm ? live : null);
  }
})();

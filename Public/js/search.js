/*
 * Circles — the search, made live. The page works without this file: the form submits to
 * /search and the server answers with the results in the HTML.
 *
 * With it: results follow the filters as they change (the server renders them: /search/results
 * answers the same results part as the page, and it is swapped in), the address bar follows too
 * (history.pushState, so a search can be shared and Back works), a polite live region says how
 * many groups were found, and "Use my location" asks the browser for a position (only when
 * pressed) and searches near it.
 */
import { api, el, page, t } from '/js/lib.js';
import { localise } from '/js/local-time.js';

(function () {
  'use strict';

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
        status.textContent = t('near.finding');
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
          var place = form.querySelector('[name="where"]');
          if (place) place.value = '';
          var radius = box.querySelector('[data-near-radius]');
          if (radius) {
            radius.hidden = false;
            radius.querySelector('select').disabled = false;
          }
          button.disabled = false;
          button.hidden = true;
          status.textContent = t('near.showing');
          if (onChange) {
            var stop = el('button', { class: 'button button--secondary button--small', type: 'button', 'data-near-stop': true }, t('near.stop'));
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
          status.textContent = t('near.failed');
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
      // The server reads "Where?" (a ZIP code, a town, a state); the distance counts only with a place.
      if ((key === 'radius_mi' || key === 'radius_km') && !String(data.get('near') || '').trim() && !String(data.get('where') || '').trim()) return;
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
      else if (f.name === 'where') {
        f.value = params.get('where') || params.get('zip') || (params.get('city') ? params.get('city') + (params.get('state') ? ', ' + params.get('state') : '') : '');
      } else if (f.name === 'radius_mi') f.value = values[0] || '25';
      else f.value = values[0] || '';
    }
    if (!params.get('near')) forgetNear(form);
  }

  /* ---------- Live search ---------- */

  function liveSearch(form) {
    var section = document.getElementById('search-results');
    var status = document.getElementById('results-status');
    var title = document.getElementById('search-heading');
    if (!section || !status || !window.fetch || !window.URLSearchParams || !window.DOMParser || !history.pushState) return null;
    var controller = null;
    var timer = null;
    var lastQuery = paramsOf(form).toString();

    /**
     * Puts the server's results part (Public/templates/search-results.html) in place of the shown one.
     * The live region stays and only takes the new words, so that screen readers say them.
     */
    function swap(html) {
      var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('search-results');
      var freshStatus = fresh && fresh.querySelector('#results-status');
      if (!freshStatus) return false;
      title.textContent = fresh.getAttribute('data-heading');
      document.title = fresh.getAttribute('data-title');
      status.textContent = freshStatus.textContent;
      while (status.nextSibling) section.removeChild(status.nextSibling);
      while (freshStatus.nextSibling) section.appendChild(document.adoptNode(freshStatus.nextSibling));
      countMoreFilters(Number(fresh.getAttribute('data-more-filters')) || 0);
      localise(section);
      return true;
    }

    /** "More filters (2 chosen)", with the server's count. */
    function countMoreFilters(n) {
      var summary = form.querySelector('.filters__more > summary');
      if (!summary) return;
      var count = summary.querySelector('.filters__count');
      if (!n) {
        if (count) summary.removeChild(count);
        return;
      }
      if (!count) {
        count = el('span', { class: 'filters__count' });
        summary.appendChild(document.createTextNode(' '));
        summary.appendChild(count);
      }
      count.textContent = '(' + n + ' chosen)';
    }

    /** Fetches and shows a page of results; on any failure, loads the page the ordinary way. */
    function run(params, cursor, push, moveFocus) {
      var pageParams = new URLSearchParams(params);
      if (cursor) pageParams.set('cursor', cursor);
      var query = pageParams.toString() ? '?' + pageParams.toString() : '';
      var pageUrl = page('/search') + query;
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      section.setAttribute('aria-busy', 'true');
      api('GET', page('/search/results') + query, { accept: 'text/html', signal: controller && controller.signal }).then(function (result) {
        if (result.aborted) return;
        section.removeAttribute('aria-busy');
        if (!result.ok) { location.href = pageUrl; return; }
        if (push) history.pushState({ circles: true }, '', pageUrl);
        lastQuery = params.toString();
        if (!swap(result.text)) { location.href = pageUrl; return; }
        if (moveFocus) {
          title.setAttribute('tabindex', '-1');
          title.focus();
        }
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
      // "Where?" is read when it is left or sent: half a town's name would name another place.
      if ((event.target.type !== 'search' && event.target.type !== 'text') || event.target.name === 'where') changed(true);
    });
    form.addEventListener('input', function (event) {
      var value = event.target.value || '';
      if (event.target.name === 'where' && value && form.querySelector('[data-near-value]')) forgetNear(form);
      if (event.target.name === 'where') return;
      if ((event.target.type === 'search' || event.target.type === 'text') && (value.length === 0 || value.trim().length >= 2)) changed(false);
    });
    // "Show more groups" and "Back to the first groups", whichever results are shown.
    section.addEventListener('click', function (event) {
      var link = event.target.closest && event.target.closest('.pager a');
      if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      run(paramsOf(form), new URL(link.href, location.href).searchParams.get('cursor'), true, true);
    });
    window.addEventListener('popstate', function () {
      var params = new URLSearchParams(location.search);
      var cursor = params.get('cursor');
      params.delete('cursor');
      fill(form, params);
      run(paramsOf(form), cursor, false, false);
    });
    return function () { changed(true); };
  }

  // After a search, phones get the filters folded behind "Change the search"; wide screens show them
  // beside the results (the CSS does so too, where browsers let it open a closed <details>).
  var fold = document.querySelector('.search-fold');
  if (fold && window.matchMedia && window.matchMedia('(min-width: 56em)').matches) fold.open = true;

  var searchForm = document.getElementById('search-form');
  var live = searchForm ? liveSearch(searchForm) : null;
  var forms = document.querySelectorAll('form');
  for (var i = 0; i < forms.length; i++) {
    setUpNearMe(forms[i], forms[i] === searchForm ? live : null);
  }
})();

/*
 * Circles — small improvements to server-rendered pages, none of them needed to use the page.
 *
 * - Online and phone meetings: when this browser's time zone is not the group's, add the time
 *   on the reader's own clock ("7:00 pm · 5:00 pm your time").
 * - Today: mark meetings "Happening now" or "Ended" as the minutes pass.
 * - Print buttons (hidden without JavaScript, since printing needs it).
 *
 * A module: the pages load it, and search.js imports `localise` for the results it swaps in.
 */
import { language, t } from '/js/lib.js';

var viewerZone;
try { viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { viewerZone = null; }

function clock(date, withDay) {
  var options = { hour: 'numeric', minute: '2-digit' };
  if (withDay) options.weekday = 'long';
  var text = new Intl.DateTimeFormat(language() + '-US', options).format(date);
  // "7:00 pm" and "7:00 p. m." never break across lines (Intl may put a narrow no-break space before "PM").
  return text.replace(/(\d)[\s\u202f]+(?=[AaPp])/g, '$1\u00a0').replace(/([AaPp]\.)[\s\u202f]+(?=[Mm]\.)/g, '$1\u00a0')
    .replace('\u00a0AM', '\u00a0am').replace('\u00a0PM', '\u00a0pm');
}

function dayKey(date, zone) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** Adds the reader's own time after remote meetings from another time zone (search.js calls it on new results). */
export function localise(root) {
  if (!viewerZone || !window.Intl) return;
  var times = (root || document).querySelectorAll('time[data-remote][data-zone]');
  for (var i = 0; i < times.length; i++) {
    var el = times[i];
    // The server already gave the time of the place searched from; the same zone needs no second one.
    if (el.getAttribute('data-zone') === viewerZone || el.getAttribute('data-place-zone') === viewerZone || el.hasAttribute('data-localised')) continue;
    var date = new Date(el.getAttribute('datetime'));
    if (isNaN(date.getTime())) continue;
    try {
      var otherDay = dayKey(date, el.getAttribute('data-zone')) !== dayKey(date, viewerZone);
      var note = document.createElement('span');
      note.className = 'local-time';
      var anchor = el.closest ? el.closest('[data-local-anchor]') || el : el;
      // The reader's zone is "your time": never a raw identifier such as America/New_York.
      note.textContent = (anchor === el ? ' · ' : '') + t('clock.your_time', { time: clock(date, otherDay) });
      el.setAttribute('data-localised', '');
      anchor.parentNode.insertBefore(note, anchor.nextSibling);
    } catch (e) { /* an unknown zone: leave the group's own time */ }
  }
}

/** On the today page: badges that follow the clock. */
function followClock() {
  var meetings = document.querySelectorAll('.meeting[data-start][data-end]');
  if (!meetings.length) return;
  function tick() {
    var now = Date.now();
    for (var i = 0; i < meetings.length; i++) {
      var m = meetings[i];
      if (m.classList.contains('meeting--cancelled')) continue;
      var start = Date.parse(m.getAttribute('data-start'));
      var end = Date.parse(m.getAttribute('data-end'));
      var state = now >= end ? 'ended' : now >= start ? 'now' : '';
      if (m.getAttribute('data-state') === state) continue;
      m.setAttribute('data-state', state);
      var old = m.querySelector('.badge--clock');
      if (old) old.parentNode.removeChild(old);
      if (!state) continue;
      var badge = document.createElement('span');
      badge.className = 'badge badge--clock ' + (state === 'now' ? 'badge--now' : 'badge--ended');
      badge.textContent = t(state === 'now' ? 'clock.now' : 'clock.ended');
      var name = m.querySelector('.meeting__name');
      if (name) {
        name.appendChild(document.createTextNode(' '));
        name.appendChild(badge);
      }
    }
  }
  tick();
  setInterval(tick, 60000);
}

function printButtons() {
  var buttons = document.querySelectorAll('[data-print]');
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener('click', function () { window.print(); });
  }
}

localise(document);
followClock();
if (typeof window.print === 'function') printButtons();

// The ops dashboard: hourly charts from /dashboard/data, and the consumer lag polled live.
(function () {
  'use strict';

  const palette = ['#3366cc', '#dc3912', '#ff9900', '#109618', '#990099', '#0099c6', '#dd4477', '#66aa00'];
  const charts = {};
  const lagPoints = { labels: [], events: [], seconds: [] };
  const LAG_POINTS = 60;

  function hourLabel(iso) {
    return iso.substring(5, 13).replace('T', ' ') + 'h';
  }

  function chart(id, type, options) {
    if (charts[id]) {
      return charts[id];
    }
    charts[id] = new Chart(document.getElementById(id), {
      type: type,
      data: { labels: [], datasets: [] },
      options: Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, options || {})
    });
    return charts[id];
  }

  function sum(values) {
    return values.reduce((a, b) => a + b, 0);
  }

  function render(data) {
    const labels = data.hours.map(hourLabel);

    const volume = chart('volumeChart', 'bar', { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } });
    volume.data.labels = labels;
    volume.data.datasets = [
      { label: 'created', data: data.payments, backgroundColor: '#8fa8d8' },
      { label: 'succeeded', data: data.succeeded, backgroundColor: '#109618' },
      { label: 'failed', data: data.failed, backgroundColor: '#dc3912' }
    ];
    volume.update();

    const gross = chart('grossChart', 'line', { scales: { y: { beginAtZero: true } } });
    gross.data.labels = labels;
    gross.data.datasets = Object.keys(data.grossByCurrency).map((currency, i) => ({
      label: currency,
      data: data.grossByCurrency[currency].map(v => v / Math.pow(10, data.exponents[currency])),
      borderColor: palette[i % palette.length],
      backgroundColor: palette[i % palette.length]
    }));
    gross.update();

    const success = chart('successChart', 'line', { scales: { y: { min: 0, max: 100 } }, spanGaps: true });
    success.data.labels = labels;
    success.data.datasets = [{ label: 'success rate %', data: data.successRate, borderColor: '#109618',
      backgroundColor: '#109618' }];
    success.update();

    const declines = chart('declineChart', 'bar', {
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } }
    });
    declines.data.labels = labels;
    declines.data.datasets = Object.keys(data.declineReasons).map((reason, i) => ({
      label: reason, data: data.declineReasons[reason], backgroundColor: palette[i % palette.length]
    }));
    declines.update();

    const total = sum(data.payments);
    const ok = sum(data.succeeded);
    const failed = sum(data.failed);
    document.getElementById('tile-payments').textContent = total;
    document.getElementById('tile-succeeded').textContent = ok;
    document.getElementById('tile-failed').textContent = failed;
    document.getElementById('tile-success-rate').textContent =
      ok + failed === 0 ? '–' : (Math.round(10000 * ok / (ok + failed)) / 100) + ' %';
    renderLag(data.lag);
  }

  function renderLag(lag) {
    document.getElementById('tile-lag-events').textContent = lag.eventsBehind;
    document.getElementById('tile-lag-seconds').textContent = lag.secondsBehind.toFixed(1);
    document.getElementById('tile-consumer').textContent = lag.state + ' @ ' + lag.position;
    lagPoints.labels.push(new Date().toISOString().substring(11, 19));
    lagPoints.events.push(lag.eventsBehind);
    lagPoints.seconds.push(lag.secondsBehind);
    if (lagPoints.labels.length > LAG_POINTS) {
      lagPoints.labels.shift();
      lagPoints.events.shift();
      lagPoints.seconds.shift();
    }
    const c = chart('lagChart', 'line', {
      scales: { y: { beginAtZero: true, title: { display: true, text: 'seconds' } },
        y1: { beginAtZero: true, position: 'right', title: { display: true, text: 'events' },
          grid: { drawOnChartArea: false } } }
    });
    c.data.labels = lagPoints.labels;
    c.data.datasets = [
      { label: 'seconds behind', data: lagPoints.seconds, borderColor: '#3366cc', backgroundColor: '#3366cc', yAxisID: 'y' },
      { label: 'events behind', data: lagPoints.events, borderColor: '#ff9900', backgroundColor: '#ff9900', yAxisID: 'y1' }
    ];
    c.update();
  }

  // Sign-in: OAuth 2.0 authorization code with PKCE at the operators' issuer, which the gateway serves
  // on this page's origin (/oauth2/authorize, /oauth2/token). The page is a public client; the access
  // token (a viewer's, ten minutes) lives in this page's memory only, the PKCE verifier in this tab's
  // session storage from the redirect to the issuer until the code comes back.
  const CLIENT = 'paycloud-dashboard';
  const PENDING = 'paycloud.dashboard.sign-in';
  let accessToken = null;

  function base64url(bytes) {
    return btoa(String.fromCharCode.apply(null, new Uint8Array(bytes)))
      .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function randomValue() {
    return base64url(crypto.getRandomValues(new Uint8Array(32)));
  }

  function callbackUri() {
    return window.location.origin + window.location.pathname;
  }

  async function signIn() {
    const verifier = randomValue();
    const state = randomValue();
    sessionStorage.setItem(PENDING, JSON.stringify({ verifier: verifier, state: state }));
    const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    const query = new URLSearchParams({ response_type: 'code', client_id: CLIENT, scope: 'openid',
      redirect_uri: callbackUri(), state: state, code_challenge: challenge, code_challenge_method: 'S256' });
    window.dashboard.signingIn = true;
    window.location.assign('/oauth2/authorize?' + query.toString());
  }

  /** Back from the issuer: the code for a token, when the state is the one this tab sent. */
  async function completeSignIn() {
    const params = new URLSearchParams(window.location.search);
    if (!params.has('code') && !params.has('error')) {
      return;
    }
    const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
    sessionStorage.removeItem(PENDING);
    window.history.replaceState(null, '', callbackUri());
    if (params.has('error') || !pending || pending.state !== params.get('state')) {
      throw new Error('sign-in refused: ' + (params.get('error') || 'not the sign-in this page started'));
    }
    const response = await fetch('/oauth2/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: params.get('code'), redirect_uri: callbackUri(),
        client_id: CLIENT, code_verifier: pending.verifier }).toString()
    });
    if (!response.ok) {
      throw new Error('the issuer refused the sign-in (' + response.status + ')');
    }
    accessToken = (await response.json()).access_token;
  }

  /** A GET with the viewer's token; without a token, or once it has expired, the browser signs in again. */
  async function api(path) {
    const response = await fetch(path, { headers: { Accept: 'application/json', Authorization: 'Bearer ' + accessToken } });
    if (response.status === 401) {
      await signIn();
      throw new Error('signing in…');
    }
    return response;
  }

  async function load() {
    const hours = document.getElementById('hours').value;
    const response = await api('dashboard/data?hours=' + encodeURIComponent(hours));
    if (!response.ok) {
      throw new Error('dashboard data answered ' + response.status);
    }
    const data = await response.json();
    render(data);
    document.getElementById('updated').textContent = 'updated ' + new Date().toISOString().substring(11, 19) + ' UTC';
    window.dashboard.loads++;
    window.dashboard.ready = true;
  }

  async function pollLag() {
    try {
      const response = await api('dashboard/lag');
      if (response.ok) {
        renderLag(await response.json());
      }
    } catch (e) {
      document.getElementById('tile-consumer').textContent = 'unreachable';
    }
  }

  function refresh() {
    load().catch(e => { document.getElementById('updated').textContent = e.message; });
  }

  async function start() {
    try {
      await completeSignIn();
    } catch (e) {
      document.getElementById('updated').textContent = e.message;
      return;
    }
    if (accessToken === null) {
      await signIn();
      return;
    }
    document.getElementById('hours').addEventListener('change', refresh);
    refresh();
    setInterval(pollLag, 5000);
    setInterval(refresh, 60000);
  }

  window.dashboard = { ready: false, loads: 0, charts: charts, refresh: refresh, signingIn: false };
  start();
})();

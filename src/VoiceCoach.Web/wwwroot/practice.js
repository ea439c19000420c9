// The practice page: a thin view of the server's practice engine. The microphone is captured with getUserMedia and an
// AudioWorklet and sent as 16 kHz PCM frames over the session's WebSocket; the engine's events come back as JSON and
// are drawn here; buttons and keys send commands. Nothing is graded in the browser.
const $ = (id) => document.getElementById(id);
const state = { ws: null, audio: null, recording: false, lastAnswerEnd: null, sessionId: null, paused: false };

// The link `voicecoach serve` printed carries the token; the server has set its cookie, so the address bar can drop it.
if (new URLSearchParams(location.search).has('token')) {
  history.replaceState(null, '', location.pathname);
}

function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function log(text, kind = 'info') {
  const li = document.createElement('li');
  li.textContent = text;
  li.className = kind;
  $('log').append(li);
  li.scrollIntoView({ block: 'nearest' });
}

async function api(path, options = {}) {
  const response = await fetch(path, { headers: { 'Content-Type': 'application/json' }, ...options });
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (!response.ok) {
    throw new Error(body?.error ?? `${response.status} ${response.statusText}`);
  }

  return body;
}

function showError(text) {
  $('setup-error').textContent = text;
  $('setup-error').hidden = false;
}

async function loadOptions() {
  const options = await api('/api/options');
  $('wait').value = options.waitForSpeech; // the engine's default, set before the form is usable
  for (const c of options.companies) {
    $('company').append(new Option(c.name, c.id));
  }

  for (const r of options.rounds) {
    $('round').append(new Option(r, r));
  }

  const sessions = await api('/api/sessions');
  const unfinished = sessions.filter((s) => !s.finished && s.questions > 0);
  for (const s of unfinished.slice(0, 5)) {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = `Resume ${s.id} (${s.answered} of ${s.questions} answered)`;
    button.addEventListener('click', () => begin(s.id));
    li.append(button);
    $('unfinished').append(li);
  }

  $('resume-list').hidden = unfinished.length === 0;
}

async function openMicrophone() {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: false, autoGainControl: false } });
  let context;
  try {
    context = new AudioContext({ sampleRate: 16000 });
  } catch {
    context = new AudioContext(); // the worklet resamples
  }

  await context.audioWorklet.addModule('/static/capture-worklet.js');
  const source = context.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(context, 'voicecoach-capture');
  const mute = context.createGain();
  mute.gain.value = 0;
  source.connect(node).connect(mute).connect(context.destination);
  node.port.onmessage = (e) => {
    if (state.ws?.readyState === WebSocket.OPEN) {
      state.ws.send(e.data);
    }
  };
  await context.resume();
  return { stream, context };
}

async function start(event) {
  event.preventDefault();
  $('setup-error').hidden = true;
  $('start').disabled = true;
  try {
    const created = await api('/api/sessions', {
      method: 'POST',
      body: JSON.stringify({ company: $('company').value, round: $('round').value, count: Number($('count').value) }),
    });
    if (created.note) {
      log(created.note);
    }

    await begin(created.id);
  } catch (e) {
    showError(e.message);
    $('start').disabled = false;
  }
}

async function begin(id) {
  try {
    state.audio ??= await openMicrophone();
  } catch (e) {
    showError(`No microphone: ${e.message}. Allow the microphone for this page, or practise with recorded answers: voicecoach practice --from samples`);
    $('start').disabled = false;
    return;
  }

  state.sessionId = id;
  $('setup').hidden = true;
  $('session').hidden = false;
  const query = new URLSearchParams({
    handsFree: $('hands-free').checked,
    followUps: $('follow-ups').value,
    cutIn: $('cut-in').checked,
    wait: $('wait').value,
  });
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = new WebSocket(`${scheme}://${location.host}/ws/practice/${encodeURIComponent(id)}?${query}`);
  ws.binaryType = 'arraybuffer';
  ws.onmessage = (e) => handle(JSON.parse(e.data));
  ws.onclose = (e) => {
    setRecording(false);
    if (e.code !== 1000 && e.reason) {
      log(`Connection closed: ${e.reason}`, 'error');
    }
  };
  state.ws = ws;
}

function send(command) {
  if (state.ws?.readyState === WebSocket.OPEN) {
    state.ws.send(JSON.stringify({ type: 'command', command }));
  }
}

function setRecording(on) {
  state.recording = on;
  for (const id of ['done', 'redo', 'repeat', 'skip', 'pause', 'quit']) {
    $(id).disabled = !on;
  }
}

function speak(message) {
  const ack = () => {
    if (state.ws?.readyState === WebSocket.OPEN) {
      state.ws.send(JSON.stringify({ type: 'spoken', id: message.id }));
    }
  };
  if (message.audio) {
    const player = new Audio(message.audio);
    player.onended = ack;
    player.onerror = ack;
    player.play().catch(ack);
  } else if ('speechSynthesis' in window) {
    const utterance = new SpeechSynthesisUtterance(message.text);
    utterance.onend = ack;
    utterance.onerror = ack;
    speechSynthesis.speak(utterance);
  } else {
    ack();
  }
}

function drawProgress(p) {
  const live = $('session');
  live.className = `panel zone-${p.zone}`;
  $('timer').textContent = clock(p.spoken);
  const scale = Math.max(p.tooLongAfter, p.spoken);
  $('time-fill').style.width = `${Math.min(100, (p.spoken / scale) * 100)}%`;
  $('band').style.left = `${(p.target[0] / scale) * 100}%`;
  $('band').style.width = `${((p.target[1] - p.target[0]) / scale) * 100}%`;
  const zones = { BuildingUp: 'building up', OnTarget: 'on target', WrapUp: 'wrap up', TooLong: 'too long' };
  $('zone-text').textContent = p.speechHeard
    ? `${zones[p.zone]} · target ${clock(p.target[0])}–${clock(p.target[1])} · ${clock(p.elapsed)} recorded`
    : `waiting for you to start… · target ${clock(p.target[0])}–${clock(p.target[1])}`;
  $('level-fill').style.width = `${Math.max(0, Math.min(100, ((p.levelDb + 60) / 60) * 100))}%`;
  const voice = $('voice');
  voice.classList.toggle('on', p.speechNow);
  voice.textContent = p.paused ? '❚❚ paused — press P to go on'
    : p.speechNow ? '● speech heard'
    : !p.speechHeard ? (p.waitingForSpeech ? '○ no answer heard yet: start speaking, A asks again, S skips' : '○ listening — speak when you are ready')
    : `○ pause ${p.silence.toFixed(1)} s${p.silenceLimit && document.getElementById('hands-free').checked ? ` — ends at ${p.silenceLimit.toFixed(1)} s` : ''}`;
  if (p.warning) {
    voice.textContent += ` · ${p.warning}`;
  }

  $('pause').firstChild.textContent = p.paused ? 'Resume' : 'Pause';
}

function handle(m) {
  switch (m.type) {
    case 'ready':
      log(m.resuming ? 'Resuming the session.' : `Listening through ${m.input}.`);
      break;
    case 'question':
      $('question-label').textContent = `Question ${m.number} of ${m.total}${m.followUp ? ' · follow-up' : ''}`;
      $('target').textContent = `· aim for ${m.target[0]}–${m.target[1]} s`;
      $('question').textContent = m.text;
      $('timer').textContent = '0:00';
      $('no-speech').hidden = true;
      $('cut-in-line').hidden = true;
      break;
    case 'speak':
      speak(m);
      break;
    case 'countdown':
      $('voice').textContent = m.remaining > 0 ? `${m.remaining}…` : 'go!';
      break;
    case 'listening':
      setRecording(true);
      $('voice').textContent = m.handsFree ? '● speak now (the answer ends when you pause)' : '● speak now';
      break;
    case 'progress':
      drawProgress(m);
      break;
    case 'no_speech':
      $('no-speech').textContent = m.movingOn
        ? `I didn't hear an answer to ${m.label}; moving on.`
        : "I didn't hear anything. Start speaking, press A to hear the question again, or S to skip.";
      $('no-speech').hidden = false;
      break;
    case 'cut_in':
      $('cut-in-line').textContent = `Interviewer: ${m.line}`;
      $('cut-in-line').hidden = false;
      break;
    case 'answer_ended':
      setRecording(false);
      state.lastAnswerEnd = performance.now();
      break;
    case 'graded': {
      const li = document.createElement('li');
      li.textContent = m.label;
      const b = document.createElement('b');
      b.textContent = m.noAnswer ? `${m.grade} (no answer)` : m.grade;
      li.append(b);
      $('graded').append(li);
      break;
    }
    case 'notice':
      log(m.text, m.kind);
      break;
    case 'error':
      log(m.text, 'error');
      break;
    case 'done':
      setRecording(false);
      $('voice').textContent = m.finished ? 'session over' : 'session stopped: resume it from the Practice page';
      showReport(m);
      break;
  }
}

function showReport(m) {
  if (!m.report) {
    log('Nothing was answered, so there is no report.', 'warning');
    return;
  }

  $('report-panel').hidden = false;
  const frame = $('report');
  let shown = false;
  // The report page says when it is on screen (its last line); the frame's load event is the fallback.
  const onShown = () => {
    if (shown) {
      return;
    }

    shown = true;
    const ms = state.lastAnswerEnd === null ? null : Math.round(performance.now() - state.lastAnswerEnd);
    const server = m.feedbackLatencyMs === null ? '' : ` (the report was written ${Math.round(m.feedbackLatencyMs)} ms after it)`;
    $('latency').textContent = ms === null
      ? `Average ${m.average ?? '–'}.`
      : `Average ${m.average ?? '–'} · your report was in this page ${ms} ms after your last answer ended${server}.`;
    const list = document.createElement('ul');
    list.className = 'grades';
    for (const g of m.grades) {
      const li = document.createElement('li');
      li.dataset.testid = 'grade';
      li.textContent = `Q${g.index}`;
      const b = document.createElement('b');
      b.textContent = g.grade;
      li.append(b);
      list.append(li);
    }

    $('latency').after(list);
    if (ms !== null) {
      api(`/api/sessions/${encodeURIComponent(state.sessionId)}/page-latency`, { method: 'POST', body: JSON.stringify({ ms }) }).catch(() => {});
    }

    $('report-panel').scrollIntoView({ behavior: 'smooth' });
  };
  window.addEventListener('message', (e) => {
    if (e.origin === location.origin && e.source === frame.contentWindow && e.data?.type === 'voicecoach-report-shown') {
      onShown();
    }
  });
  frame.onload = onShown;
  frame.src = m.report;
}

const keys = { ' ': 'done', Enter: 'done', r: 'redo', a: 'repeat', s: 'skip', p: 'pause', q: 'quit' };
document.addEventListener('keydown', (e) => {
  if (!state.recording || e.target.closest?.('input, select, textarea') || e.ctrlKey || e.metaKey || e.altKey) {
    return;
  }

  const command = keys[e.key] ?? keys[e.key.toLowerCase()];
  if (command) {
    e.preventDefault();
    send(command);
  }
});

for (const id of ['done', 'redo', 'repeat', 'skip', 'pause', 'quit']) {
  $(id).addEventListener('click', () => send(id));
}

$('setup-form').addEventListener('submit', start);
loadOptions().catch((e) => showError(e.message));

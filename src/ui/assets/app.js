/**
 * The demo page: pick a service and a persona, submit through the real API, watch the path the regulation
 * takes, where each step comes from in the text, and what the applicant is told. Everything goes through the
 * sandbox's own routes, in a tenant of the page's own whose clock starts frozen at a fixed instant.
 * @see ../../../docs/ui.md
 */
import { ApiError, createApi } from './api.js';
import { addDays, daysBetween, kazakhDate, kazakhDateTime, weekday, WorkingDays } from './calendar.js';
import { renderDiagram } from './diagram.js';
import { LANGUAGES, pick, translate, weekdayName } from './i18n.js';
import { edgesOf, shortestPath, walkedEdges } from './layout.js';

/** Monday 2 March 2026, 09:00 in Astana: every demo run starts here. */
const DEMO_START = '2026-03-02T04:00:00.000Z';
/** The portal password of a persona with none of its own (docs/personas.md). */
const DEFAULT_PORTAL_PASSWORD = 'Sandbox-2026';
const STEP_MS = 300;
/** Checks decided by people (the provider, a commission): the page can give their decision in advance. */
const DECISION_CHECKS = ['documents.complete', 'documents.compliant', 'provider.qualification', 'provider.noRefusalGround', 'commission.admits', 'attestation.result'];
const SIGNER_TRAIT = { provider: 'provider-employee', stateCorporation: 'sc-operator' };
const SUBMIT_PATH = { portal: '/portal/applications', provider: '/provider/applications', stateCorporation: '/state-corporation/applications' };

const $ = (selector) => /** @type {HTMLElement} */ (document.querySelector(selector));

function randomTenant() {
  const bytes = crypto.getRandomValues(new Uint8Array(5));
  return `ui-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

const api = createApi(randomTenant());
const calendar = new WorkingDays((from, to) => api.get(`/ui/api/working-days?from=${from}&to=${to}`));

const state = {
  lang: 'en',
  /** @type {any[]} */ services: [],
  /** @type {any} */ regulation: null,
  /** @type {any[]} */ personas: [],
  /** @type {Map<string, any>} */ traits: new Map(),
  /** @type {Record<string, string>} */ systems: {},
  /** @type {Record<string, any>} */ faults: {},
  /** @type {string} */ now: DEMO_START,
  /** @type {any} */ view: null,
  /** The login refusal when the portal refused the login (no application). */
  /** @type {any} */ loginRefusal: null,
  /** The scenario the last submission followed, to compare its outcome with. */
  /** @type {any} */ submittedScenario: null,
  /** The systems down when it was submitted. */
  /** @type {string[]} */ submittedFaults: [],
  /** @type {string | null} */ selectedStep: null,
  /** @type {ReturnType<typeof renderDiagram> | null} */ diagram: null,
  animation: { cancelled: false, running: false },
  busy: false,
};

const t = (key, values) => translate(state.lang, key, values);
const inLang = (text) => pick(text, state.lang).text;

/** An element with attributes and children. */
function h(name, attributes = {}, ...children) {
  const element = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) if (child !== null && child !== undefined && child !== false) element.append(child instanceof Node ? child : String(child));
  return element;
}

function setStatus(message, kind = 'info') {
  const status = $('#status');
  status.textContent = message;
  status.dataset.kind = kind;
}

function showError(error) {
  const problem = error instanceof ApiError ? error.problem : null;
  setStatus(`${t('error')}: ${problem?.code ? `${problem.code}: ` : ''}${problem?.detail ?? error.message}`, 'error');
}

let running = 0;

/**
 * An event handler that runs `fn` and reports its failure on the status line; while any is running the
 * body carries `data-busy="true"` (what the tests, and a screen reader's user, can wait for).
 * @param {(...args: any[]) => unknown} fn
 */
function action(fn) {
  return (...args) => {
    running++;
    document.body.dataset.busy = 'true';
    let promise;
    try {
      promise = Promise.resolve(fn(...args));
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.catch(showError).finally(() => {
      running--;
      if (running === 0) document.body.dataset.busy = 'false';
    });
  };
}

// ---- language -------------------------------------------------------------------------------------------

function renderWords() {
  document.documentElement.lang = state.lang;
  for (const element of document.querySelectorAll('[data-i18n]')) element.textContent = t(element.getAttribute('data-i18n'));
  for (const button of document.querySelectorAll('[data-lang]')) button.setAttribute('aria-pressed', String(button.getAttribute('data-lang') === state.lang));
}

async function setLanguage(lang) {
  if (!LANGUAGES.includes(lang)) return;
  state.lang = lang;
  renderWords();
  renderServices();
  if (state.regulation) {
    renderApplicationForm({ keep: true });
    drawDiagram();
    paintPath(false);
    await renderTimeline();
    await renderOutcome();
    renderStepPanel();
  }
  renderFaults();
  await renderClock();
  updateHash();
}

// ---- services -------------------------------------------------------------------------------------------

function renderServices() {
  const list = $('#services');
  list.replaceChildren(
    ...state.services.map((service) =>
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'service',
            'data-service': service.id,
            'aria-current': state.regulation?.service === service.id ? 'true' : undefined,
            title: inLang(service.title),
            onclick: action(() => selectService(service.id)),
          },
          h('span', { class: 'service-title', lang: pick(service.title, state.lang).lang }, inLang(service.title)),
          h('span', { class: 'service-provider muted' }, inLang(service.provider)),
        ),
      ),
    ),
  );
}

async function selectService(id, preset) {
  stopAnimation();
  state.regulation = await api.get(`/portal/services/${encodeURIComponent(id)}`);
  state.view = null;
  state.loginRefusal = null;
  state.submittedScenario = null;
  state.selectedStep = null;
  renderServices();
  renderApplicationForm({ keep: false });
  if (preset?.channel) $('#channel').value = preset.channel;
  if (preset?.scenario && state.regulation.scenarios.some((s) => s.id === preset.scenario)) {
    $('#scenario').value = preset.scenario;
    await applyScenario(preset.scenario);
  } else {
    onChannelChange();
  }
  await renderTimeline();
  await renderOutcome();
  renderStepPanel();
  updateHash();
}

// ---- the application form -------------------------------------------------------------------------------

function channel() {
  return state.regulation.channels.find((c) => c.id === $('#channel').value) ?? state.regulation.channels[0];
}

function personaName(persona) {
  if (state.lang === 'en' && persona.engSurname) return `${persona.engFirstName ?? persona.name} ${persona.engSurname}`;
  return `${persona.surname} ${persona.name}`;
}

/** The personas the service's scenarios name (as applicant or representative), or every persona. */
function personasShown() {
  if (/** @type {HTMLInputElement} */ ($('#all-personas')).checked) return state.personas;
  const scenarios = state.regulation.scenarios;
  const ids = new Set(scenarios.map((s) => s.id));
  const named = new Set(scenarios.flatMap((s) => [s.persona, s.representative].filter(Boolean)));
  return state.personas.filter((p) => named.has(p.iin) || (p.scenarios ?? []).some((s) => ids.has(s)));
}

function fillSelect(select, options, value) {
  select.replaceChildren(...options.map((o) => h('option', { value: o.value, lang: o.lang }, o.text)));
  if (value !== undefined && options.some((o) => o.value === value)) select.value = value;
}

function renderApplicationForm({ keep }) {
  const regulation = state.regulation;
  const keepValue = (selector) => (keep ? /** @type {HTMLSelectElement} */ ($(selector)).value : undefined);
  fillSelect($('#channel'), regulation.channels.map((c) => ({ value: c.id, text: inLang(c.title), lang: pick(c.title, state.lang).lang })), keepValue('#channel'));
  fillSelect($('#variant'), regulation.variants.map((v) => ({ value: v.id, text: `${v.id} · ${inLang(v.title)}` })), keepValue('#variant'));
  fillSelect(
    $('#scenario'),
    [{ value: '', text: t('custom') }, ...regulation.scenarios.map((s) => ({ value: s.id, text: `${s.id} · ${s.channel} · ${s.expect.code}` }))],
    keepValue('#scenario'),
  );
  $('#service-provider').textContent = `${t('provider')}: ${inLang(regulation.provider)}`;
  renderPersonaOptions(keepValue('#persona'));
  renderRepresentativeOptions(keepValue('#representative'));
  renderScenarioNote();
  if (!keep) return;
  const documents = checkedDocuments();
  const decisions = chosenDecisions();
  const readings = chosenReadings();
  renderChannelFields();
  for (const input of document.querySelectorAll('#documents input')) input.checked = documents.includes(input.value);
  for (const select of document.querySelectorAll('#decisions select')) select.value = decisions[select.dataset.check] ?? '';
  for (const select of document.querySelectorAll('#readings select')) select.value = readings[select.dataset.reading] ?? select.value;
}

function renderPersonaOptions(value) {
  const personas = personasShown();
  fillSelect(
    $('#persona'),
    personas.map((p) => ({ value: p.iin, text: `${personaName(p)} · ${p.iin} · ${p.traits.join(', ')}` })),
    value,
  );
  renderPersonaExplanation();
}

function renderPersonaExplanation() {
  const persona = state.personas.find((p) => p.iin === $('#persona').value);
  const box = $('#persona-explain');
  if (!persona) {
    box.replaceChildren();
    return;
  }
  const ids = new Set(state.regulation.scenarios.map((s) => s.id));
  const drives = (persona.scenarios ?? []).filter((s) => ids.has(s));
  box.replaceChildren(
    h('p', { class: 'persona-label', lang: 'en' }, persona.label),
    h(
      'ul',
      { class: 'traits' },
      persona.traits.map((trait) => h('li', {}, h('code', {}, trait), ' ', h('span', { lang: 'en' }, firstSentence(state.traits.get(trait)?.description ?? '')))),
    ),
    drives.length ? h('p', {}, `${t('personaScenarios')}: ${drives.join(', ')}`) : null,
  );
}

function firstSentence(text) {
  const match = /^(.+?[.:;])(\s|$)/.exec(text);
  return match ? match[1] : text;
}

function renderRepresentativeOptions(value) {
  const representatives = state.personas.filter((p) => p.traits.includes('poa-representative') || p.iin === value);
  fillSelect($('#representative'), [{ value: '', text: t('none') }, ...representatives.map((p) => ({ value: p.iin, text: `${personaName(p)} · ${p.iin}` }))], value);
}

function onChannelChange() {
  renderChannelFields();
  drawDiagram();
  state.view = null;
  state.loginRefusal = null;
  paintPath(false);
  updateHash();
}

/** Documents, decisions, readings and the password box: they depend on the channel and variant. */
function renderChannelFields() {
  const regulation = state.regulation;
  const ch = channel();
  const variant = $('#variant').value;
  const documents = regulation.documents.filter((d) => (!d.variants || d.variants.includes(variant)) && (!d.channels || d.channels.includes(ch.id)));
  $('#documents').replaceChildren(
    h('legend', { 'data-i18n': 'documents' }, t('documents')),
    ...(documents.length
      ? documents.map((d) =>
          h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'document', value: d.id, checked: true }), ' ', h('span', { lang: pick(d.title, state.lang).lang }, inLang(d.title))),
        )
      : [h('p', { class: 'hint' }, t('noDocuments'))]),
  );

  const decisionSteps = [];
  for (const step of ch.steps) if (step.kind === 'condition' && DECISION_CHECKS.includes(step.check) && !decisionSteps.some((s) => s.check === step.check)) decisionSteps.push(step);
  $('#decisions').replaceChildren(
    h('legend', { 'data-i18n': 'decisions' }, t('decisions')),
    ...(decisionSteps.length
      ? decisionSteps.map((step) => {
          const id = `decision-${step.check.replace(/\W/g, '-')}`;
          const branches = Object.keys(step.branches ?? {});
          return h(
            'div',
            { class: 'inline-field' },
            h('label', { for: id }, h('code', {}, step.check), ` (${step.number})`),
            h(
              'select',
              { id, 'data-check': step.check },
              h('option', { value: '' }, t('personaDecides')),
              h('option', { value: 'pass' }, t('edgePass')),
              h('option', { value: 'fail' }, t('edgeFail')),
              branches.map((b) => h('option', { value: b }, b)),
            ),
          );
        })
      : [h('p', { class: 'hint' }, t('noDecisions'))]),
  );

  const options = regulation.ambiguities.filter((a) => a.option);
  $('#readings').replaceChildren(
    h('legend', { 'data-i18n': 'readings' }, t('readings')),
    ...(options.length
      ? options.map((a) => {
          const id = `reading-${a.option.name}`;
          return h(
            'div',
            { class: 'inline-field' },
            h('label', { for: id, title: a.issue, lang: 'en' }, h('code', {}, a.option.name), ` (${a.specRef ?? a.id})`),
            h('select', { id, 'data-reading': a.option.name }, a.option.values.map((v) => h('option', { value: v, selected: v === a.option.default }, v === a.option.default ? `${v} (${t('defaultValue')})` : v))),
          );
        })
      : [h('p', { class: 'hint' }, t('noReadings'))]),
  );
  $('#wrong-password-field').hidden = ch.id !== 'portal';
}

function checkedDocuments() {
  return [...document.querySelectorAll('#documents input:checked')].map((i) => i.value);
}

function chosenDecisions() {
  const out = {};
  for (const select of document.querySelectorAll('#decisions select')) if (select.value) out[select.dataset.check] = select.value;
  return out;
}

function chosenReadings() {
  const out = {};
  for (const select of document.querySelectorAll('#readings select')) out[select.dataset.reading] = select.value;
  return out;
}

function currentScenario() {
  return state.regulation?.scenarios.find((s) => s.id === $('#scenario').value) ?? null;
}

function renderScenarioNote() {
  const scenario = currentScenario();
  const note = $('#scenario-note');
  if (!scenario) {
    note.replaceChildren();
    return;
  }
  note.replaceChildren(
    h('span', {}, t('expects', { code: scenario.expect.code, step: scenario.expect.step })),
    scenario.fault ? h('span', {}, ` · ${t('scenarioFault', { system: scenario.fault.system, mode: scenario.fault.mode })}`) : null,
    scenario.drive === 'login-fails' ? h('span', {}, ` · ${t('scenarioLoginFails')}`) : null,
    scenario.note ? h('span', { class: 'muted', lang: 'en' }, ` · ${scenario.note}`) : null,
  );
}

/** Sets every field as the scenario row says, and the faults to exactly the scenario's. */
async function applyScenario(id) {
  const scenario = state.regulation.scenarios.find((s) => s.id === id);
  renderScenarioNote();
  if (!scenario) return;
  $('#channel').value = scenario.channel;
  $('#variant').value = scenario.variant ?? state.regulation.variants[0].id;
  const shown = personasShown();
  if (!shown.some((p) => p.iin === scenario.persona)) /** @type {HTMLInputElement} */ ($('#all-personas')).checked = true;
  renderPersonaOptions(scenario.persona);
  renderRepresentativeOptions(scenario.representative ?? '');
  renderChannelFields();
  for (const input of document.querySelectorAll('#documents input')) input.checked = !(scenario.omitDocuments ?? []).includes(input.value);
  for (const select of document.querySelectorAll('#decisions select')) {
    const value = scenario.decisions?.[select.dataset.check];
    select.value = value === undefined ? '' : value === true ? 'pass' : value === false ? 'fail' : String(value);
  }
  for (const [name, value] of Object.entries(scenario.readings ?? {})) {
    const select = document.querySelector(`#readings select[data-reading="${CSS.escape(name)}"]`);
    if (select) select.value = value;
  }
  $('#form-json').value = JSON.stringify(scenario.form ?? {});
  const persona = state.personas.find((p) => p.iin === scenario.persona);
  const refusedAnyway = persona?.traits.includes('portal-unregistered') || persona?.traits.includes('portal-blocked');
  /** @type {HTMLInputElement} */ ($('#wrong-password')).checked = scenario.drive === 'login-fails' && !refusedAnyway;
  drawDiagram();
  state.view = null;
  state.loginRefusal = null;
  paintPath(false);
  await renderTimeline();
  await renderOutcome();
  await api.post('/__admin/faults', { system: '*', clear: true });
  if (scenario.fault) await api.post('/__admin/faults', { system: scenario.fault.system, [scenario.fault.mode]: true });
  await loadFaults();
  const active = Object.keys(state.faults);
  setStatus(t('faultsSet', { id: scenario.id, list: active.length ? active.join(', ') : t('noneWord') }));
  updateHash();
}

// ---- the diagram ----------------------------------------------------------------------------------------

function stepTitle(step) {
  return pick(step.title, state.lang).text;
}

function drawDiagram() {
  const ch = channel();
  state.diagram = renderDiagram($('#diagram'), {
    steps: ch.steps,
    entry: ch.entry,
    label: t('diagramLabel', { channel: inLang(ch.title) }),
    stepTitle,
    edgeLabel: (label) => ({ pass: t('edgePass'), fail: t('edgeFail'), unavailable: t('edgeUnavailable') })[label] ?? label,
    onOpen: (id) => openStep(id),
    onHint: (id, element) => showHint(id, element),
  });
  if (state.selectedStep) state.diagram.select(state.selectedStep);
}

function citationText(citation) {
  return t('citation', { seed: citation.seed, lines: citation.lines }) + (citation.step ? t('citationStep', { step: citation.step }) : '');
}

/** A citation in a table cell: the seed's number and the lines (the whole citation on hover). */
function citationShort(citation) {
  return h('span', { title: citationText(citation) }, `${citation.seed.slice(0, 3)} · ${citation.lines}${citation.step ? ` · ${citation.step}` : ''}`);
}

function showHint(id, element) {
  const tooltip = $('#tooltip');
  if (!id || !element) {
    tooltip.hidden = true;
    return;
  }
  const step = channel().steps.find((s) => s.id === id);
  tooltip.replaceChildren(h('strong', {}, `${step.number} · `), stepTitle(step), h('br'), h('span', { class: 'muted' }, citationText(step.citation)));
  tooltip.hidden = false;
  const section = $('#diagram-section').getBoundingClientRect();
  const node = element.getBoundingClientRect();
  const left = Math.min(node.left - section.left, section.width - tooltip.offsetWidth - 8);
  const below = node.bottom - section.top + 6;
  tooltip.style.left = `${Math.max(8, left)}px`;
  tooltip.style.top = `${below}px`;
}

/** The path the application walked (or the login refusal's), as `{step, state}`. */
function pathEntries() {
  if (state.view) return state.view.timeline.map((e) => ({ step: e.step, state: e.state }));
  if (state.loginRefusal) {
    const ch = channel();
    const edges = ch.steps.flatMap(edgesOf);
    return shortestPath(edges, ch.entry, state.loginRefusal.step).map((step) => ({ step, state: 'done' }));
  }
  return [];
}

function outcomeStep() {
  return state.view?.outcome?.step ?? state.loginRefusal?.step ?? null;
}

function paintOne(entries, i) {
  const diagram = state.diagram;
  const edges = channel().steps.flatMap(edgesOf);
  diagram.visit(entries[i].step, i, entries[i].state);
  if (i > 0) for (const key of walkedEdges(edges, [entries[i - 1].step, entries[i].step])) diagram.walk(key, entries[i].state);
}

/** Paints the whole path at once (after a language switch, a clock move, a skipped animation). */
function paintPath() {
  stopAnimation();
  const diagram = state.diagram;
  if (!diagram) return;
  diagram.reset();
  const entries = pathEntries();
  entries.forEach((_, i) => paintOne(entries, i));
  const done = outcomeStep();
  if (done && (state.view?.outcome || state.loginRefusal)) diagram.emphasise(done);
  if (state.selectedStep) diagram.select(state.selectedStep);
}

function stopAnimation() {
  state.animation.cancelled = true;
  state.animation.running = false;
  $('#skip').hidden = true;
  $('#diagram').dataset.animating = 'false';
}

/** Walks the path on the diagram a step every 300 ms (at once when the user prefers less motion). */
async function animatePath() {
  const diagram = state.diagram;
  if (!diagram) return;
  stopAnimation();
  if (matchMedia('(prefers-reduced-motion: reduce)').matches) {
    paintPath();
    return;
  }
  const animation = { cancelled: false, running: true };
  state.animation = animation;
  diagram.reset();
  $('#skip').hidden = false;
  $('#diagram').dataset.animating = 'true';
  const entries = pathEntries();
  for (let i = 0; i < entries.length; i++) {
    if (animation.cancelled) return;
    paintOne(entries, i);
    diagram.reveal(entries[i].step);
    await new Promise((resolve) => setTimeout(resolve, STEP_MS));
  }
  if (animation.cancelled) return;
  paintPath();
  const done = outcomeStep();
  if (done) diagram.reveal(done);
}

// ---- the step panel -------------------------------------------------------------------------------------

function openStep(id) {
  state.selectedStep = id;
  state.diagram?.select(id);
  renderStepPanel();
  $('#step-panel').scrollIntoView({ block: 'nearest' });
}

function formatDuration(duration) {
  return duration ? `${duration.value} ${t(duration.unit)}` : '—';
}

function renderStepPanel() {
  const body = $('#step-body');
  const step = state.regulation && state.selectedStep ? channel().steps.find((s) => s.id === state.selectedStep) : null;
  if (!step) {
    body.replaceChildren(h('p', { class: 'hint' }, t('stepHint')));
    return;
  }
  const kindWord = { process: 'kindProcess', condition: 'kindCondition', refusal: 'kindRefusal', result: 'kindResult' }[step.kind];
  const visits = state.view?.timeline.filter((e) => e.step === step.id) ?? [];
  const rows = [
    [t('fieldNumber'), h('span', { lang: 'kk' }, step.number)],
    [t('fieldKind'), `${t(kindWord)}${step.inferred ? ` · ${t('inferred')}` : ''}`],
    [t('fieldActor'), h('span', { lang: 'en' }, step.actor)],
    [t('fieldTitle'), h('span', {}, step.title.kk ? h('span', { lang: 'kk', class: 'block' }, step.title.kk) : null, h('span', { lang: 'en', class: 'block muted' }, step.title.en))],
    [
      t('fieldDuration'),
      step.durationByVariant
        ? `${formatDuration(step.duration)}; ${Object.entries(step.durationByVariant).map(([v, d]) => `${v}: ${formatDuration(d)}`).join('; ')}`
        : formatDuration(step.duration),
    ],
    step.check ? [t('fieldCheck'), h('code', {}, step.check)] : null,
    step.code ? [t('fieldCode'), h('code', {}, step.code)] : null,
    step.message ? [t('fieldMessage'), h('span', { lang: pick(step.message, state.lang).lang }, inLang(step.message))] : null,
    [t('fieldCitation'), citationText(step.citation)],
    visits.length
      ? [t('fieldVisit'), visits.map((v) => `${kazakhDateTime(v.at)} · ${v.outcome}${v.state === 'scheduled' ? ` (${t('stateScheduled')})` : ''}${v.detail ? ` · ${v.detail}` : ''}`).join('; ')]
      : null,
  ].filter(Boolean);
  const textBox = h('div', { id: 'seed-text', hidden: true });
  const toggle = h('button', { type: 'button', id: 'seed-text-toggle', 'aria-expanded': 'false', 'aria-controls': 'seed-text' }, t('seedText'));
  toggle.addEventListener('click', action(() => toggleSeedText(step, toggle, textBox)));
  body.replaceChildren(h('dl', { class: 'facts', 'data-step': step.id }, rows.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])), toggle, textBox);
}

async function toggleSeedText(step, toggle, box) {
  if (toggle.getAttribute('aria-expanded') === 'true') {
    toggle.setAttribute('aria-expanded', 'false');
    toggle.textContent = t('seedText');
    box.hidden = true;
    return;
  }
  const answer = await api.get(`/portal/services/${encodeURIComponent(state.regulation.service)}/text?lines=${encodeURIComponent(step.citation.lines)}`);
  box.replaceChildren(
    h('p', { class: 'muted' }, `${answer.seed}`),
    h('ol', { class: 'seed-lines', lang: 'kk' }, answer.lines.map((line) => h('li', { value: line.line }, line.text))),
  );
  box.hidden = false;
  toggle.setAttribute('aria-expanded', 'true');
  toggle.textContent = t('hideSeedText');
}

// ---- submission -----------------------------------------------------------------------------------------

/** Runs the application through the API as its channel would: log in (portal), build, sign, submit. */
async function submitApplication() {
  if (state.busy) return;
  state.busy = true;
  $('#submit').setAttribute('aria-busy', 'true');
  try {
    const regulation = state.regulation;
    const ch = channel();
    const applicant = state.personas.find((p) => p.iin === $('#persona').value);
    const representativeIin = $('#representative').value || undefined;
    let form;
    try {
      form = JSON.parse($('#form-json').value || '{}');
    } catch {
      form = null;
    }
    if (!form || typeof form !== 'object' || Array.isArray(form)) {
      setStatus(t('formInvalid'), 'error');
      return;
    }
    const scenario = currentScenario();
    state.submittedScenario = scenario;
    state.submittedFaults = Object.keys(state.faults).sort();
    state.view = null;
    state.loginRefusal = null;
    state.selectedStep = null;
    if (/** @type {HTMLInputElement} */ ($('#fresh-start')).checked) {
      // A fresh tenant: no licence issued by an earlier run, the clock at the demo start, the faults as the panel shows them.
      await api.post('/__admin/reset');
      for (const [system, spec] of Object.entries(state.faults)) await api.post('/__admin/faults', { system, ...spec });
      await api.post('/__admin/clock', { set: DEMO_START, freeze: true });
    }

    let token;
    let signerIin;
    if (ch.id === 'portal') {
      signerIin = representativeIin ?? applicant.iin;
      const signer = state.personas.find((p) => p.iin === signerIin);
      const password = /** @type {HTMLInputElement} */ ($('#wrong-password')).checked ? 'not-the-password' : (signer?.portal?.password ?? DEFAULT_PORTAL_PASSWORD);
      setStatus(t('loggingIn', { iin: signerIin }));
      try {
        token = (await api.post('/portal/sessions', { iin: signerIin, password, service: regulation.service })).token;
      } catch (error) {
        if (error instanceof ApiError && error.problem?.refusal) {
          state.loginRefusal = error.problem.refusal;
          setStatus(t('loginRefused'));
          await afterSubmission();
          return;
        }
        throw error;
      }
    } else {
      const trait = SIGNER_TRAIT[ch.id];
      signerIin = state.personas.find((p) => p.traits.includes(trait))?.iin;
      if (!signerIin) throw new Error(t('noSigner', { trait }));
    }

    const variant = $('#variant').value;
    const documents = checkedDocuments();
    const decisions = Object.fromEntries(Object.entries(chosenDecisions()).map(([check, v]) => [check, v === 'pass' ? true : v === 'fail' ? false : v]));
    const readings = chosenReadings();
    setStatus(t('building'));
    const { document: xml } = await api.post('/portal/applications/document', {
      service: regulation.service,
      variant,
      channel: ch.id,
      applicantIin: applicant.iin,
      ...(representativeIin ? { representativeIin } : {}),
      form,
      documents,
    });
    setStatus(t('signing', { iin: signerIin }));
    const { signedXml } = await api.post('/__admin/sign', { iin: signerIin, usage: 'sign', xml });
    setStatus(t('submitting'));
    let view = await api.post(
      SUBMIT_PATH[ch.id],
      {
        service: regulation.service,
        variant,
        applicantIin: applicant.iin,
        ...(representativeIin ? { representativeIin } : {}),
        form,
        documents,
        ...(Object.keys(decisions).length ? { decisions } : {}),
        readings,
        signedXml,
      },
      token,
    );
    // A walk waiting for a provider's decision (decisionMode provider) is decided as the form says, else pass.
    for (let round = 0; round < 10 && view.status === 'awaiting-decision'; round++) {
      const check = view.pending.check;
      const value = decisions[check] ?? true;
      setStatus(t('deciding', { check, value: String(value) }));
      view = await api.post(`/provider/applications/${encodeURIComponent(view.id)}/decisions`, { check, value });
    }
    state.view = view;
    setStatus(t('submitted', { id: view.id }));
    await afterSubmission();
  } catch (error) {
    showError(error);
  } finally {
    state.busy = false;
    $('#submit').removeAttribute('aria-busy');
  }
}

async function afterSubmission() {
  await renderClock();
  await renderTimeline();
  await renderOutcome();
  renderStepPanel();
  // The walk plays on while the user goes on (the skip button ends it).
  void animatePath();
}

/** Reads the application again (after the clock moved): the clock reveals its steps and outcome. */
async function refreshApplication() {
  if (!state.view) return;
  const before = state.view.outcome;
  state.view = await api.get(`/provider/applications/${encodeURIComponent(state.view.id)}`);
  paintPath();
  await renderTimeline();
  await renderOutcome();
  renderStepPanel();
  if (!before && state.view.outcome) {
    setStatus(t('revealed', { code: state.view.outcome.code }));
    state.diagram?.reveal(state.view.outcome.step);
  }
}

// ---- timeline and outcome -------------------------------------------------------------------------------

function formatTerm(term) {
  const order = ['workingDays', 'calendarDays', 'hours', 'minutes', 'seconds'];
  const parts = order.filter((unit) => term?.[unit]).map((unit) => `${term[unit]} ${t(unit)}`);
  return parts.length ? parts.join(' + ') : '—';
}

function formatInstant(instant) {
  return `${weekdayName(state.lang, weekday(kazakhDate(instant)))} ${kazakhDateTime(instant)}`;
}

function statusWord(status) {
  return t({ 'in-progress': 'statusInProgress', 'awaiting-decision': 'statusAwaiting', completed: 'statusCompleted', refused: 'statusRefused' }[status] ?? 'statusInProgress');
}

async function renderTimeline() {
  const body = $('#timeline tbody');
  const summary = $('#timeline-summary');
  const view = state.view;
  if (!view) {
    body.replaceChildren();
    summary.textContent = state.loginRefusal ? t('loginRefused') : t('noTimeline');
    return;
  }
  const submitted = kazakhDate(view.submittedAt);
  const ch = state.regulation.channels.find((c) => c.id === view.channel);
  const deadlineDays = view.deadline ? await calendar.workingDaysBetween(submitted, kazakhDate(view.deadline)) : 0;
  summary.textContent = t('timelineSummary', {
    id: view.id,
    channel: inLang(ch?.title) || view.channel,
    status: statusWord(view.status),
    at: formatInstant(view.submittedAt),
    deadline: view.deadline ? formatInstant(view.deadline) : '—',
    wd: deadlineDays,
    term: formatTerm(view.term),
  });
  const rows = [];
  for (const [i, entry] of view.timeline.entries()) {
    const days = await calendar.workingDaysBetween(submitted, kazakhDate(entry.at));
    const open = h('button', { type: 'button', class: 'link', 'aria-label': t('openStep', { step: entry.number }), onclick: () => openStep(entry.step) }, entry.number);
    rows.push(
      h(
        'tr',
        { class: `row-${entry.kind}${entry.state === 'scheduled' ? ' scheduled' : ''}`, 'data-step': entry.step },
        h('td', {}, String(i + 1)),
        h('td', {}, open, h('span', { class: 'block small clamp', lang: pick(entry.title, state.lang).lang, title: pick(entry.title, state.lang).text }, pick(entry.title, state.lang).text)),
        h('td', { lang: 'en' }, entry.actor),
        h('td', { class: 'nowrap' }, formatInstant(entry.at)),
        h('td', { class: 'nowrap' }, formatDuration(entry.duration)),
        h('td', {}, h('span', { class: `outcome-word outcome-${entry.outcome}` }, entry.outcome), entry.state === 'scheduled' ? h('span', { class: 'block small muted' }, t('stateScheduled')) : null, entry.detail ? h('span', { class: 'block small muted' }, entry.detail) : null),
        h('td', { class: 'small' }, citationShort(entry.citation)),
        h('td', { class: 'num' }, String(days)),
      ),
    );
  }
  body.replaceChildren(...rows);
}

/** Who applied, on which channel: so a screenshot of the outcome says whose it is. */
function applicantLine(iin, channelId) {
  const persona = state.personas.find((p) => p.iin === iin);
  const ch = state.regulation.channels.find((c) => c.id === channelId);
  return h('p', { class: 'small muted', id: 'outcome-applicant' }, `${persona ? `${personaName(persona)} · ` : ''}${iin} · ${inLang(ch?.title) || channelId}`);
}

function refusalBlock(code, message, citation, step) {
  return [
    h('p', { class: 'outcome-kind' }, t('refused')),
    h('p', {}, `${t('code')}: `, h('code', { id: 'outcome-code' }, code)),
    h('p', { id: 'outcome-message', lang: pick(message, state.lang).lang }, inLang(message)),
    h('p', { id: 'outcome-citation', class: 'small' }, `${t('atStep')} ${step} · ${citationText(citation)}`),
  ];
}

function expectationNote(code, step) {
  const scenario = state.submittedScenario;
  if (!scenario) return null;
  const same = scenario.expect.code === code && scenario.expect.step === step;
  const faultsDiffer = (scenario.fault ? [scenario.fault.system] : []).join() !== state.submittedFaults.join();
  return h(
    'p',
    { class: `expectation ${same ? 'same' : 'differs'}` },
    `${scenario.id}: ${same ? t('matches') : t('differs', { code: `${scenario.expect.code} (${scenario.expect.step})` })}`,
    faultsDiffer ? ` · ${t('faultsDiffer')}` : '',
  );
}

async function renderOutcome() {
  const section = $('#outcome');
  const body = $('#outcome-body');
  const view = state.view;
  if (state.loginRefusal) {
    const r = state.loginRefusal;
    section.dataset.state = 'login-refused';
    body.replaceChildren(h('p', {}, t('loginRefused')), applicantLine($('#representative').value || $('#persona').value, 'portal'), ...refusalBlock(r.code, r.message, r.citation, r.step), expectationNote(r.code, r.step));
    return;
  }
  if (!view) {
    section.dataset.state = 'none';
    delete section.dataset.application;
    body.replaceChildren(h('p', { class: 'hint' }, t('outcomeNone')));
    return;
  }
  if (!view.outcome) {
    section.dataset.state = 'pending';
    section.dataset.application = view.id;
    const wd = view.deadline ? await calendar.workingDaysBetween(kazakhDate(view.submittedAt), kazakhDate(view.deadline)) : 0;
    const button = h('button', { type: 'button', id: 'advance-deadline', class: 'primary', disabled: !view.deadline }, t('advanceToDeadline'));
    button.addEventListener('click', action(() => advanceToDeadline()));
    body.replaceChildren(
      h('p', {}, h('strong', {}, `${view.id} · ${statusWord(view.status)}`)),
      applicantLine(view.applicantIin, view.channel),
      h('p', {}, t('outcomeHidden', { at: view.deadline ? formatInstant(view.deadline) : '—', wd, now: formatInstant(state.now) })),
      button,
    );
    return;
  }
  const outcome = view.outcome;
  const refused = outcome.kind === 'refusal';
  section.dataset.state = refused ? 'refusal' : 'result';
  section.dataset.application = view.id;
  section.dataset.code = outcome.code;
  const parts = [h('p', {}, h('strong', {}, `${view.id} · ${statusWord(view.status)}`)), applicantLine(view.applicantIin, view.channel)];
  if (refused) parts.push(...refusalBlock(outcome.code, outcome.message, outcome.citation, outcome.step));
  else {
    parts.push(
      h('p', { class: 'outcome-kind' }, t('resultHeading')),
      h('p', {}, `${t('code')}: `, h('code', { id: 'outcome-code' }, outcome.code)),
      h('p', { id: 'outcome-message', lang: pick(outcome.message, state.lang).lang }, inLang(outcome.message)),
      h('p', { id: 'outcome-citation', class: 'small' }, `${t('atStep')} ${outcome.step} · ${citationText(outcome.citation)}`),
    );
  }
  if (view.document) {
    const doc = view.document;
    const xml = h('pre', { id: 'document-xml', class: 'xml', hidden: true, tabindex: 0 }, doc.signedXml);
    const toggle = h('button', { type: 'button', id: 'xml-toggle', 'aria-expanded': 'false', 'aria-controls': 'document-xml' }, t('showXml'));
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = open ? t('hideXml') : t('showXml');
      xml.hidden = !open;
    });
    parts.push(
      h(
        'div',
        { class: 'document', id: 'result-document' },
        h('h3', {}, t('documentHeading')),
        h('p', { id: 'document-title', lang: pick(doc.title, state.lang).lang }, inLang(doc.title)),
        h('dl', { class: 'facts' }, h('dt', {}, t('number')), h('dd', { id: 'document-number' }, doc.number), h('dt', {}, t('issued')), h('dd', {}, formatInstant(doc.issuedAt)), h('dt', {}, t('signedBy')), h('dd', {}, doc.signedBy)),
        toggle,
        xml,
      ),
    );
  }
  parts.push(expectationNote(outcome.code, outcome.step));
  body.replaceChildren(...parts);
}

// ---- the clock ------------------------------------------------------------------------------------------

async function renderClock() {
  const clock = await api.get('/__admin/clock');
  state.now = clock.now;
  const today = kazakhDate(clock.now);
  await calendar.ensure(today, today);
  const day = calendar.describe(today);
  $('#clock-now').textContent = formatInstant(clock.now);
  $('#clock-day').textContent = day.working ? t('workingDay') : `${t('dayOff')}${day.holiday ? ` · ${inLang(day.holiday)}` : ''}`;
}

async function advanceWorkingDays(n) {
  const today = kazakhDate(state.now);
  const target = await calendar.addWorkingDays(today, n);
  const days = daysBetween(today, target);
  const off = await calendar.daysOffBetween(today, target);
  await api.post('/__admin/clock', { advance: `P${days}D` });
  const list = off.map((d) => `${d.date.slice(5)} ${d.holiday ? inLang(d.holiday) : weekdayName(state.lang, weekday(d.date))}`).join(', ');
  setStatus(t('clockMoved', { wd: n, cd: days, off: off.length ? t('daysOffBetween', { list }) : '' }));
  await renderClock();
  await refreshApplication();
  await renderOutcome();
}

async function advanceToDeadline() {
  if (!state.view?.deadline) return;
  await api.post('/__admin/clock', { set: state.view.deadline, freeze: true });
  await renderClock();
  await refreshApplication();
  $('#outcome').focus?.();
}

async function backToStart() {
  await api.post('/__admin/clock', { set: DEMO_START, freeze: true });
  await renderClock();
  setStatus(t('clockAtStart', { at: formatInstant(DEMO_START) }));
  await refreshApplication();
  await renderOutcome();
}

// ---- faults ---------------------------------------------------------------------------------------------

async function loadFaults() {
  const answer = await api.get('/__admin/faults');
  state.faults = answer.faults;
  state.systems = answer.systems;
  renderFaults();
}

function renderFaults() {
  $('#faults').replaceChildren(
    ...Object.entries(state.systems).map(([system, description]) => {
      const fault = state.faults[system];
      const down = Boolean(fault?.down || fault?.timeout);
      const word = fault?.down ? t('systemDown') : fault?.timeout ? t('systemTimeout') : t('systemUp');
      return h(
        'li',
        { class: down ? 'fault down' : 'fault', 'data-system': system },
        h('span', { class: 'fault-name' }, h('code', {}, system), ' ', h('span', { class: 'fault-state' }, word)),
        h('span', { class: 'small muted fault-description' }, description),
        h(
          'button',
          { type: 'button', 'data-system': system, 'aria-pressed': String(down), 'aria-label': `${system}: ${down ? t('bringUp') : t('takeDown')}`, onclick: action(() => toggleFault(system)) },
          down ? t('bringUp') : t('takeDown'),
        ),
      );
    }),
  );
}

async function toggleFault(system) {
  const fault = state.faults[system];
  const down = Boolean(fault?.down || fault?.timeout);
  const answer = await api.post('/__admin/faults', down ? { system, clear: true } : { system, down: true });
  state.faults = answer.faults;
  renderFaults();
  document.querySelector(`#faults button[data-system="${CSS.escape(system)}"]`)?.focus();
}

// ---- address bar ----------------------------------------------------------------------------------------

function updateHash() {
  const params = new URLSearchParams();
  params.set('lang', state.lang);
  if (state.regulation) {
    params.set('service', state.regulation.service);
    params.set('channel', $('#channel').value);
    if ($('#scenario').value) params.set('scenario', $('#scenario').value);
  }
  history.replaceState(null, '', `#${params}`);
}

// ---- start ----------------------------------------------------------------------------------------------

function wire() {
  for (const button of document.querySelectorAll('[data-lang]')) button.addEventListener('click', action(() => setLanguage(button.getAttribute('data-lang'))));
  $('#channel').addEventListener(
    'change',
    action(async () => {
      $('#scenario').value = '';
      renderScenarioNote();
      onChannelChange();
      await renderTimeline();
      await renderOutcome();
    }),
  );
  $('#variant').addEventListener('change', action(() => renderChannelFields()));
  $('#scenario').addEventListener('change', action(() => applyScenario($('#scenario').value)));
  $('#persona').addEventListener('change', action(() => renderPersonaExplanation()));
  $('#all-personas').addEventListener('change', action(() => renderPersonaOptions($('#persona').value)));
  $('#submit').addEventListener('click', action(() => submitApplication()));
  $('#skip').addEventListener('click', () => {
    paintPath();
    $('#diagram-section').focus();
  });
  $('#advance-1').addEventListener('click', action(() => advanceWorkingDays(1)));
  $('#advance-15').addEventListener('click', action(() => advanceWorkingDays(15)));
  $('#clock-start').addEventListener('click', action(() => backToStart()));
  $('#outcome').setAttribute('tabindex', '-1');
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') $('#tooltip').hidden = true;
  });
}

async function start() {
  const params = new URLSearchParams(location.hash.slice(1));
  if (LANGUAGES.includes(params.get('lang') ?? '')) state.lang = params.get('lang');
  $('#tenant').textContent = api.tenant;
  wire();
  renderWords();
  setStatus(t('loading'));
  await api.post('/__admin/clock', { set: DEMO_START, freeze: true });
  const [services, personas, traits] = await Promise.all([api.get('/portal/services'), api.get('/__admin/personas'), api.get('/__admin/personas/traits'), loadFaults()]);
  state.services = services.services;
  state.personas = personas.personas;
  state.traits = new Map(traits.traits.map((trait) => [trait.id, trait]));
  await calendar.ensure(addDays(kazakhDate(DEMO_START), -7), addDays(kazakhDate(DEMO_START), 120));
  await renderClock();
  renderServices();
  const wanted = state.services.find((s) => s.id === params.get('service'))?.id ?? state.services[0]?.id;
  if (wanted) await selectService(wanted, { channel: params.get('channel'), scenario: params.get('scenario') });
  document.body.dataset.ready = 'true';
  setStatus(t('ready'));
}

action(start)();

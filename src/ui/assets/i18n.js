/**
 * The page's own words in Kazakh, Russian and English. The regulation's texts (titles, messages) come from
 * the API in the three languages; steps have Kazakh and English titles only.
 */

export const LANGUAGES = ['kk', 'ru', 'en'];

/** @type {Record<string, {kk: string, ru: string, en: string}>} */
const WORDS = {
  appTitle: { kk: 'Регламенттер демонстрациясы', ru: 'Демонстрация регламентов', en: 'Regulation demo' },
  skipToDiagram: { kk: 'Диаграммаға өту', ru: 'Перейти к диаграмме', en: 'Skip to the diagram' },
  language: { kk: 'Тіл', ru: 'Язык', en: 'Language' },
  tenant: { kk: 'Тенант', ru: 'Тенант', en: 'Tenant' },
  clock: { kk: 'Виртуалды сағат', ru: 'Виртуальные часы', en: 'Virtual clock' },
  workingDay: { kk: 'жұмыс күні', ru: 'рабочий день', en: 'working day' },
  dayOff: { kk: 'демалыс күні', ru: 'выходной', en: 'day off' },
  advance1: { kk: '+1 жұмыс күні', ru: '+1 рабочий день', en: '+1 working day' },
  advance15: { kk: '+15 жұмыс күні', ru: '+15 рабочих дней', en: '+15 working days' },
  toStart: { kk: 'Демо басына қайту', ru: 'К началу демо', en: 'Back to the demo start' },
  clockMoved: {
    kk: 'Сағат {wd} жұмыс күніне ({cd} күнтізбелік күн) жылжыды{off}.',
    ru: 'Часы переведены на {wd} раб. дн. ({cd} календ. дн.){off}.',
    en: 'The clock moved {wd} working days ({cd} calendar days){off}.',
  },
  daysOffBetween: { kk: '; демалыс: {list}', ru: '; выходные: {list}', en: '; days off: {list}' },
  clockAtStart: { kk: 'Сағат демо басында: {at}.', ru: 'Часы в начале демо: {at}.', en: 'The clock is at the demo start: {at}.' },
  services: { kk: 'Қызметтер', ru: 'Услуги', en: 'Services' },
  provider: { kk: 'Қызмет беруші', ru: 'Услугодатель', en: 'Service provider' },
  application: { kk: 'Өтініш', ru: 'Заявление', en: 'Application' },
  channel: { kk: 'Арна', ru: 'Канал', en: 'Channel' },
  variant: { kk: 'Түрі', ru: 'Вариант', en: 'Variant' },
  scenario: { kk: 'Сценарий (дайын жиын)', ru: 'Сценарий (готовый набор)', en: 'Scenario (preset)' },
  custom: { kk: '— өз таңдауым —', ru: '— свой выбор —', en: '— custom —' },
  persona: { kk: 'Персона (өтініш беруші)', ru: 'Персона (заявитель)', en: 'Persona (applicant)' },
  allPersonas: { kk: 'Барлық персоналарды көрсету', ru: 'Показать всех персон', en: 'Show all personas' },
  personaScenarios: { kk: 'Осы қызметтің сценарийлері', ru: 'Сценарии этой услуги', en: "This service's scenarios" },
  representative: { kk: 'Өкіл (сенімхат бойынша)', ru: 'Представитель (по доверенности)', en: 'Representative (power of attorney)' },
  none: { kk: '— жоқ —', ru: '— нет —', en: '— none —' },
  noneWord: { kk: 'жоқ', ru: 'нет', en: 'none' },
  documents: { kk: 'Тіркелген құжаттар', ru: 'Приложенные документы', en: 'Documents attached' },
  noDocuments: { kk: 'Құжат талап етілмейді.', ru: 'Документы не требуются.', en: 'No documents are required.' },
  decisions: { kk: 'Адам шешімдері', ru: 'Решения людей', en: 'Human decisions' },
  noDecisions: { kk: 'Бұл арнада адам шешімі жоқ.', ru: 'В этом канале нет решений людей.', en: 'No human decisions on this channel.' },
  personaDecides: { kk: 'персонадан', ru: 'по персоне', en: 'from the persona' },
  readings: { kk: 'Екіұшты мәтінді оқу', ru: 'Прочтения неоднозначного текста', en: 'Readings of ambiguous text' },
  noReadings: { kk: 'Баптауға болатын оқу жоқ.', ru: 'Настраиваемых прочтений нет.', en: 'No configurable readings.' },
  defaultValue: { kk: 'әдепкі', ru: 'по умолчанию', en: 'default' },
  form: { kk: 'Форма өрістері (JSON)', ru: 'Поля формы (JSON)', en: 'Form fields (JSON)' },
  formInvalid: { kk: 'Форма өрістері JSON нысаны болуы керек.', ru: 'Поля формы должны быть объектом JSON.', en: 'The form fields must be a JSON object.' },
  wrongPassword: { kk: 'Қате құпиясөз енгізу', ru: 'Ввести неверный пароль', en: 'Type a wrong password' },
  freshStart: {
    kk: 'Әр өтінішті таза бастау (тенант тазартылады, сағат демо басында)',
    ru: 'Каждую подачу — с чистого листа (тенант сброшен, часы в начале демо)',
    en: 'Start each submission afresh (tenant reset, clock at the demo start)',
  },
  submit: { kk: 'Жіберу', ru: 'Подать', en: 'Submit' },
  expects: { kk: 'Сценарий күтеді: {code} ({step})', ru: 'Сценарий ожидает: {code} ({step})', en: 'The scenario expects {code} at {step}' },
  matches: { kk: 'сценариймен сәйкес', ru: 'совпадает со сценарием', en: 'as the scenario expects' },
  differs: { kk: 'сценарий басқаны күтеді: {code}', ru: 'сценарий ожидает другое: {code}', en: 'the scenario expects {code}' },
  faultsDiffer: { kk: 'ақаулар сценарийдегідей емес', ru: 'сбои не те, что в сценарии', en: "the faults are not the scenario's" },
  scenarioFault: { kk: 'Ақау: {system} ({mode})', ru: 'Сбой: {system} ({mode})', en: 'Fault: {system} ({mode})' },
  scenarioLoginFails: { kk: 'Порталға кіру сәтсіз болады.', ru: 'Вход на портал не удаётся.', en: 'The portal login fails.' },
  faultsSet: { kk: '{id} үшін ақаулар: {list}.', ru: 'Сбои для {id}: {list}.', en: 'Faults for {id}: {list}.' },
  faults: { kk: 'Ақаулар', ru: 'Сбои', en: 'Faults' },
  faultsHint: {
    kk: 'Жүйені өшіріңіз: келесі өтініш регламент белгілеген бас тартуды көрсетеді.',
    ru: 'Отключите систему: следующая подача покажет отказ, который предписывает регламент.',
    en: 'Take a system down: the next submission shows the refusal the regulation prescribes.',
  },
  systemDown: { kk: 'істен шыққан', ru: 'отключена', en: 'down' },
  systemTimeout: { kk: 'жауап бермейді', ru: 'не отвечает', en: 'timing out' },
  systemUp: { kk: 'жұмыс істейді', ru: 'работает', en: 'up' },
  takeDown: { kk: 'Өшіру', ru: 'Отключить', en: 'Take down' },
  bringUp: { kk: 'Қосу', ru: 'Включить', en: 'Bring up' },
  diagram: { kk: 'Арна қадамдары', ru: 'Шаги канала', en: 'Steps of the channel' },
  diagramLabel: { kk: '{channel} арнасының қадамдар сызбасы', ru: 'Схема шагов канала: {channel}', en: 'Step graph of the channel: {channel}' },
  kindProcess: { kk: 'үдеріс', ru: 'процесс', en: 'process' },
  kindCondition: { kk: 'шарт', ru: 'условие', en: 'condition' },
  kindRefusal: { kk: 'бас тарту', ru: 'отказ', en: 'refusal' },
  kindResult: { kk: 'нәтиже', ru: 'результат', en: 'result' },
  visited: { kk: 'жүрілген жол', ru: 'пройденный путь', en: 'path taken' },
  scheduled: { kk: 'жоспарланған', ru: 'запланировано', en: 'scheduled' },
  skip: { kk: 'Анимацияны өткізу', ru: 'Пропустить анимацию', en: 'Skip animation' },
  edgePass: { kk: 'иә', ru: 'да', en: 'pass' },
  edgeFail: { kk: 'жоқ', ru: 'нет', en: 'fail' },
  edgeUnavailable: { kk: 'қолжетімсіз', ru: 'недоступно', en: 'unavailable' },
  timeline: { kk: 'Уақыт кестесі', ru: 'Хронология', en: 'Timeline' },
  colStep: { kk: 'Қадам', ru: 'Шаг', en: 'Step' },
  colActor: { kk: 'Орындаушы', ru: 'Исполнитель', en: 'Actor' },
  colTime: { kk: 'Виртуалды уақыт (UTC+5)', ru: 'Виртуальное время (UTC+5)', en: 'Virtual time (UTC+5)' },
  colDuration: { kk: 'Ұзақтығы', ru: 'Длительность', en: 'Duration' },
  colOutcome: { kk: 'Нәтиже', ru: 'Итог', en: 'Outcome' },
  colCitation: { kk: 'Дереккөз', ru: 'Ссылка', en: 'Citation' },
  colWorkingDays: { kk: 'Жұмыс күні (өтініштен бері)', ru: 'Раб. дней с подачи', en: 'Working days since submission' },
  noTimeline: { kk: 'Әзірге өтініш жоқ: персонаны таңдап, жіберіңіз.', ru: 'Заявления пока нет: выберите персону и подайте.', en: 'No application yet: pick a persona and submit.' },
  timelineSummary: {
    kk: '{id} өтініші · {channel} · {status} · жіберілді {at} · мерзімі {deadline} ({wd} жұмыс күні) · жол бойындағы мерзім: {term}',
    ru: 'Заявление {id} · {channel} · {status} · подано {at} · срок {deadline} ({wd} раб. дн.) · срок по пути: {term}',
    en: 'Application {id} · {channel} · {status} · submitted {at} · deadline {deadline} ({wd} working days) · term along the path: {term}',
  },
  statusInProgress: { kk: 'орындалуда', ru: 'в работе', en: 'in progress' },
  statusAwaiting: { kk: 'шешім күтуде', ru: 'ждёт решения', en: 'awaiting a decision' },
  statusCompleted: { kk: 'аяқталды', ru: 'завершено', en: 'completed' },
  statusRefused: { kk: 'бас тартылды', ru: 'отказано', en: 'refused' },
  stateScheduled: { kk: 'жоспарланған', ru: 'запланировано', en: 'scheduled' },
  openStep: { kk: '{step} қадамын ашу', ru: 'Открыть шаг {step}', en: 'Open step {step}' },
  outcome: { kk: 'Нәтиже', ru: 'Итог', en: 'Outcome' },
  outcomeNone: { kk: 'Өтініш жіберілгенде мұнда нәтиже шығады.', ru: 'Здесь появится итог поданного заявления.', en: 'The outcome of a submitted application appears here.' },
  outcomeHidden: {
    kk: 'Нәтиже {at} шығады (өтініштен кейін {wd} жұмыс күні). Виртуалды сағат: {now}.',
    ru: 'Итог наступит {at} ({wd} раб. дн. после подачи). Виртуальные часы: {now}.',
    en: 'The outcome is reached at {at} ({wd} working days after submission). The virtual clock is at {now}.',
  },
  advanceToDeadline: { kk: 'Сағатты мерзімге жылжыту', ru: 'Перевести часы к сроку', en: 'Advance the clock to the deadline' },
  refused: { kk: 'Бас тарту', ru: 'Отказ', en: 'Refusal' },
  resultHeading: { kk: 'Нәтиже', ru: 'Результат', en: 'Result' },
  loginRefused: { kk: 'Портал кіруден бас тартты: өтініш жасалмады.', ru: 'Портал отказал во входе: заявление не создано.', en: 'The portal refused the login: no application was made.' },
  code: { kk: 'Коды', ru: 'Код', en: 'Code' },
  atStep: { kk: 'Қадам', ru: 'Шаг', en: 'Step' },
  documentHeading: { kk: 'Нәтиже құжаты', ru: 'Документ-результат', en: 'Result document' },
  number: { kk: 'Нөмірі', ru: 'Номер', en: 'Number' },
  issued: { kk: 'Берілген уақыты', ru: 'Выдан', en: 'Issued' },
  signedBy: { kk: 'Қол қойған', ru: 'Подписал', en: 'Signed by' },
  showXml: { kk: 'Қол қойылған XML көрсету', ru: 'Показать подписанный XML', en: 'Show signed XML' },
  hideXml: { kk: 'Қол қойылған XML жасыру', ru: 'Скрыть подписанный XML', en: 'Hide signed XML' },
  step: { kk: 'Қадам', ru: 'Шаг', en: 'Step' },
  stepHint: {
    kk: 'Диаграммадан қадамды таңдаңыз (тышқанмен басыңыз немесе Tab, сосын Enter).',
    ru: 'Выберите шаг на диаграмме (щелчком или Tab, затем Enter).',
    en: 'Pick a step in the diagram (click it, or Tab to it and press Enter).',
  },
  fieldNumber: { kk: 'Нөмірі', ru: 'Номер', en: 'Number' },
  fieldKind: { kk: 'Түрі', ru: 'Вид', en: 'Kind' },
  fieldActor: { kk: 'Орындаушы', ru: 'Исполнитель', en: 'Actor' },
  fieldTitle: { kk: 'Атауы', ru: 'Название', en: 'Title' },
  fieldDuration: { kk: 'Ұзақтығы', ru: 'Длительность', en: 'Duration' },
  fieldCitation: { kk: 'Дереккөз', ru: 'Ссылка', en: 'Citation' },
  fieldCheck: { kk: 'Тексеру', ru: 'Проверка', en: 'Check' },
  fieldCode: { kk: 'Коды', ru: 'Код', en: 'Code' },
  fieldMessage: { kk: 'Хабарлама', ru: 'Сообщение', en: 'Message' },
  fieldVisit: { kk: 'Осы өтініште', ru: 'В этом заявлении', en: 'In this application' },
  inferred: { kk: 'болжамды (мәтінде жоқ, біздің оқуымыз)', ru: 'выведено (наше прочтение, в тексте нет)', en: 'inferred (our reading, not in the text)' },
  citation: { kk: '{seed}, {lines} жолдар', ru: '{seed}, строки {lines}', en: '{seed}, lines {lines}' },
  citationStep: { kk: ', «{step}»', ru: ', «{step}»', en: ', “{step}”' },
  seedText: { kk: 'Регламенттің қазақша мәтінін көрсету', ru: 'Показать казахский текст регламента', en: 'Show the Kazakh text of the regulation' },
  hideSeedText: { kk: 'Мәтінді жасыру', ru: 'Скрыть текст', en: 'Hide the text' },
  loggingIn: { kk: '{iin} порталға кіруде…', ru: 'Вход на портал: {iin}…', en: 'Logging in to the portal as {iin}…' },
  building: { kk: 'Өтініш құжаты жасалуда…', ru: 'Формируется документ заявления…', en: 'Building the application document…' },
  signing: { kk: '{iin} SIGN кілтімен қол қойылуда…', ru: 'Подпись ключом SIGN {iin}…', en: "Signing with {iin}'s SIGN key…" },
  submitting: { kk: 'Өтініш жіберілуде…', ru: 'Подача заявления…', en: 'Submitting…' },
  submitted: { kk: '{id} өтініші жіберілді.', ru: 'Заявление {id} подано.', en: 'Application {id} submitted.' },
  deciding: { kk: 'Қызмет беруші шешеді: {check} = {value}', ru: 'Решение услугодателя: {check} = {value}', en: 'The provider decides {check} = {value}' },
  revealed: { kk: 'Нәтиже ашылды: {code}.', ru: 'Итог раскрыт: {code}.', en: 'Outcome revealed: {code}.' },
  error: { kk: 'Қате', ru: 'Ошибка', en: 'Error' },
  noSigner: { kk: '{trait} белгісі бар персона жоқ.', ru: 'Нет персоны с признаком {trait}.', en: 'No persona has the trait {trait}.' },
  loading: { kk: 'Жүктелуде…', ru: 'Загрузка…', en: 'Loading…' },
  ready: { kk: 'Дайын.', ru: 'Готово.', en: 'Ready.' },
  seconds: { kk: 'с', ru: 'с', en: 's' },
  minutes: { kk: 'мин', ru: 'мин', en: 'min' },
  hours: { kk: 'сағ', ru: 'ч', en: 'h' },
  calendarDays: { kk: 'күнтізбелік күн', ru: 'календ. дн.', en: 'calendar days' },
  workingDays: { kk: 'жұмыс күні', ru: 'раб. дн.', en: 'working days' },
};

const WEEKDAYS = {
  kk: ['Жс', 'Дс', 'Сс', 'Ср', 'Бс', 'Жм', 'Сб'],
  ru: ['Вс', 'Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};

/**
 * A word of the page in a language, with `{name}` placeholders filled.
 * @param {string} lang
 * @param {string} key
 * @param {Record<string, string | number>} [values]
 */
export function translate(lang, key, values = {}) {
  const entry = WORDS[key];
  if (!entry) return key;
  return entry[lang].replace(/\{(\w+)\}/g, (_, name) => (name in values ? String(values[name]) : `{${name}}`));
}

/** Every key has all three languages (the tests read this). */
export function wordKeys() {
  return Object.keys(WORDS);
}

/** Short weekday name of a day of the week (0 = Sunday). */
export function weekdayName(lang, day) {
  return WEEKDAYS[lang][day];
}

/**
 * A localised text of the API (`{kk, ru, en}`, or a step title `{kk?, en}`) in a language, with the
 * language it is actually in (a step title has no Russian: English stands in).
 * @param {{kk?: string, ru?: string, en?: string} | undefined} text
 * @returns {{text: string, lang: string}}
 */
export function pick(text, lang) {
  if (!text) return { text: '', lang };
  if (text[lang]) return { text: text[lang], lang };
  for (const other of ['en', 'kk', 'ru']) if (text[other]) return { text: text[other], lang: other };
  return { text: '', lang };
}

/**
 * A small curated gazetteer of the people, places, organisations, agreements and events of the
 * Putin / US–Russia story. Chosen over an NLP library (e.g. compromise, ~250 kB) because the topic is
 * narrow, the names need their Russian and other-language spellings, and a list is testable line by line.
 * `side` says which half of "Russia and the United States" a name stands for; detection counts sides.
 */
import { runToEnd, type Steps } from './steps';

export type EntityKind = 'person' | 'place' | 'organisation' | 'agreement' | 'event';

export interface Entity {
  id: string;
  name: string;
  kind: EntityKind;
  side?: 'ru' | 'us';
  /** Regular-expression sources, matched case-sensitively on word boundaries (any script). */
  aliases: string[];
  /** An occasion: two articles about the same one are coverage of the same moment. */
  occasion?: boolean;
  /** An issue between the two countries (sanctions, arms control, election interference): the same one is the same issue. */
  issue?: boolean;
  /** A name every story of the topic carries (Russia, Putin, Washington): never a reason on its own. */
  generic?: boolean;
}

const e = (id: string, name: string, kind: EntityKind, aliases: string[], extra: Partial<Entity> = {}): Entity => ({
  id,
  name,
  kind,
  aliases,
  ...extra,
});

const RU = { side: 'ru' } as const;
const US = { side: 'us' } as const;
const ISSUE = { issue: true } as const;

export const ENTITIES: readonly Entity[] = [
  // People
  e(
    'putin',
    'Vladimir Putin',
    'person',
    ["(?:Vladimir\\s+)?Putin(?:'s)?", 'Путин\\p{L}*', 'Poutine', 'Putín', '(?:Wladimir\\s+|Władimir\\s+|Vladímir\\s+|Vladimiro\\s+)?Putin(?:s|a|owi|em|ie|e)?', 'Путін\\p{L}*'],
    { ...RU, generic: true },
  ),
  e('obama', 'Barack Obama', 'person', ['(?:Barack\\s+)?Obama', 'Обам\\p{L}*', 'Obam(?:as|y|ie|ę|ą)', 'Обам\\p{L}*'], US),
  e('trump', 'Donald Trump', 'person', ['(?:Donald\\s+(?:J\\.\\s+)?)?Trump', 'Трамп\\p{L}*', 'Trump(?:s|a|owi|em|ie|ów)'], US),
  e('biden', 'Joe Biden', 'person', ['(?:Joe\\s+)?Biden', 'Байден\\p{L}*', 'Biden(?:s|a|owi|em|ie)'], US),
  e(
    'lavrov',
    'Sergei Lavrov',
    'person',
    ['(?:Sergei\\s+|Sergey\\s+)?Lavrov', 'Лавров\\p{L}*', '(?:Sergej\\s+|Siergiej\\s+|Serguéi\\s+|Sergueï\\s+)?(?:Lawrow|Lavrov)\\p{L}{0,3}'],
    RU,
  ),
  e('peskov', 'Dmitry Peskov', 'person', ['(?:Dmitry\\s+|Dmitri\\s+)?Peskov', 'Песков\\p{L}*', '(?:Peskow|Pieskow|Peskov)\\p{L}{0,3}', 'Пєсков\\p{L}*'], RU),
  e(
    'medvedev',
    'Dmitry Medvedev',
    'person',
    ['(?:Dmitry\\s+|Dmitri\\s+)?Medvedev', 'Медведев\\p{L}*', '(?:Medwedew|Miedwiediew|Medvédev|Medvedev)\\p{L}{0,3}', 'Медведєв\\p{L}*'],
    RU,
  ),
  e('zakharova', 'Maria Zakharova', 'person', ['(?:Maria\\s+)?Zakharova', 'Захаров\\p{L}*'], RU),
  e('ryabkov', 'Sergei Ryabkov', 'person', ['(?:Sergei\\s+)?Ryabkov'], RU),
  e('lukyanov', 'Yevgeny Lukyanov', 'person', ['(?:Yevgeny\\s+)?Lukyanov']),
  e('yanukovich', 'Viktor Yanukovich', 'person', ['(?:Viktor\\s+)?Yanukovy?ch']),
  e('sechin', 'Igor Sechin', 'person', ['(?:Igor\\s+)?Sechin']),
  e('gorchakov', 'Alexander Gorchakov', 'person', ['(?:Alexander\\s+)?Gorchakov', 'Горчаков\\p{L}*']),
  e('zelensky', 'Volodymyr Zelensky', 'person', [
    '(?:Volodymyr\\s+)?Zelensky[iy]?',
    'Зеленск\\p{L}*',
    '(?:Selenskyj|Zełensk|Zelensk|Zelenski|Zelenskyj)\\p{L}{0,3}',
    'Зеленськ\\p{L}*',
  ]),
  e('hillary-clinton', 'Hillary Clinton', 'person', ['Hillary\\s+(?:Rodham\\s+)?Clinton', 'Хиллари\\s+Клинтон'], US),
  e('clinton', 'Bill Clinton', 'person', ['Bill\\s+Clinton', 'Билл\\p{L}*\\s+Клинтон\\p{L}*'], US),
  e('bush', 'George W. Bush', 'person', ['George\\s+W\\.\\s+Bush', '(?:President|Presidente|Präsident|Président)\\s+Bush', 'Буш\\p{L}*'], US),
  e('kerry', 'John Kerry', 'person', ['John\\s+Kerry'], US),
  e('tillerson', 'Rex Tillerson', 'person', ['(?:Rex\\s+)?Tillerson'], US),
  e('pompeo', 'Mike Pompeo', 'person', ['(?:Mike\\s+)?Pompeo'], US),
  e('blinken', 'Antony Blinken', 'person', ['(?:Antony\\s+)?Blinken'], US),
  // The Russia probe, its people and the influence cases (2016–2019)
  e('mueller', 'Robert Mueller', 'person', ['(?:Robert\\s+(?:S\\.\\s+)?)?Mueller(?:s|a|owi|em)?', 'Мюллер\\p{L}*'], US),
  e('kushner', 'Jared Kushner', 'person', ['(?:Jared\\s+)?Kushner', 'Кушнер\\p{L}*'], US),
  e('comey', 'James Comey', 'person', ['(?:James\\s+)?Comey', 'Коми'], US),
  e('flynn', 'Michael Flynn', 'person', ['(?:Michael\\s+(?:T\\.\\s+)?|Mike\\s+)Flynn', 'Флинн\\p{L}*'], US),
  e('manafort', 'Paul Manafort', 'person', ['(?:Paul\\s+)?Manafort', 'Манафорт\\p{L}*'], US),
  e('sessions', 'Jeff Sessions', 'person', ['Jeff\\s+Sessions', '(?:Attorney\\s+General|AG)\\s+Sessions'], US),
  e('barr', 'William Barr', 'person', ['William\\s+(?:P\\.\\s+)?Barr', '(?:Attorney\\s+General|AG)\\s+(?:William\\s+)?Barr'], US),
  e('whitaker', 'Matthew Whitaker', 'person', ['Matthew\\s+Whitaker', '(?:Attorney\\s+General|AG)\\s+Whitaker'], US),
  e('rosenstein', 'Rod Rosenstein', 'person', ['(?:Rod\\s+)?Rosenstein'], US),
  e('kislyak', 'Sergey Kislyak', 'person', ['(?:Sergey\\s+|Sergei\\s+)?Kislyak', 'Кисляк\\p{L}*'], RU),
  e('butina', 'Maria Butina', 'person', ['(?:Maria\\s+)?Butina', 'Бутин[аойу]'], RU),
  e('torshin', 'Alexander Torshin', 'person', ['(?:Alexander\\s+)?Torshin', 'Торшин\\p{L}*'], RU),
  e('deripaska', 'Oleg Deripaska', 'person', ['(?:Oleg\\s+)?Deripaska', 'Дерипаск\\p{L}*'], RU),
  e('prigozhin', 'Yevgeny Prigozhin', 'person', ['(?:Yevgeny\\s+)?Prigozhin', 'Пригожин\\p{L}*'], RU),
  e('veselnitskaya', 'Natalia Veselnitskaya', 'person', ['(?:Natalia\\s+)?Veselnitskaya', 'Весельницк\\p{L}*'], RU),
  e('gorkov', 'Sergei Gorkov', 'person', ['(?:Sergei\\s+)?Gorkov', 'Горьков\\p{L}*'], RU),
  // Envoys, negotiators and officials of the two governments
  e('mcfaul', 'Michael McFaul', 'person', ['(?:Michael\\s+)?McFaul', 'Макфол\\p{L}*'], US),
  e('huntsman', 'Jon Huntsman', 'person', ['(?:Jon\\s+)?Huntsman'], US),
  e('nuland', 'Victoria Nuland', 'person', ['(?:Victoria\\s+)?Nuland', 'Нуланд'], US),
  e('bolton', 'John Bolton', 'person', ['John\\s+Bolton', 'Болтон\\p{L}*'], US),
  e('gottemoeller', 'Rose Gottemoeller', 'person', ['(?:Rose\\s+)?Gottemoeller'], US),
  e('jake-sullivan', 'Jake Sullivan', 'person', ['Jake\\s+Sullivan'], US),
  e('rubio', 'Marco Rubio', 'person', ['(?:Marco\\s+)?Rubio', 'Рубио'], US),
  e('witkoff', 'Steve Witkoff', 'person', ['(?:Steve\\s+)?Witkoff', 'Уиткофф\\p{L}*'], US),
  e('vance', 'JD Vance', 'person', ['J\\.?\\s?D\\.?\\s+Vance', 'Вэнс\\p{L}*'], US),
  e('antonov', 'Anatoly Antonov', 'person', ['Anatoly\\s+Antonov', 'Анатоли\\p{L}*\\s+Антонов\\p{L}*'], RU),
  e('ushakov', 'Yuri Ushakov', 'person', ['(?:Yuri\\s+)?Ushakov', 'Ушаков\\p{L}*'], RU),
  e('dmitriev', 'Kirill Dmitriev', 'person', ['Kirill\\s+Dmitriev', 'Кирилл\\p{L}*\\s+Дмитриев\\p{L}*'], RU),
  e('shoigu', 'Sergei Shoigu', 'person', ['(?:Sergei\\s+)?Shoigu', 'Шойгу'], RU),
  // Prisoners between the two
  e('whelan', 'Paul Whelan', 'person', ['Paul\\s+Whelan', 'Уилан\\p{L}*'], US),
  e('griner', 'Brittney Griner', 'person', ['(?:Brittney\\s+)?Griner', 'Гринер'], US),
  e('gershkovich', 'Evan Gershkovich', 'person', ['(?:Evan\\s+)?Gershkovich', 'Гершкович\\p{L}*'], US),
  e('bout', 'Viktor Bout', 'person', ['Viktor\\s+Bout', 'Виктор\\p{L}*\\s+Бут\\p{L}*'], RU),
  e('theresa-may', 'Theresa May', 'person', ['Theresa\\s+May']),
  e('shinzo-abe', 'Shinzo Abe', 'person', ['Shinzo\\s+Abe']),
  e('xi-jinping', 'Xi Jinping', 'person', ['(?:President\\s+)?Xi\\s+Jinping']),
  e('skripal', 'Sergei Skripal', 'person', ['(?:Sergei\\s+)?Skripal']),
  e('navalny', 'Alexei Navalny', 'person', ['(?:Alexei\\s+)?Navalny', 'Навальн\\p{L}*']),
  // Places
  e(
    'russia',
    'Russia',
    'place',
    [
      'Russia',
      'Russians?',
      'Russian\\s+Federation',
      'Росси\\p{L}*',
      'российск\\p{L}*',
      'Rusia',
      'Russie',
      'Russland',
      'Russland\\p{L}{0,2}',
      'Russ(?:e|en|in|innen)',
      '[Rr]ussisch\\p{L}*',
      'Russie',
      '[Rr]usse\\p{L}?',
      'Rusia',
      '[Rr]us(?:o|a|os|as)',
      '[Rr]uss(?:o|a|i|e)',
      'Rússia',
      'Rosj\\p{L}*',
      '[Rr]osyjsk\\p{L}*',
      'Rosjan\\p{L}*',
      'Росі\\p{L}*',
      '[Рр]осійськ\\p{L}*',
      'росіян\\p{L}*',
      'Російськ\\p{L}*',
      'россиян\\p{L}*',
      'Российск\\p{L}*',
      'Russische\\p{L}*',
    ],
    { ...RU, generic: true },
  ),
  e(
    'united-states',
    'United States',
    'place',
    [
      'United\\s+States',
      'U\\.S\\.(?:A\\.)?',
      'USA?',
      'America',
      'Americans?',
      'США',
      'Соединенн\\p{L}*\\s+Штат\\p{L}*',
      'американ\\p{L}*',
      'Estados\\s+Unidos',
      'États-Unis',
      'Vereinigte\\p{L}*\\s+Staaten',
      '[Aa]merikanisch\\p{L}*',
      'Etats-Unis',
      '[Aa]méricain\\p{L}*',
      'EE\\.\\s?UU\\.?',
      'EEUU',
      '[Ee]stadounidense\\p{L}*',
      '[Nn]orteamerican\\p{L}*',
      'Stati\\s+Uniti',
      '[Ss]tatunitens\\p{L}*',
      '[Aa]merican(?:o|a|os|as|i|e)',
      'EUA',
      '[Nn]orte-american\\p{L}*',
      'Stan\\p{L}*\\s+Zjednoczon\\p{L}*',
      '[Aa]meryka\\p{L}*',
      '[Aa]merykańsk\\p{L}*',
      'Сполучен\\p{L}*\\s+Штат\\p{L}*',
      '[Аа]мериканськ\\p{L}*',
      'Америк\\p{L}*',
      'Американ\\p{L}*',
    ],
    { ...US, generic: true },
  ),
  e('moscow', 'Moscow', 'place', ['Moscow', 'Москв\\p{L}*', 'Moscú', 'Moskau', 'Moscou', 'Mosca', 'Moscovo', 'Moskw\\p{L}*', 'Моск\\p{L}*'], { ...RU, generic: true }),
  // "Washington" the state is not the US government (see the Times of Israel dev page).
  e('washington', 'Washington', 'place', ['(?<![Ss]tate\\sof\\s)Washington(?!\\s+[Ss]tate\\b)(?!\\s+Post\\b)', 'Вашингтон\\p{L}*', 'Waszyngton\\p{L}*'], { ...US, generic: true }),
  e('ukraine', 'Ukraine', 'place', ['Ukraine', 'Ukrainian', 'Украин\\p{L}*', 'Ucrania', 'Ukrain\\p{L}*', 'Ucrania', 'Ucraina', 'Ucrânia', 'Ukrainy', 'Україн\\p{L}*']),
  e('crimea', 'Crimea', 'place', ['Crimea(?:n\\s+peninsula)?', 'Крым\\p{L}*', 'Krim', 'Crimée', 'Crimea', 'Crimeia', 'Krym\\p{L}*']),
  e('syria', 'Syria', 'place', ['Syria', 'Syrian', 'Сири\\p{L}*', 'Syrien', 'Syrie', 'Siria', 'Síria', 'Syri\\p{L}*', 'Сирі\\p{L}*']),
  e('iran', 'Iran', 'place', ['Iran', 'Iranian']),
  e('minsk', 'Minsk', 'place', ['Minsk']),
  e('vienna', 'Vienna', 'place', ['Vienna']),
  e('black-sea', 'Black Sea', 'place', ['Black\\s+Sea']),
  e('salisbury', 'Salisbury', 'place', ['Salisbury']),
  e('afghanistan', 'Afghanistan', 'place', ['Afghanistan']),
  e('britain', 'Britain', 'place', ['Britain', 'British', 'United\\s+Kingdom', 'U\\.K\\.']),
  e('china', 'China', 'place', ['China', 'Chinese', 'Chin\\p{L}{0,2}', 'Pek\\p{L}*', 'Pequim', 'Pechino', 'Pékin', 'Китай\\p{L}*', 'Китаї', 'Пекін\\p{L}*']),
  e('helsinki', 'Helsinki', 'place', ['Helsinki']),
  // Organisations
  e('kremlin', 'the Kremlin', 'organisation', ['Kremlin', 'Кремл\\p{L}*', 'Kreml\\p{L}*', 'Cremlino', 'Кремл\\p{L}*'], { ...RU, generic: true }),
  e(
    'white-house',
    'the White House',
    'organisation',
    [
      'White\\s+House',
      'Бел\\p{L}+\\s+дом\\p{L}*',
      'Wei(?:ß|ss)\\p{L}*\\s+Haus\\p{L}*',
      'Maison[- ]Blanche',
      'Casa\\s+Blanca',
      'Casa\\s+Bianca',
      'Casa\\s+Branca',
      'Bia\\p{L}+\\s+Dom\\p{L}*',
      'Біл\\p{L}+\\s+д[оі]м\\p{L}*',
    ],
    US,
  ),
  e(
    'congress',
    'Congress',
    'organisation',
    [
      'U\\.?S\\.?\\s+Congress',
      'Congress(?:ional)?',
      '(?:U\\.?S\\.?\\s+)?Senate',
      'House\\s+of\\s+Representatives',
      '(?:House|Senate)\\s+(?:Intelligence|Judiciary|Foreign\\s+Relations|Armed\\s+Services)\\s+Committee',
      'Конгресс\\p{L}*',
      'Сенат\\p{L}*\\s+США',
    ],
    US,
  ),
  e(
    'us-agencies',
    'US agencies',
    'organisation',
    [
      'FBI',
      'CIA',
      'Pentagon',
      'Justice\\s+Department',
      'Department\\s+of\\s+Justice',
      '(?:U\\.?S\\.?\\s+)?Treasury(?:\\s+Department)?',
      'ФБР',
      'ЦРУ',
      'Пентагон\\p{L}*',
      'Минфин\\p{L}*\\s+США',
    ],
    US,
  ),
  e('nra', 'the NRA', 'organisation', ['NRA', 'National\\s+Rifle\\s+Association'], US),
  e('russian-services', 'Russian intelligence', 'organisation', ['FSB', 'GRU', 'SVR', 'ФСБ', 'ГРУ', 'СВР'], RU),
  e('duma', 'the State Duma', 'organisation', ['(?:State\\s+)?Duma', 'Госдум\\p{L}*', 'Federation\\s+Council', 'Совет\\p{L}*\\s+Федерации'], RU),
  e(
    'state-department',
    'State Department',
    'organisation',
    [
      'State\\s+Department',
      'Госдеп\\p{L}*',
      'Departamento\\s+de\\s+Estado',
      'Dipartimento\\s+di\\s+Stato',
      'Departament\\p{L}*\\s+Stanu',
      'Département\\s+d.[ÉE]tat',
      'US-Außenministerium\\p{L}*',
      'Держдеп\\p{L}*',
    ],
    US,
  ),
  e('un-security-council', 'UN Security Council', 'organisation', ['U\\.?N\\.?\\s+Security\\s+Council', 'United\\s+Nations\\s+Security\\s+Council']),
  e('russian-security-council', 'Russian Security Council', 'organisation', ['Russian\\s+Security\\s+Council', 'Security\\s+Council\\s+of\\s+Russia']),
  e('nato', 'NATO', 'organisation', ['NATO', 'НАТО', 'North\\s+Atlantic\\s+Treaty\\s+Organization', 'OTAN', 'NATO-\\p{L}+']),
  e('european-union', 'European Union', 'organisation', ['European\\s+Union', 'EU']),
  e('rosneft', 'Rosneft', 'organisation', ['Rosneft', 'Роснефт\\p{L}*'], RU),
  e('gazprom', 'Gazprom', 'organisation', ['Gazprom', 'Газпром\\p{L}*'], RU),
  e('vgtrk', 'VGTRK', 'organisation', ['VGTRK']),
  e('islamic-state', 'Islamic State', 'organisation', ['Islamic\\s+State', 'ISIS', 'ISIL']),
  e('p5-plus-1', 'P5+1', 'organisation', ['P5\\+1']),
  // Agreements
  e('minsk-agreements', 'Minsk agreements', 'agreement', ['Minsk\\s+(?:agreements?|accords?|protocol)', 'agreements?\\s[^.]{0,60}?\\bin\\s+Minsk'], ISSUE),
  e(
    'iran-nuclear-deal',
    'Iran nuclear talks',
    'agreement',
    ['Iran(?:ian)?\\s+nuclear(?:\\s+(?:deal|negotiations|talks|programme|program))?', 'nuclear\\s+(?:deal|negotiations)\\s+with\\s+Iran'],
    ISSUE,
  ),
  e(
    'arms-control',
    'arms control',
    'agreement',
    [
      'New\\s+START',
      'START',
      'INF\\s+(?:Treaty|treaty)',
      'Open\\s+Skies',
      'arms\\s+control',
      'nuclear\\s+arms',
      'СНВ',
      'ДРСМД',
      'Abrüstung\\p{L}*',
      'Rüstungskontroll\\p{L}*',
      'désarmement',
      'contrôle\\s+des\\s+armements',
      'control\\s+de\\s+armas',
      'desarme',
      'disarmo',
      'controllo\\s+degli\\s+armamenti',
      'controle\\s+de\\s+armas',
      'desarmamento',
      'rozbroj\\p{L}*',
      'kontrol\\p{L}*\\s+zbroje\\p{L}*',
      'роззброєнн\\p{L}*',
      'разоружени\\p{L}*',
      'контрол\\p{L}*\\s+над\\s+(?:вооружени|озброєнн)\\p{L}*',
      'Neue[sn]?\\s+START',
      'nouveau\\s+traité\\s+START',
      'Nuevo\\s+START',
      'Nuovo\\s+START',
      'Novo\\s+START',
      'Nowy\\s+START',
    ],
    ISSUE,
  ),
  // Events
  e(
    'crimea-annexation',
    'annexation of Crimea',
    'event',
    ["annex\\p{L}*(?:\\s+[\\p{L}']+){0,4}?\\s+Crime\\p{L}*", 'Crimea\\p{L}*\\s+annexation', 'аннекси\\p{L}*\\s+Крым\\p{L}*'],
    ISSUE,
  ),
  e('independence-day', 'the July 4 message', 'event', ['Independence\\s+Day', 'Fourth\\s+of\\s+July', 'July\\s+4(?:th)?'], { occasion: true }),
  e('new-year-letter', 'the New Year letter', 'event', ["New\\s+Year(?:'s)?\\s+(?:letter|message|greetings?|card)"], { occasion: true }),
  e('inauguration', 'a presidential inauguration', 'event', ['inaugurat\\p{L}*'], { occasion: true }),
  e(
    'sanctions',
    'sanctions',
    'event',
    [
      'sanction(?:s|ed)?',
      'санкци\\p{L}*',
      'sanciones',
      'Sanktionen',
      '[Ss]anktion\\p{L}*',
      '[Ss]ancion\\p{L}*',
      '[Ss]anzion\\p{L}*',
      '[Ss]anç\\p{L}*',
      '[Ss]ankcj\\p{L}*',
      '[Сс]анкці\\p{L}*',
      '[Сс]анкци\\p{L}*',
      'Sanctions',
    ],
    ISSUE,
  ),
  e('cold-war', 'the Cold War', 'event', ['Cold\\s+War', 'холодн\\p{L}*\\s+войн\\p{L}*']),
  e('crimean-war', 'the Crimean War', 'event', ['Crimean\\s+War']),
  e('cuban-missile-crisis', 'the Cuban Missile Crisis', 'event', ['Cuban\\s+Missile\\s+Crisis']),
  e('kerch-strait', 'the Kerch Strait incident', 'event', ['Kerch\\s+Strait'], ISSUE),
  e('skripal-poisoning', 'the Salisbury poisoning', 'event', ['nerve\\s+(?:toxin|agent)', 'Novichok'], ISSUE),
  e(
    'election-interference',
    'election interference',
    'event',
    [
      '(?:election|electoral)\\s+(?:interference|meddling|hacking)',
      'Russiagate',
      'Mueller',
      'meddl\\p{L}*\\s+in\\s+(?:the\\s+)?(?:\\d{4}\\s+)?(?:US\\s+|U\\.S\\.\\s+|American\\s+)?election',
      'Wahleinmischung',
      'Einmischung\\s+in\\s+die\\s+(?:US-)?(?:Präsidentschafts)?[Ww]ahl\\p{L}*',
      'ingérence\\p{L}*\\s+(?:russe\\s+)?dans\\s+l.(?:élection|présidentielle)\\p{L}*',
      'injerencia\\s+(?:rusa\\s+)?en\\s+las\\s+elecciones',
      'interferenza\\s+(?:russa\\s+)?nelle\\s+elezioni',
      'ingerenza\\s+(?:russa\\s+)?nelle\\s+elezioni',
      'interferência\\s+(?:russa\\s+)?nas\\s+eleições',
      'ingerencj\\p{L}*\\s+w\\s+wybor\\p{L}*',
      'втручанн\\p{L}*\\s+(?:Росії\\s+)?у\\s+вибор\\p{L}*',
      'вмешательств\\p{L}*\\s+(?:России\\s+)?в\\s+(?:американские\\s+)?выбор\\p{L}*',
    ],
    ISSUE,
  ),
  e(
    'us-russia-summit',
    'a US–Russia summit',
    'event',
    ['(?:Helsinki|Geneva|Anchorage|Alaska|Vladivostok|Hamburg|Osaka)\\s+(?:summit|meeting)', 'summit\\s+in\\s+(?:Helsinki|Geneva|Anchorage|Alaska)'],
    { occasion: true },
  ),
  e('russia-probe', 'the Russia probe', 'event', ['Russia\\s+(?:probe|investigation|inquiry)', 'special\\s+counsel', 'collusion', 'Steele\\s+dossier'], ISSUE),
  e(
    'prisoner-swap',
    'a prisoner exchange',
    'event',
    [
      'prisoner\\s+(?:swap|exchange)',
      'обмен\\p{L}*\\s+заключенн\\p{L}*',
      'Gefangenenaustausch\\p{L}*',
      'échange\\s+de\\s+prisonniers',
      'intercambio\\s+de\\s+(?:presos|prisioneros)',
      'canje\\s+de\\s+(?:presos|prisioneros)',
      'scambio\\s+di\\s+prigionieri',
      'troca\\s+de\\s+prisioneiros',
      'wymian\\p{L}*\\s+więźniów',
      'обмін\\p{L}*\\s+в.язн\\p{L}*',
      'обмен\\p{L}*\\s+(?:заключенн|пленн)\\p{L}*',
    ],
    ISSUE,
  ),
  e('summit', 'a summit', 'event', [
    'summit',
    'саммит\\p{L}*',
    'Gipfel\\p{L}*',
    'sommet\\p{L}*',
    'cumbre\\p{L}*',
    'vertice',
    'vertici',
    'cúpula',
    'cimeira',
    'szczyt\\p{L}*',
    'саміт\\p{L}*',
    'Gipfeltreffen',
  ]),
  e(
    'ukraine-war',
    'the war in Ukraine',
    'event',
    [
      'war\\s+in\\s+(?:eastern\\s+)?Ukraine',
      'Ukraine\\s+(?:war|conflict|situation)',
      'invasion\\s+of\\s+Ukraine',
      'invaded\\s+Ukraine',
      '(?:conflict|violence|fighting)\\s+in\\s+(?:eastern\\s+)?Ukraine',
      'eastern\\s+Ukraine',
    ],
    ISSUE,
  ),
  e('syria-war', 'the war in Syria', 'event', ['(?:war|conflict|situation|violence)\\s+in\\s+Syria', 'Syrian\\s+(?:war|conflict)', 'forces\\s+from\\s+Syria'], ISSUE),
];

export interface EntityMention {
  entity: Entity;
  /** Offset and length in the text searched. */
  index: number;
  length: number;
  text: string;
}

/**
 * The letters of the scripts news is written in (Latin with its accents, Greek, Cyrillic, Armenian,
 * Hebrew, Arabic, Indic, Thai, Georgian, kana, CJK, Hangul), as ranges. Spelled out rather than
 * \p{L}: a pattern with Unicode property classes takes V8 tens of milliseconds to compile, and a
 * fresh worker or page compiles dozens of them (a fresh worker spent 80 ms on them before its
 * first answer; this way, 4 ms).
 */
export const LETTER =
  'A-Za-z\\u00AA\\u00B5\\u00BA\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02AF\\u0370-\\u03FF\\u0400-\\u052F\\u0531-\\u0587\\u05D0-\\u05EA\\u0620-\\u064A\\u0900-\\u0DFF\\u0E00-\\u0E7F\\u10A0-\\u10FF\\u1E00-\\u1FFF\\u3040-\\u30FF\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uAC00-\\uD7A3';
/** Aliases as one alternation, \p{L} in them read as {@link LETTER}, between word boundaries (\b is ASCII-only in JS). */
export const aliasPattern = (aliases: readonly string[]): RegExp =>
  new RegExp(
    `(?<![0-9${LETTER}])(?:${aliases
      .join('|')
      .replace(/\[\\p\{L\}/g, `[${LETTER}`)
      .replace(/\\p\{L\}/g, `[${LETTER}]`)})(?![0-9${LETTER}])`,
    'gu',
  );

/**
 * The literal texts a match of an alias can start with, at least two characters each where they can be
 * told, from its leading plain characters, character lists ("[Rr]ussisch"), groups ("(?:Marco\\s+)?Rubio"
 * starts "Ma" or "Ru") and top-level alternatives; undefined where one of them could start otherwise (an
 * escape or a range first). Every match starts with one of them (the property test of findEntities).
 */
export function literalStarts(alias: string): string[] | undefined {
  const starts = startsOf(alias);
  return starts.every((start) => start.length > 1) ? starts : undefined;
}

/** At most this many starts an alias (a product of lists beyond it stops where it is). */
const MAX_STARTS = 24;

/** The starts of a pattern source: `whole` when each is all its matches can be (no pattern after). */
function startsOf(src: string): string[] {
  return startsWith(src).starts;
}
function startsWith(src: string): { starts: string[]; whole: boolean } {
  const alternatives = topLevel(src);
  if (alternatives.length > 1) {
    const parts = alternatives.map(startsWith);
    return { starts: parts.flatMap((p) => p.starts), whole: parts.every((p) => p.whole) };
  }
  let starts = [''];
  const times = (next: string[]) => starts.flatMap((s) => next.map((n) => s + n));
  for (let k = 0; k < src.length;) {
    // Two characters are all the dispatch reads: the rest of the pattern is not looked at.
    if (starts.every((start) => start.length >= 2)) return { starts, whole: false };
    const c = src[k]!;
    let next: { starts: string[]; whole: boolean } | undefined;
    let end = k + 1;
    if (c === '[') {
      end = src.indexOf(']', k) + 1;
      const body = src.slice(k + 1, end - 1);
      if (end === 0 || body === '' || /[\\^-]/.test(body)) return { starts, whole: false };
      next = { starts: [...body], whole: true };
    } else if (c === '(') {
      end = closingParen(src, k) + 1;
      if (end === 0) return { starts, whole: false };
      // A lookaround matches no text: what follows it starts the match.
      if (src[k + 1] === '?' && (src[k + 2] === '=' || src[k + 2] === '!' || (src[k + 2] === '<' && (src[k + 3] === '=' || src[k + 3] === '!')))) {
        k = end;
        continue;
      }
      next = startsWith(src.slice(k + (src.startsWith('(?:', k) ? 3 : 1), end - 1));
    } else if (c === '\\' && /^[^A-Za-z0-9]$/.test(src[k + 1] ?? 'a')) {
      // An escaped sign ("\\.") is that sign.
      next = { starts: [src[k + 1]!], whole: true };
      end = k + 2;
    } else if (!'\\.^$|)]{}?*+'.includes(c)) {
      next = { starts: [c], whole: true };
    } else return { starts, whole: false };
    const quantifier = src[end];
    const optional = quantifier === '?' || quantifier === '*' || (quantifier === '{' && src.startsWith('{0', end));
    if (optional) {
      // Present (then what follows is not plain any more), or left out (then what follows it starts).
      const after = quantifier === '{' ? src.indexOf('}', end) + 1 : end + 1;
      const rest = startsOf(src.slice(after));
      const out = [...times(next.starts), ...starts.flatMap((s) => rest.map((r) => s + r))];
      return out.length > MAX_STARTS ? { starts, whole: false } : { starts: out, whole: false };
    }
    if (starts.length * next.starts.length > MAX_STARTS) return { starts, whole: false };
    if (quantifier === '{' || quantifier === '+' || !next.whole) return { starts: times(next.starts), whole: false };
    starts = times(next.starts);
    k = end;
  }
  return { starts, whole: true };
}

/** The pattern's top-level alternatives (split at bars outside groups and lists). */
function topLevel(src: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let depth = 0, inClass = false, k = 0; k < src.length; k++) {
    const c = src[k];
    if (c === '\\') k++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(src.slice(from, k));
      from = k + 1;
    }
  }
  out.push(src.slice(from));
  return out;
}

/** The index of the parenthesis closing the group opened at `open`, or -1. */
function closingParen(src: string, open: number): number {
  for (let depth = 0, inClass = false, k = open; k < src.length; k++) {
    const c = src[k];
    if (c === '\\') k++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return k;
  }
  return -1;
}

const add = <K, V>(map: Map<K, V[]>, key: K, value: V) => map.set(key, [...(map.get(key) ?? []), value]);

/** Each entity's pattern, sticky: tried at one place at a time. */
const sticky = new Map<string, RegExp>();
const stickyOf = (entity: Entity) => {
  let re = sticky.get(entity.id);
  if (!re) sticky.set(entity.id, (re = new RegExp(aliasPattern(entity.aliases).source, 'uy')));
  return re;
};

/**
 * The entities a mention can start at a character for, by the character (the aliases' first characters),
 * and those whose aliases may start anywhere. One pass over the text's word starts then tries only the
 * few entities a word's first letter allows (one alternation of every alias, tried at every word start,
 * cost 7 ms on 20 kB of names once the gazetteer held its languages).
 */
interface Dispatch {
  /** By the character's code (keys are numbers: a word start makes no string to look up). */
  byChar: Map<number, Entity[]>;
  anywhere: Entity[];
  /**
   * The entities whose every alias has a literal start (see {@link literalStarts}), by the first two
   * characters of those starts: such an entity is tried only where the text's two characters are one of
   * them. By first letter alone a word start tried three patterns on average (1 700 for the 9 mentions
   * of a 2.7 kB article), and trying a pattern costs about as much whether or not it matches. Keyed by
   * {@link pairKey}.
   */
  byPair: Map<number, Entity[]>;
}
const dispatches = new WeakMap<readonly Entity[], Dispatch>();
/** Two code units as one number (NaN past the end of a text: no key). */
const pairKey = (first: number, second: number) => first * 0x10000 + second;

/**
 * The dispatch table, built one entity a step, each entity's pattern compiled as it is entered (V8
 * compiles a pattern when it first runs). Together these cost a fresh page 20-30 ms: in the content
 * script they are sliced like the rest, rather than held in the first look's task.
 */
function* dispatchSteps(entities: readonly Entity[]): Steps<Dispatch> {
  const known = dispatches.get(entities);
  if (known) return known;
  const table: Dispatch = { byChar: new Map(), anywhere: [], byPair: new Map() };
  for (const entity of entities) {
    yield;
    // By the first two characters its aliases can start with; by the first where one starts with a
    // single known character; anywhere where one's start cannot be told ('').
    const starts = entity.aliases.flatMap(startsOf);
    if (starts.every((start) => start.length > 1))
      for (const pair of new Set(starts.map((start) => pairKey(start.charCodeAt(0), start.charCodeAt(1))))) add(table.byPair, pair, entity);
    else if (starts.includes('')) table.anywhere.push(entity);
    else for (const c of new Set(starts.map((start) => start.charCodeAt(0)))) add(table.byChar, c, entity);
    const re = stickyOf(entity);
    re.lastIndex = 0;
    re.exec('a');
  }
  dispatches.set(entities, table);
  return table;
}

/** Letters and digits, before which no mention starts (\b is ASCII-only in JS). */
let wordChar: RegExp | undefined;

/** Every mention of a gazetteer entity in `text`, in text order; overlapping mentions keep the longest. */
export function findEntities(text: string, entities: readonly Entity[] = ENTITIES): EntityMention[] {
  const scan = newScan(text, dispatches.get(entities) ?? runToEnd(dispatchSteps(entities)));
  scanRange(scan, 0, text.length);
  return settled(scan.found);
}

/** How many characters of text one step of {@link findEntitySteps} reads. */
const SCAN_STEP = 4_000;

/** {@link findEntities} as sliced work (./steps.ts): the table an entity a step, then the text a few kB a step. */
export function* findEntitySteps(text: string, entities: readonly Entity[] = ENTITIES): Steps<EntityMention[]> {
  const scan = newScan(text, yield* dispatchSteps(entities));
  for (let from = 0; from < text.length; from += SCAN_STEP) {
    if (from > 0) yield;
    scanRange(scan, from, Math.min(text.length, from + SCAN_STEP));
  }
  return settled(scan.found);
}

/** A scan of one text, carried from one range to the next. */
interface Scan {
  text: string;
  table: Dispatch;
  found: EntityMention[];
  /** Where each entity's last mention ends: like a scan of the whole text, a mention starts after the last. */
  endOf: Map<Entity, number>;
  previousIsWord: boolean;
}

function newScan(text: string, table: Dispatch): Scan {
  // The class is ranges of code points, tested one code unit at a time: no combined character is meant.
  // eslint-disable-next-line no-misleading-character-class
  wordChar ??= new RegExp(`[0-9${LETTER}]`, 'u');
  return { text, table, found: [], endOf: new Map(), previousIsWord: false };
}

/**
 * Reads the word starts in [from, to). A plain loop, called once per range: as a generator stepping
 * a character at a time, the same loop took a third longer and made more garbage.
 */
function scanRange(scan: Scan, from: number, to: number): void {
  const { text, table } = scan;
  let previousIsWord = scan.previousIsWord;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    const isWord = code < 128 ? (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122) : wordChar!.test(text[i]!);
    if (!previousIsWord && code !== 32) {
      // Looked up by number: a string cut out at every word start was most of a scan's cost.
      const byChar = table.byChar.get(code);
      if (byChar) tryAt(scan, byChar, i);
      const byPair = table.byPair.get(pairKey(code, text.charCodeAt(i + 1)));
      if (byPair) tryAt(scan, byPair, i);
      if (table.anywhere.length) tryAt(scan, table.anywhere, i);
    }
    previousIsWord = isWord;
  }
  scan.previousIsWord = previousIsWord;
}

/** Tries each entity of a group at `i`. */
function tryAt(scan: Scan, group: readonly Entity[], i: number): void {
  for (const entity of group) {
    if ((scan.endOf.get(entity) ?? 0) > i) continue;
    const re = stickyOf(entity);
    re.lastIndex = i;
    const m = re.exec(scan.text);
    if (!m || m[0].length === 0) continue;
    scan.found.push({ entity, index: i, length: m[0].length, text: m[0] });
    scan.endOf.set(entity, i + m[0].length);
  }
}

/** The mentions in text order; of two names of one kind on one span, the longer. */
function settled(found: EntityMention[]): EntityMention[] {
  found.sort((a, b) => a.index - b.index || b.length - a.length);
  const out: EntityMention[] = [];
  let end = -1;
  for (const m of found) {
    // Events ("annexation of Crimea") may contain places; keep both, but not two names on one span.
    const last = out[out.length - 1];
    if (m.index < end && last && last.entity.kind === m.entity.kind) continue;
    out.push(m);
    end = Math.max(end, m.index + m.length);
  }
  return out;
}

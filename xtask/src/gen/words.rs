//! Pseudo-languages: vocabularies and text that look like French, English, Spanish and Portuguese
//! to a search engine.
//!
//! A search index is sensitive to the *statistics* of text far more than to its meaning: how many
//! distinct terms there are, how often the frequent ones occur (stop words, posting-list lengths),
//! how long words are, which accented letters have to be folded. So each language gets:
//!
//! - ~20,000 pseudo-words built from syllables flavoured like the language (French `é è ç ou eu`,
//!   Spanish `ñ ll á ción`, Portuguese `ã õ lh nh ção`, English `th sh ee ing`), ranked so that
//!   short words are frequent (Zipf's law of abbreviation);
//! - ~160 real words of the domain ("territoire", "énergie", "coopérative", …) slotted among the
//!   frequent ranks, so that a query with a real word finds resources and descriptors;
//! - ~40 real function words ("de", "la", "the", "que", …) that make up about a third of running
//!   text, as they do in real text;
//! - Zipf sampling (s = 1.0): function words take the first ranks and content words the ranks
//!   after them, so term frequencies have the long tail of real text.
//!
//! The vocabulary depends only on the seed, never on the number of resources.

use super::rng::{Rng, Zipf};

/// The four languages of the generated commons, in the order of `[commons] languages`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    Fr,
    En,
    Es,
    Pt,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::Fr, Lang::En, Lang::Es, Lang::Pt];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Pt => "pt",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// Number of pseudo-words per language.
pub const PSEUDO_WORDS: usize = 20_000;

/// The exponent of the Zipf law used for word frequencies.
const ZIPF_S: f64 = 1.0;

/// The share of function words in running text: about what one Zipf law over the whole
/// vocabulary gives the 40 most frequent words (H(40) / H(20,200) ≈ 0.4), a little less because
/// they never follow each other or end a run.
const FUNCTION_SHARE: f64 = 0.35;

struct Phonology {
    onsets: &'static [&'static str],
    nuclei: &'static [&'static str],
    codas: &'static [&'static str],
    endings: &'static [&'static str],
}

const FR_PHON: Phonology = Phonology {
    onsets: &[
        "b", "c", "d", "f", "g", "j", "l", "m", "n", "p", "r", "s", "t", "v", "ch", "br", "cr",
        "dr", "fr", "gr", "pl", "pr", "tr", "qu", "gn", "ç", "bl", "cl", "vr",
    ],
    nuclei: &[
        "a", "e", "i", "o", "u", "é", "è", "ê", "ou", "ai", "au", "eu", "oi", "an", "en", "on",
        "in", "é", "a", "e", "i",
    ],
    codas: &["r", "l", "s", "n", "t", "x", "rt", "nt", "c"],
    endings: &[
        "e", "ion", "ité", "ment", "eur", "age", "ière", "çon", "ance", "oire", "isme", "eau",
        "ette", "ais", "elle", "ée",
    ],
};

const EN_PHON: Phonology = Phonology {
    onsets: &[
        "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "th", "sh",
        "wh", "st", "str", "bl", "cl", "cr", "gr", "pl", "tr", "sp", "br", "fl", "y",
    ],
    nuclei: &[
        "a", "e", "i", "o", "u", "ee", "oo", "ea", "ai", "ow", "ou", "a", "e", "i", "o",
    ],
    codas: &[
        "ng", "ck", "st", "nd", "th", "rk", "t", "n", "r", "l", "s", "m", "ll", "x",
    ],
    endings: &[
        "ing", "tion", "ness", "ment", "er", "ly", "ity", "ful", "ship", "ward", "able", "ism",
        "ers", "ed",
    ],
};

const ES_PHON: Phonology = Phonology {
    onsets: &[
        "b", "c", "d", "f", "g", "j", "l", "m", "n", "p", "r", "s", "t", "v", "z", "ch", "ll", "ñ",
        "rr", "br", "cr", "dr", "fr", "gr", "pl", "pr", "tr", "qu", "gu", "bl",
    ],
    nuclei: &[
        "a", "e", "i", "o", "u", "á", "é", "í", "ó", "ú", "ue", "ie", "ia", "io", "a", "e", "o",
    ],
    codas: &["r", "l", "s", "n", "d", "z", "st", "ns"],
    endings: &[
        "ción", "dad", "mente", "ero", "era", "ista", "ía", "ado", "ada", "ismo", "ento", "ores",
        "anza", "ñez",
    ],
};

const PT_PHON: Phonology = Phonology {
    onsets: &[
        "b", "c", "d", "f", "g", "j", "l", "m", "n", "p", "r", "s", "t", "v", "x", "z", "ch", "lh",
        "nh", "ç", "br", "cr", "dr", "fr", "gr", "pl", "pr", "tr", "qu", "ss",
    ],
    nuclei: &[
        "a", "e", "i", "o", "u", "ã", "õ", "ê", "ô", "á", "é", "í", "ei", "ou", "ai", "a", "e", "o",
    ],
    codas: &["r", "l", "s", "m", "n", "z", "x"],
    endings: &[
        "ção", "ções", "dade", "mente", "eiro", "eira", "agem", "ões", "ância", "ismo", "ado",
        "inho", "ão",
    ],
};

// Function words, most frequent first.
#[rustfmt::skip]
const FR_FUNCTION: &[&str] = &[
    "de", "la", "le", "et", "les", "des", "en", "du", "un", "une", "à", "pour", "dans", "par",
    "sur", "au", "aux", "avec", "est", "sont", "qui", "que", "ce", "cette", "ces", "leur", "leurs",
    "entre", "vers", "sans", "plus", "comme", "ou", "son", "sa", "ses", "il", "elle", "nous", "se",
];
#[rustfmt::skip]
const EN_FUNCTION: &[&str] = &[
    "the", "of", "and", "to", "in", "a", "for", "on", "with", "by", "is", "are", "as", "from",
    "at", "that", "this", "these", "their", "its", "an", "be", "or", "between", "towards",
    "without", "more", "into", "how", "what", "which", "new", "through", "about", "within",
    "across", "our", "we", "they", "it",
];
#[rustfmt::skip]
const ES_FUNCTION: &[&str] = &[
    "de", "la", "el", "y", "los", "las", "en", "del", "un", "una", "a", "para", "por", "con",
    "sobre", "al", "es", "son", "que", "como", "entre", "hacia", "sin", "más", "su", "sus", "se",
    "o", "este", "esta", "estos", "lo", "le", "nos", "desde", "hasta", "cuando", "donde", "muy",
    "también",
];
#[rustfmt::skip]
const PT_FUNCTION: &[&str] = &[
    "de", "a", "o", "e", "os", "as", "em", "do", "da", "dos", "das", "um", "uma", "para", "por",
    "com", "sobre", "ao", "é", "são", "que", "como", "entre", "sem", "mais", "seu", "sua", "seus",
    "se", "ou", "este", "esta", "no", "na", "nos", "nas", "pela", "pelo", "também", "quando",
];

// Real words of the domain, mixed among the frequent ranks of the content words.
#[rustfmt::skip]
const FR_DOMAIN: &[&str] = &[
    "territoire", "énergie", "coopérative", "participatif", "participative", "gouvernance",
    "transition", "économie", "solidaire", "sociale", "social", "habitat", "logement",
    "agriculture", "alimentation", "eau", "forêt", "biodiversité", "climat", "mobilité",
    "transport", "ville", "quartier", "commune", "région", "village", "citoyen", "citoyenne",
    "citoyenneté", "démocratie", "budget", "association", "réseau", "acteurs", "politique",
    "politiques", "public", "publique", "espace", "paysage", "patrimoine", "culture", "éducation",
    "santé", "travail", "emploi", "monnaie", "finance", "commerce", "marché", "entreprise",
    "innovation", "recherche", "université", "école", "jeunesse", "femmes", "migration",
    "pauvreté", "inégalités", "droits", "foncier", "terre", "sol", "déchets", "recyclage",
    "circuit", "court", "local", "locale", "durable", "développement", "résilience", "communs",
    "gestion", "planification", "urbanisme", "aménagement", "métropole", "rural", "urbain",
    "urbaine", "périurbain", "coopération", "partenariat", "dialogue", "concertation", "conflit",
    "médiation", "justice", "solidarité", "autonomie", "souveraineté", "alimentaire",
    "énergétique", "écologique", "environnement", "pollution", "littoral", "montagne", "fleuve",
    "bassin", "infrastructure", "réseaux", "numérique", "information", "connaissance", "savoirs",
    "mémoire", "identité", "diversité", "inclusion", "handicap", "vieillissement", "famille",
    "communauté", "collectif", "collective", "initiative", "projet", "expérience", "analyse",
    "proposition", "charte", "alliance", "mutualisation", "économique", "production",
    "consommation", "sobriété", "efficacité", "rénovation", "bâtiment", "construction",
    "fiscalité", "subvention", "investissement", "dette", "banque", "crédit", "microcrédit",
    "tourisme", "artisanat", "industrie", "filière", "formation", "apprentissage", "échelle",
    "articulation", "décentralisation", "municipalité", "élus", "habitants", "voisinage", "jardin",
    "potager", "compost", "vélo", "paysans", "semences", "coopératives", "monnaies", "flux",
    "services", "écosystème", "écosystèmes", "métabolisme", "démocratique",
];
#[rustfmt::skip]
const EN_DOMAIN: &[&str] = &[
    "territory", "energy", "cooperative", "participatory", "governance", "transition", "economy",
    "solidarity", "social", "housing", "habitat", "agriculture", "food", "water", "forest",
    "biodiversity", "climate", "mobility", "transport", "city", "neighbourhood", "municipality",
    "region", "village", "citizen", "citizens", "citizenship", "democracy", "budget",
    "association", "network", "actors", "policy", "policies", "public", "space", "landscape",
    "heritage", "culture", "education", "health", "work", "employment", "money", "finance",
    "trade", "market", "enterprise", "innovation", "research", "university", "school", "youth",
    "women", "migration", "poverty", "inequality", "rights", "land", "soil", "waste", "recycling",
    "circuit", "short", "local", "sustainable", "development", "resilience", "commons",
    "management", "planning", "urbanism", "metropolis", "rural", "urban", "periurban",
    "cooperation", "partnership", "dialogue", "consultation", "conflict", "mediation", "justice",
    "autonomy", "sovereignty", "ecological", "environment", "pollution", "coast", "mountain",
    "river", "basin", "infrastructure", "networks", "digital", "information", "knowledge",
    "memory", "identity", "diversity", "inclusion", "disability", "ageing", "family", "community",
    "collective", "initiative", "project", "experience", "analysis", "proposal", "charter",
    "alliance", "pooling", "economic", "production", "consumption", "sufficiency", "efficiency",
    "renovation", "building", "construction", "taxation", "subsidy", "investment", "debt", "bank",
    "credit", "microcredit", "tourism", "crafts", "industry", "training", "learning", "scale",
    "articulation", "decentralisation", "elected", "inhabitants", "garden", "compost", "bicycle",
    "farmers", "seeds", "cooperatives", "currencies", "flows", "services", "ecosystem",
    "ecosystems", "metabolism", "renewable", "wellbeing", "territorial", "governments", "grassroots",
    "mutual", "participation", "equity", "neighbourhoods", "biomass",
];
#[rustfmt::skip]
const ES_DOMAIN: &[&str] = &[
    "territorio", "energía", "cooperativa", "participativo", "participativa", "gobernanza",
    "transición", "economía", "solidaria", "social", "vivienda", "hábitat", "agricultura",
    "alimentación", "agua", "bosque", "biodiversidad", "clima", "movilidad", "transporte",
    "ciudad", "barrio", "municipio", "región", "pueblo", "ciudadano", "ciudadana", "ciudadanía",
    "democracia", "presupuesto", "asociación", "red", "actores", "política", "políticas",
    "público", "pública", "espacio", "paisaje", "patrimonio", "cultura", "educación", "salud",
    "trabajo", "empleo", "moneda", "finanzas", "comercio", "mercado", "empresa", "innovación",
    "investigación", "universidad", "escuela", "juventud", "mujeres", "migración", "pobreza",
    "desigualdades", "derechos", "tierra", "suelo", "residuos", "reciclaje", "circuito", "corto",
    "local", "sostenible", "desarrollo", "resiliencia", "comunes", "gestión", "planificación",
    "urbanismo", "ordenamiento", "metrópoli", "rural", "urbano", "urbana", "periurbano",
    "cooperación", "alianza", "diálogo", "concertación", "conflicto", "mediación", "justicia",
    "solidaridad", "autonomía", "soberanía", "alimentaria", "energética", "ecológica", "ambiente",
    "contaminación", "litoral", "montaña", "río", "cuenca", "infraestructura", "redes", "digital",
    "información", "conocimiento", "saberes", "memoria", "identidad", "diversidad", "inclusión",
    "discapacidad", "envejecimiento", "familia", "comunidad", "colectivo", "colectiva",
    "iniciativa", "proyecto", "experiencia", "análisis", "propuesta", "carta", "mutualización",
    "económica", "producción", "consumo", "sobriedad", "eficiencia", "renovación", "edificio",
    "construcción", "fiscalidad", "subvención", "inversión", "deuda", "banco", "crédito",
    "microcrédito", "turismo", "artesanía", "industria", "formación", "aprendizaje", "escala",
    "articulación", "descentralización", "electos", "habitantes", "vecindad", "huerto",
    "compostaje", "bicicleta", "campesinos", "semillas", "cooperativas", "monedas", "flujos",
    "servicios", "ecosistema", "ecosistemas", "metabolismo", "niños", "señales", "compañeros",
    "acompañamiento", "diseño",
];
#[rustfmt::skip]
const PT_DOMAIN: &[&str] = &[
    "território", "energia", "cooperativa", "participativo", "participativa", "governança",
    "transição", "economia", "solidária", "social", "habitação", "moradia", "agricultura",
    "alimentação", "água", "floresta", "biodiversidade", "clima", "mobilidade", "transporte",
    "cidade", "bairro", "município", "região", "aldeia", "cidadão", "cidadã", "cidadania",
    "democracia", "orçamento", "associação", "rede", "atores", "política", "políticas", "público",
    "pública", "espaço", "paisagem", "patrimônio", "cultura", "educação", "saúde", "trabalho",
    "emprego", "moeda", "finanças", "comércio", "mercado", "empresa", "inovação", "pesquisa",
    "universidade", "escola", "juventude", "mulheres", "migração", "pobreza", "desigualdades",
    "direitos", "terra", "solo", "resíduos", "reciclagem", "circuito", "curto", "local",
    "sustentável", "desenvolvimento", "resiliência", "comuns", "gestão", "planejamento",
    "urbanismo", "ordenamento", "metrópole", "rural", "urbano", "urbana", "periurbano",
    "cooperação", "parceria", "diálogo", "concertação", "conflito", "mediação", "justiça",
    "solidariedade", "autonomia", "soberania", "alimentar", "energética", "ecológica", "ambiente",
    "poluição", "litoral", "montanha", "rio", "bacia", "infraestrutura", "redes", "digital",
    "informação", "conhecimento", "saberes", "memória", "identidade", "diversidade", "inclusão",
    "deficiência", "envelhecimento", "família", "comunidade", "coletivo", "coletiva", "iniciativa",
    "projeto", "experiência", "análise", "proposta", "carta", "aliança", "mutualização",
    "econômica", "produção", "consumo", "sobriedade", "eficiência", "renovação", "edifício",
    "construção", "fiscalidade", "subvenção", "investimento", "dívida", "banco", "crédito",
    "microcrédito", "turismo", "artesanato", "indústria", "formação", "aprendizagem", "escala",
    "articulação", "descentralização", "eleitos", "habitantes", "vizinhança", "horta",
    "compostagem", "bicicleta", "camponeses", "sementes", "cooperativas", "moedas", "fluxos",
    "serviços", "ecossistema", "ecossistemas", "metabolismo", "favela", "mutirão", "quilombo",
    "assentamento", "ações",
];

/// Small fragments that exercise escaping (quotes, `&`, `<`, guillemets, apostrophes) in every
/// output format. Markup stays literal text, as FEEDS.md requires.
#[rustfmt::skip]
const TRICKY: &[&str] = &[
    "R&D", "« circuits courts »", "\"bottom-up\"", "<b>", "100 % local", "2 < 3",
    "l'État & les communes", "AT&T", "5 > 4", "'quoted'",
];

fn phonology(lang: Lang) -> &'static Phonology {
    match lang {
        Lang::Fr => &FR_PHON,
        Lang::En => &EN_PHON,
        Lang::Es => &ES_PHON,
        Lang::Pt => &PT_PHON,
    }
}

fn function_words(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Fr => FR_FUNCTION,
        Lang::En => EN_FUNCTION,
        Lang::Es => ES_FUNCTION,
        Lang::Pt => PT_FUNCTION,
    }
}

fn domain_words(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Fr => FR_DOMAIN,
        Lang::En => EN_DOMAIN,
        Lang::Es => ES_DOMAIN,
        Lang::Pt => PT_DOMAIN,
    }
}

/// Lowercase and strip the accents our generators produce: the key under which two labels are
/// "the same" for a search engine that folds case and accents.
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ÿ' => 'y',
            other => other,
        })
        .collect()
}

/// `s` with its first letter in upper case.
pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn push_capitalized(out: &mut String, word: &str) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
}

/// The words of one language and the laws to draw them.
pub struct Vocabulary {
    pub lang: Lang,
    function: &'static [&'static str],
    /// Content words, most frequent first: pseudo-words with the real domain words mixed in.
    content: Vec<String>,
    function_zipf: Zipf,
    content_zipf: Zipf,
}

impl Vocabulary {
    /// Build the vocabulary of `lang` for the run seeded with `seed`.
    pub fn new(seed: u64, lang: Lang) -> Self {
        let mut rng = Rng::stream(seed, &format!("words/{}", lang.code()));
        let phon = phonology(lang);
        let function = function_words(lang);
        let domain = domain_words(lang);

        // Words that pseudo-words must not duplicate.
        let mut taken: std::collections::BTreeSet<String> = function
            .iter()
            .chain(domain.iter())
            .map(|w| w.to_string())
            .collect();
        let mut pseudo: Vec<(usize, String)> = Vec::with_capacity(PSEUDO_WORDS);
        while pseudo.len() < PSEUDO_WORDS {
            let word = pseudo_word(&mut rng, phon);
            if word.chars().count() < 3 || !taken.insert(word.clone()) {
                continue;
            }
            // Shorter words are more frequent; the noise keeps lengths interleaved a little.
            let key = word.chars().count() * 4 + rng.below(9);
            pseudo.push((key, word));
        }
        pseudo.sort_by_key(|(key, _)| *key); // stable: ties keep generation order
        let mut content: Vec<String> = pseudo.into_iter().map(|(_, w)| w).collect();

        // Slot the real words among the frequent ranks (about 2 to 650): in the domain's own
        // texts "territoire" or "énergie" are among the most frequent content words.
        let mut real: Vec<&str> = Vec::new();
        for w in domain {
            if !real.contains(w) {
                real.push(w);
            }
        }
        rng.shuffle(&mut real);
        for (i, w) in real.iter().enumerate() {
            let pos = 2 + i * 4 + rng.below(4);
            content.insert(pos.min(content.len()), w.to_string());
        }

        Vocabulary {
            lang,
            function,
            function_zipf: Zipf::new(function.len(), ZIPF_S, 0),
            // Content words take the ranks after the function words.
            content_zipf: Zipf::new(content.len(), ZIPF_S, function.len()),
            content,
        }
    }

    /// Number of distinct words (function and content).
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.function.len() + self.content.len()
    }

    pub fn content_word(&self, rng: &mut Rng) -> &str {
        &self.content[self.content_zipf.sample(rng)]
    }

    pub fn function_word(&self, rng: &mut Rng) -> &'static str {
        self.function[self.function_zipf.sample(rng)]
    }

    /// A real domain word, uniformly (used to make descriptor labels searchable).
    pub fn domain_word(&self, rng: &mut Rng) -> &'static str {
        rng.pick(domain_words(self.lang))
    }

    /// Append `n` words of running text to `out` (no capital, no final period).
    pub fn push_words(&self, rng: &mut Rng, out: &mut String, n: usize) {
        let mut prev_function = true; // no function word as the very first token of a run
        let mut pending: Option<&'static str> = None;
        for i in 0..n {
            let last = i + 1 == n;
            if !prev_function && !last && rng.chance(FUNCTION_SHARE * 1.5) {
                // Function words are emitted lazily to apply French elision (l', d', qu').
                pending = Some(self.function_word(rng));
                prev_function = true;
                continue;
            }
            let word = self.content_word(rng);
            if let Some(f) = pending.take() {
                if !out.is_empty() && !out.ends_with(' ') && !out.ends_with('\n') {
                    out.push(' ');
                }
                match elided(self.lang, f, word) {
                    Some(e) => out.push_str(e),
                    None => {
                        out.push_str(f);
                        out.push(' ');
                    }
                }
            } else if !out.is_empty() && !out.ends_with(' ') && !out.ends_with('\n') {
                out.push(' ');
            }
            out.push_str(word);
            prev_function = false;
        }
    }

    /// A title of `n` words: capital first letter, no final period, rarely a tricky fragment.
    pub fn title(&self, rng: &mut Rng, n: usize) -> String {
        let mut s = String::with_capacity(n * 9);
        self.push_words(rng, &mut s, n);
        if rng.chance(0.004) {
            s.push(' ');
            s.push_str(rng.pick(TRICKY));
        }
        capitalize(&s)
    }

    /// About `n` words in sentences of 6 to 18 words, each capitalised and ended by a period.
    pub fn paragraph(&self, rng: &mut Rng, n: usize) -> String {
        let mut s = String::with_capacity(n * 9);
        let mut left = n;
        while left > 0 {
            let mut len = rng.range(6, 18).min(left);
            if left - len < 6 {
                len = left; // no two-word sentence at the end
            }
            left -= len;
            let start = s.len();
            let mut sentence = String::new();
            // A comma now and then inside longer sentences.
            if len >= 10 && rng.chance(0.5) {
                let cut = rng.range(3, len - 3);
                self.push_words(rng, &mut sentence, cut);
                sentence.push(',');
                self.push_words(rng, &mut sentence, len - cut);
            } else {
                self.push_words(rng, &mut sentence, len);
            }
            if rng.chance(0.01) {
                sentence.push(' ');
                sentence.push_str(rng.pick(TRICKY));
            }
            if start > 0 {
                // A rare paragraph break exercises line breaks in CSV and JSON.
                s.push(if rng.chance(0.003) { '\n' } else { ' ' });
            }
            push_capitalized(&mut s, &sentence);
            s.push('.');
        }
        s
    }

    /// A thesaurus label of 1 to 4 content words, lower case, often opening with a real word.
    pub fn label(&self, rng: &mut Rng) -> String {
        let n = rng.pick(&[1usize, 2, 2, 2, 3, 3, 3, 4]);
        let mut s = String::new();
        for i in 0..n {
            let word = if i == 0 && rng.chance(0.45) {
                self.domain_word(rng)
            } else {
                self.content_word(rng)
            };
            if i > 0 {
                if rng.chance(0.45) {
                    let f = self.label_link(rng);
                    match elided(self.lang, f, word) {
                        Some(e) => {
                            s.push(' ');
                            s.push_str(e);
                        }
                        None => {
                            s.push(' ');
                            s.push_str(f);
                            s.push(' ');
                        }
                    }
                } else {
                    s.push(' ');
                }
            }
            s.push_str(word);
        }
        s
    }

    /// The linking words of thesaurus labels ("politique *de* la ville", "land *and* housing").
    fn label_link(&self, rng: &mut Rng) -> &'static str {
        let links: &[&str] = match self.lang {
            Lang::Fr => &["de", "et", "des", "du", "pour", "de la"],
            Lang::En => &["of", "and", "for", "in", "of the"],
            Lang::Es => &["de", "y", "del", "para", "de la"],
            Lang::Pt => &["de", "e", "do", "da", "para"],
        };
        rng.pick(links)
    }
}

/// French elision: "de" + "énergie" → "d'énergie". Returns the elided prefix, or None.
fn elided(lang: Lang, function: &str, next: &str) -> Option<&'static str> {
    if lang != Lang::Fr {
        return None;
    }
    let first = next.chars().next()?;
    if !matches!(first, 'a' | 'e' | 'i' | 'o' | 'u' | 'é' | 'è' | 'ê' | 'h') {
        return None;
    }
    match function {
        "de" => Some("d'"),
        "le" | "la" => Some("l'"),
        "que" => Some("qu'"),
        "se" => Some("s'"),
        "de la" => Some("de l'"),
        _ => None,
    }
}

fn pseudo_word(rng: &mut Rng, phon: &Phonology) -> String {
    let syllables = [1usize, 2, 3, 4][rng.weighted(&[3.0, 5.0, 4.0, 1.5])];
    let mut w = String::new();
    for i in 0..syllables {
        if i > 0 || rng.chance(0.75) {
            w.push_str(rng.pick(phon.onsets));
        }
        w.push_str(rng.pick(phon.nuclei));
        if rng.chance(if i + 1 == syllables { 0.35 } else { 0.15 }) {
            w.push_str(rng.pick(phon.codas));
        }
    }
    if rng.chance(0.3) {
        w.push_str(rng.pick(phon.endings));
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_is_large_unique_and_clean() {
        for lang in Lang::ALL {
            let v = Vocabulary::new(1, lang);
            assert!(v.len() >= PSEUDO_WORDS + 150, "{lang:?}: {}", v.len());
            let set: std::collections::BTreeSet<&String> = v.content.iter().collect();
            assert_eq!(set.len(), v.content.len(), "{lang:?} has duplicate words");
            for w in &v.content {
                assert!(!w.is_empty() && !w.contains(char::is_whitespace) && !w.contains('|'));
            }
            // Real words sit among the frequent ranks.
            let pos = v
                .content
                .iter()
                .position(|w| w == domain_words(lang)[0])
                .unwrap();
            assert!(pos < 1_000);
        }
    }

    #[test]
    fn languages_have_their_letters() {
        let mut rng = Rng::new(5);
        let fr = Vocabulary::new(1, Lang::Fr).paragraph(&mut rng, 3000);
        assert!(fr.contains('é') && fr.contains('ç'));
        let es = Vocabulary::new(1, Lang::Es).paragraph(&mut rng, 3000);
        assert!(es.contains('ñ') && es.contains('á'));
        let pt = Vocabulary::new(1, Lang::Pt).paragraph(&mut rng, 3000);
        assert!(pt.contains('ã') && pt.contains('ç'));
    }

    #[test]
    fn text_has_the_requested_shape() {
        let v = Vocabulary::new(2, Lang::En);
        let mut rng = Rng::new(9);
        let t = v.title(&mut rng, 7);
        assert!(t.chars().next().unwrap().is_uppercase());
        assert!(!t.ends_with('.'));
        let p = v.paragraph(&mut rng, 40);
        assert!(p.ends_with('.'));
        let words = p.split_whitespace().count();
        assert!((38..=60).contains(&words), "{words}: {p}");
    }

    #[test]
    fn fold_strips_case_and_accents() {
        assert_eq!(fold("Énergie Ção Ñandú"), "energie cao nandu");
    }
}

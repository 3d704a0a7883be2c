//! Stop word lists, one per language, as the analyzer compares them: folded and sorted.
//!
//! These are the Snowball project's lists (<https://snowballstem.org>, BSD licence) for French,
//! English, Spanish and Portuguese, with three adjustments that follow from how the analyzer
//! works:
//!
//! - every word is folded with [`fold`](super::fold), because the analyzer only ever asks about
//!   folded words: "à" is stored as "a", "étaient" as "etaient", "más" as "mas". Folding merges a
//!   few pairs ("tú"/"tu", "él"/"el", "sí"/"si"); each is kept once.
//! - the English contractions ("don't", "it's") are left out: tokens never contain an
//!   apostrophe. What the tokenizer leaves of them instead, the clitic fragments "s", "t", "d",
//!   "ll", "m", "re" and "ve", is listed in their place.
//! - the lists are sorted, so that [`is_stop_word`](super::Analyzer::is_stop_word) is a binary
//!   search; a test checks that each list is folded, sorted and without duplicates.

#[rustfmt::skip]
pub(super) const FRENCH: &[&str] = &[
    "a", "ai", "aie", "aient", "aies", "ait", "au", "aurai", "auraient", "aurais", "aurait",
    "aurez", "auriez", "aurions", "aurons", "auront", "aux", "avaient", "avais", "avait", "avec",
    "avez", "aviez", "avons", "ayant", "ayez", "ayons", "c", "ce", "ceci", "cela", "ces", "cet",
    "cette", "d", "dans", "de", "des", "du", "elle", "en", "es", "et", "etaient", "etais", "etait",
    "etant", "etee", "etees", "etes", "etiez", "etions", "eu", "eue", "eues", "eumes", "eurent",
    "eus", "eusse", "eussent", "eusses", "eussiez", "eussions", "eut", "eutes", "eux", "fumes",
    "furent", "fus", "fusse", "fussent", "fusses", "fussiez", "fussions", "fut", "futes", "ici",
    "il", "ils", "j", "je", "l", "la", "le", "les", "leur", "leurs", "lui", "m", "ma", "mais", "me",
    "meme", "mes", "moi", "mon", "n", "ne", "nos", "notre", "nous", "on", "ont", "ou", "par", "pas",
    "pour", "qu", "que", "quel", "quelle", "quelles", "quels", "qui", "s", "sa", "sans", "se",
    "sera", "serai", "seraient", "serais", "serait", "seras", "serez", "seriez", "serions",
    "serons", "seront", "ses", "soi", "soient", "sois", "soit", "sont", "soyez", "soyons", "suis",
    "sur", "t", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "y",
];

#[rustfmt::skip]
pub(super) const ENGLISH: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are",
    "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
    "could", "d", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from",
    "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him",
    "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "ll", "m", "me",
    "more", "most", "my", "myself", "no", "nor", "not", "of", "off", "on", "once", "only", "or",
    "other", "ought", "our", "ours", "ourselves", "out", "over", "own", "re", "s", "same", "she",
    "should", "so", "some", "such", "t", "than", "that", "the", "their", "theirs", "them",
    "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too",
    "under", "until", "up", "ve", "very", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "whom", "why", "with", "would", "you", "your", "yours", "yourself",
    "yourselves",
];

#[rustfmt::skip]
pub(super) const SPANISH: &[&str] = &[
    "a", "al", "algo", "algunas", "algunos", "ante", "antes", "como", "con", "contra", "cual",
    "cuando", "de", "del", "desde", "donde", "durante", "e", "el", "ella", "ellas", "ellos", "en",
    "entre", "era", "erais", "eramos", "eran", "eras", "eres", "es", "esa", "esas", "ese", "eso",
    "esos", "esta", "estaba", "estabais", "estabamos", "estaban", "estabas", "estad", "estais",
    "estamos", "estan", "estando", "estar", "estara", "estaran", "estaras", "estare", "estareis",
    "estaremos", "estaria", "estariais", "estariamos", "estarian", "estarias", "estas", "este",
    "esteis", "estemos", "esten", "estes", "esto", "estos", "estoy", "estuve", "estuviera",
    "estuvierais", "estuvieramos", "estuvieran", "estuvieras", "estuvieron", "estuviese",
    "estuvieseis", "estuviesemos", "estuviesen", "estuvieses", "estuvimos", "estuviste",
    "estuvisteis", "estuvo", "fue", "fuera", "fuerais", "fueramos", "fueran", "fueras", "fueron",
    "fuese", "fueseis", "fuesemos", "fuesen", "fueses", "fui", "fuimos", "fuiste", "fuisteis", "ha",
    "habeis", "habia", "habiais", "habiamos", "habian", "habias", "habida", "habidas", "habido",
    "habidos", "habiendo", "habra", "habran", "habras", "habre", "habreis", "habremos", "habria",
    "habriais", "habriamos", "habrian", "habrias", "han", "has", "hasta", "hay", "haya", "hayais",
    "hayamos", "hayan", "hayas", "he", "hemos", "hube", "hubiera", "hubierais", "hubieramos",
    "hubieran", "hubieras", "hubieron", "hubiese", "hubieseis", "hubiesemos", "hubiesen",
    "hubieses", "hubimos", "hubiste", "hubisteis", "hubo", "la", "las", "le", "les", "lo", "los",
    "mas", "me", "mi", "mia", "mias", "mio", "mios", "mis", "mucho", "muchos", "muy", "nada", "ni",
    "no", "nos", "nosotras", "nosotros", "nuestra", "nuestras", "nuestro", "nuestros", "o", "os",
    "otra", "otras", "otro", "otros", "para", "pero", "poco", "por", "porque", "que", "quien",
    "quienes", "se", "sea", "seais", "seamos", "sean", "seas", "sera", "seran", "seras", "sere",
    "sereis", "seremos", "seria", "seriais", "seriamos", "serian", "serias", "si", "sido", "siendo",
    "sin", "sobre", "sois", "somos", "son", "soy", "su", "sus", "suya", "suyas", "suyo", "suyos",
    "tambien", "tanto", "te", "tendra", "tendran", "tendras", "tendre", "tendreis", "tendremos",
    "tendria", "tendriais", "tendriamos", "tendrian", "tendrias", "tened", "teneis", "tenemos",
    "tenga", "tengais", "tengamos", "tengan", "tengas", "tengo", "tenia", "teniais", "teniamos",
    "tenian", "tenias", "tenida", "tenidas", "tenido", "tenidos", "teniendo", "ti", "tiene",
    "tienen", "tienes", "todo", "todos", "tu", "tus", "tuve", "tuviera", "tuvierais", "tuvieramos",
    "tuvieran", "tuvieras", "tuvieron", "tuviese", "tuvieseis", "tuviesemos", "tuviesen",
    "tuvieses", "tuvimos", "tuviste", "tuvisteis", "tuvo", "tuya", "tuyas", "tuyo", "tuyos", "un",
    "una", "uno", "unos", "vosotras", "vosotros", "vuestra", "vuestras", "vuestro", "vuestros", "y",
    "ya", "yo",
];

#[rustfmt::skip]
pub(super) const PORTUGUESE: &[&str] = &[
    "a", "ao", "aos", "aquela", "aquelas", "aquele", "aqueles", "aquilo", "as", "ate", "com",
    "como", "da", "das", "de", "dela", "delas", "dele", "deles", "depois", "do", "dos", "e", "ela",
    "elas", "ele", "eles", "em", "entre", "era", "eram", "eramos", "essa", "essas", "esse", "esses",
    "esta", "estamos", "estao", "estas", "estava", "estavam", "estavamos", "este", "esteja",
    "estejam", "estejamos", "estes", "esteve", "estive", "estivemos", "estiver", "estivera",
    "estiveram", "estiveramos", "estiverem", "estivermos", "estivesse", "estivessem",
    "estivessemos", "estou", "eu", "foi", "fomos", "for", "fora", "foram", "foramos", "forem",
    "formos", "fosse", "fossem", "fossemos", "fui", "ha", "haja", "hajam", "hajamos", "hao",
    "havemos", "hei", "houve", "houvemos", "houver", "houvera", "houveram", "houveramos",
    "houverao", "houverei", "houverem", "houveremos", "houveria", "houveriam", "houveriamos",
    "houvermos", "houvesse", "houvessem", "houvessemos", "isso", "isto", "ja", "lhe", "lhes",
    "mais", "mas", "me", "mesmo", "meu", "meus", "minha", "minhas", "muito", "na", "nao", "nas",
    "nem", "no", "nos", "nossa", "nossas", "nosso", "nossos", "num", "numa", "o", "os", "ou",
    "para", "pela", "pelas", "pelo", "pelos", "por", "qual", "quando", "que", "quem", "sao", "se",
    "seja", "sejam", "sejamos", "sem", "sera", "serao", "serei", "seremos", "seria", "seriam",
    "seriamos", "seu", "seus", "so", "somos", "sou", "sua", "suas", "tambem", "te", "tem", "temos",
    "tenha", "tenham", "tenhamos", "tenho", "tera", "terao", "terei", "teremos", "teria", "teriam",
    "teriamos", "teu", "teus", "teve", "tinha", "tinham", "tinhamos", "tive", "tivemos", "tiver",
    "tivera", "tiveram", "tiveramos", "tiverem", "tivermos", "tivesse", "tivessem", "tivessemos",
    "tu", "tua", "tuas", "um", "uma", "voce", "voces", "vos",
];

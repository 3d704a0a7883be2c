//! Every string the widget shows, in French, English, Spanish and Portuguese.
//!
//! One table, not strings scattered in components: a component asks for a [`Msg`] and gets the
//! text in the visitor's [`UiLang`]. Adding a message means adding a variant and four lines in
//! [`text`]; the compiler then points at every language that lacks it, because each language is
//! one exhaustive `match`.
//!
//! Thesaurus labels, site names and type names are *data* (from the index) and do not go through
//! this table: they follow the visitor's language through `Labels::best` (see `state::Atlas`).
//!
//! Pure Rust, no browser API, so that it is tested natively.

use crate::model::{Lang, NoteKind};

/// A language the interface is translated into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum UiLang {
    Fr,
    #[default]
    En,
    Es,
    Pt,
}

impl UiLang {
    pub const ALL: [UiLang; 4] = [UiLang::Fr, UiLang::En, UiLang::Es, UiLang::Pt];

    /// The interface language for a visitor language: its primary subtag if translated, else
    /// English.
    pub fn from_lang(lang: &Lang) -> UiLang {
        UiLang::from_code(lang.primary()).unwrap_or_default()
    }

    pub fn from_code(code: &str) -> Option<UiLang> {
        match code.to_ascii_lowercase().split(['-', '_']).next().unwrap_or("") {
            "fr" => Some(UiLang::Fr),
            "en" => Some(UiLang::En),
            "es" => Some(UiLang::Es),
            "pt" => Some(UiLang::Pt),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            UiLang::Fr => "fr",
            UiLang::En => "en",
            UiLang::Es => "es",
            UiLang::Pt => "pt",
        }
    }

    pub fn lang(self) -> Lang {
        Lang::parse(self.code()).expect("a UI language code is a language code")
    }

    /// The language's name in itself, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            UiLang::Fr => "Français",
            UiLang::En => "English",
            UiLang::Es => "Español",
            UiLang::Pt => "Português",
        }
    }
}

/// A message of the interface. Variants with fields carry what the sentence mentions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Msg<'a> {
    /// Default title when the index has no name.
    AtlasTitle,
    Loading,
    SearchLabel,
    SearchPlaceholder,
    SearchButton,
    SuggestionsLabel,
    /// Read after a suggestion count changes: "5 suggestions".
    SuggestionCount(usize),
    Searching,
    ResultCount(u32),
    PageOf(u32, u32),
    Filters,
    HideFilters,
    /// Caption of the matrix: (row dimension, column dimension).
    MatrixCaption(&'a str, &'a str),
    MatrixHelp,
    /// The button that unfolds the matrix, and the one that folds it.
    ShowMatrix,
    HideMatrix,
    /// The list form of the matrix: one family of the dimension, then its cells.
    ByDimension(&'a str),
    FamilyCells(&'a str),
    WholeFamily,
    MatrixListHelp,
    MatrixScrolls,
    SortOldest,
    CopyLink,
    LinkCopied,
    /// An author's name as a button.
    SearchAuthor(&'a str),
    /// Help: what the matrix's shades and marks mean.
    ReadingTheMatrix,
    HeatHelp,
    VisitedHelp,
    OpenCellHelp,
    /// A cell's accessible name: (row family, column family, count).
    CellName(&'a str, &'a str, u32),
    /// A header's accessible name: (family, count of resources under it).
    HeaderName(&'a str, u32),
    ShowMore(usize),
    ShowLess,
    Expand(&'a str),
    Collapse(&'a str),
    FilterWithin(&'a str),
    NoMatchInFacet,
    CombineLabel,
    CombineOr,
    CombineAnd,
    CombineHelp,
    FacetSites,
    FacetTypes,
    FacetLangs,
    FacetYears,
    YearFrom,
    YearTo,
    AnyYear,
    CurrentSelection,
    Remove(&'a str),
    ClearAll,
    Results,
    SortLabel,
    SortRelevance,
    SortDate,
    Pages,
    Previous,
    Next,
    PageN(u32),
    NoResults,
    EmptyHint,
    EmptyHintWords,
    NewTab,
    ScopeLabel,
    ThisSite(&'a str),
    WholeCommons,
    ThisMap,
    WholeAtlas,
    LanguageLabel,
    ErrorMissing,
    ErrorCorrupt,
    ErrorVersion,
    ErrorNetwork,
    ErrorNoIndex,
    Retry,
    Descriptors,
    OtherType,
    UnknownYear,
    YearRange(u16, u16),
    /// A cell chip: (row family, column family).
    CellChip(&'a str, &'a str),
    /// A query-text chip.
    TextChip(&'a str),
    SelectDescriptor(&'a str),
    /// The name of a language the commons has, in the interface language.
    LangName(&'a str),
    By,
    /// Shown in place of the widget after an internal error.
    Crashed,
    /// A keyboard shortcut past the atlas and facets.
    SkipToResults,
    /// A button opening a descriptor's panel: (label).
    OpenDescriptor(&'a str),
    /// A button opening a resource's panel: (title).
    OpenResource(&'a str),
    /// The visible text of the button `OpenResource` names.
    Details,
    Close,
    /// The panel's Back: (where it goes back to).
    BackTo(&'a str),
    OtherLanguages,
    AlsoCalled,
    /// The heading of a note that is not a scope note: definition, note, example, history.
    NoteHeading(NoteKind),
    InTheAtlas,
    Broader,
    Narrower,
    Related,
    /// The documents of the open descriptor: (count).
    Documents(u32),
    ConceptMap,
    /// The concept map's description: (the open descriptor).
    ConceptMapHelp(&'a str),
    SelectAsFilter,
    Selected,
    Visited,
    ReadOn(&'a str),
    Translations,
    IndexedLike,
    SharedDescriptors(u32),
    Cart,
    /// The cart button's name: (count).
    CartButton(usize),
    SetAside,
    CartEmpty,
    CartMissing,
    ExportCsv,
    ExportRis,
    Print,
    Clear,
    History,
    HistoryEmpty,
    PrintPath,
    Help,
    Legend,
    Guide,
    /// The navigation guide, one paragraph each: (0..GUIDE_STEPS).
    GuideStep(u8),
    /// The local map's switch: (map title).
    MapLabel(&'a str),
    /// A new release replaced the index, and the widget cannot switch to it by itself.
    ErrorUpdated,
    ReloadPage,
    /// The browser refuses to keep the cart and the path.
    StorageFailed,
    /// For the webmaster: an attribute that names nothing in the index: (attribute, value, the
    /// valid values, comma-separated: `Some("")` when the index has none, `None` for notations
    /// or IRIs).
    WrongAttribute(&'a str, &'a str, Option<&'a str>),
    FacetPlaces,
    /// The query to try when nothing matches, as a button: (the corrected query).
    DidYouMean(&'a str),
    DescriptorsAtoZ,
    Hierarchy,
    /// The descriptor's IRI, and the link to the widget's view of it.
    Identifier,
    Permalink,
}

/// How many paragraphs the navigation guide has.
pub const GUIDE_STEPS: u8 = 5;

/// Formats `n` with the digit grouping of `lang`.
pub fn number(lang: UiLang, n: u32) -> String {
    let digits = n.to_string();
    if digits.len() <= 4 && lang != UiLang::En {
        // French, Spanish and Portuguese typography leave four-digit numbers ungrouped.
        return digits;
    }
    let sep = match lang {
        UiLang::En => ",",
        UiLang::Fr => "\u{202f}",
        UiLang::Es | UiLang::Pt => ".",
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// A publication date as readers of `lang` write it: "12 mars 2024", "March 2024", "2024".
pub fn date(lang: UiLang, d: crate::model::PartialDate) -> String {
    const FR: [&str; 12] = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
    const EN: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    const ES: [&str; 12] = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];
    const PT: [&str; 12] = ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"];
    let months = match lang {
        UiLang::Fr => &FR,
        UiLang::En => &EN,
        UiLang::Es => &ES,
        UiLang::Pt => &PT,
    };
    let Some(month) = d.month.and_then(|m| months.get(usize::from(m).wrapping_sub(1))) else { return d.year.to_string() };
    let y = d.year;
    match (lang, d.day) {
        (UiLang::Fr, Some(1)) => format!("1er {month} {y}"),
        (UiLang::Fr | UiLang::En, Some(day)) => format!("{day} {month} {y}"),
        (UiLang::Es | UiLang::Pt, Some(day)) => format!("{day} de {month} de {y}"),
        (UiLang::Fr | UiLang::En, None) => format!("{month} {y}"),
        (UiLang::Es | UiLang::Pt, None) => format!("{month} de {y}"),
    }
}

/// The text of `msg` in `lang`.
pub fn text(lang: UiLang, msg: Msg<'_>) -> String {
    let n = |v: u32| number(lang, v);
    match lang {
        UiLang::Fr => fr(msg, &n),
        UiLang::En => en(msg, &n),
        UiLang::Es => es(msg, &n),
        UiLang::Pt => pt(msg, &n),
    }
}

fn fr(msg: Msg<'_>, n: &dyn Fn(u32) -> String) -> String {
    use Msg::*;
    match msg {
        AtlasTitle => "Atlas des communs".into(),
        Loading => "Chargement de l’atlas…".into(),
        SearchLabel => "Rechercher dans les communs".into(),
        SearchPlaceholder => "Mots, descripteurs de l’atlas…".into(),
        SearchButton => "Rechercher".into(),
        SuggestionsLabel => "Suggestions : descripteurs et ressources".into(),
        SuggestionCount(0) => "Aucune suggestion".into(),
        SuggestionCount(1) => "1 suggestion".into(),
        SuggestionCount(c) => format!("{c} suggestions"),
        Searching => "Recherche…".into(),
        ResultCount(0) => "Aucun résultat".into(),
        ResultCount(1) => "1 résultat".into(),
        ResultCount(c) => format!("{} résultats", n(c)),
        PageOf(p, t) => format!("page {} sur {}", n(p), n(t)),
        Filters => "Filtres".into(),
        HideFilters => "Masquer les filtres".into(),
        MatrixCaption(r, c) => format!("L’atlas : {r} × {c}"),
        ShowMatrix => "Matrice de l’atlas".into(),
        HideMatrix => "Masquer la matrice".into(),
        ByDimension(d) => format!("Par {d}"),
        FamilyCells(f) => format!("Cases de {f}"),
        WholeFamily => "Toute la famille".into(),
        MatrixListHelp => "Choisissez une famille pour voir ses cases et leurs nombres de ressources.".into(),
        ReadingTheMatrix => "Lire la matrice".into(),
        HeatHelp => "Chaque case compte les ressources de la recherche en cours indexées à la croisée de ses deux familles : plus la case est foncée, plus elle en a, de aucune (gris pâle) à la case qui en a le plus (la couleur d’accent).".into(),
        VisitedHelp => "Un point après le nombre : la case contient un descripteur que vous avez ouvert pendant cette visite (voir Parcours).".into(),
        OpenCellHelp => "Une case encadrée contient le descripteur ouvert.".into(),
        SearchAuthor(a) => format!("Chercher les ressources de {a}"),
        CopyLink => "Copier le lien".into(),
        LinkCopied => "Lien de cette vue copié.".into(),
        SortOldest => "plus anciennes".into(),
        MatrixScrolls => "Le tableau défile sur le côté.".into(),
        MatrixHelp => "Choisissez une case pour filtrer ; les flèches déplacent, Entrée ou Espace choisit.".into(),
        CellName(r, c, v) => format!("{r} × {c} : {}", res_fr(v, n)),
        HeaderName(f, v) => format!("{f} : {}", res_fr(v, n)),
        ShowMore(c) => format!("Afficher {c} de plus"),
        ShowLess => "Afficher moins".into(),
        Expand(l) => format!("Déplier {l}"),
        Collapse(l) => format!("Replier {l}"),
        FilterWithin(d) => format!("Filtrer : {d}"),
        NoMatchInFacet => "Aucun descripteur ne correspond.".into(),
        CombineLabel => "Descripteurs choisis".into(),
        CombineOr => "l’un ou l’autre (ou)".into(),
        CombineAnd => "tous à la fois (et)".into(),
        CombineHelp => "« ou » montre les ressources indexées par au moins un des descripteurs choisis d’une même dimension ; « et » seulement celles indexées par tous.".into(),
        FacetSites => "Site".into(),
        FacetTypes => "Type".into(),
        FacetLangs => "Langue".into(),
        FacetYears => "Année".into(),
        YearFrom => "De".into(),
        YearTo => "À".into(),
        AnyYear => "toutes".into(),
        CurrentSelection => "Sélection en cours".into(),
        Remove(l) => format!("retirer {l}"),
        ClearAll => "Tout effacer".into(),
        Results => "Résultats".into(),
        SortLabel => "Trier par".into(),
        SortRelevance => "pertinence".into(),
        SortDate => "date".into(),
        Pages => "Pages de résultats".into(),
        Previous => "Précédente".into(),
        Next => "Suivante".into(),
        PageN(p) => format!("Page {}", n(p)),
        NoResults => "Aucune ressource ne correspond à cette recherche.".into(),
        EmptyHint => "Essayez de retirer un de ces critères :".into(),
        EmptyHintWords => "Essayez d’autres mots, ou moins de mots.".into(),
        NewTab => "(s’ouvre dans un nouvel onglet)".into(),
        ScopeLabel => "Chercher dans".into(),
        ThisSite(s) => format!("ce site ({s})"),
        WholeCommons => "tous les communs".into(),
        ThisMap => "cette carte locale".into(),
        WholeAtlas => "tout l’atlas".into(),
        LanguageLabel => "Langue".into(),
        ErrorMissing => "L’index de l’atlas est introuvable. Vérifiez l’adresse de l’index ou réessayez plus tard.".into(),
        ErrorCorrupt => "L’index de l’atlas est endommagé et ne peut pas être lu. Le secrétariat doit le republier.".into(),
        ErrorVersion => "L’index de l’atlas est dans une autre version que ce module. Il faut mettre à jour l’un ou l’autre.".into(),
        ErrorNetwork => "Une partie de l’index n’a pas pu être chargée. Vérifiez la connexion et réessayez.".into(),
        ErrorNoIndex => "Aucun index n’est indiqué pour cet atlas.".into(),
        Retry => "Réessayer".into(),
        Descriptors => "Descripteurs".into(),
        OtherType => "Autre".into(),
        UnknownYear => "Inconnue".into(),
        YearRange(a, b) if a == b => format!("{a}"),
        YearRange(a, b) => format!("{a}–{b}"),
        CellChip(r, c) => format!("{r} × {c}"),
        TextChip(t) => format!("« {t} »"),
        SelectDescriptor(l) => format!("Choisir le descripteur {l}"),
        LangName(code) => match code {
            "fr" => "français".into(),
            "en" => "anglais".into(),
            "es" => "espagnol".into(),
            "pt" => "portugais".into(),
            other => other.into(),
        },
        By => "par".into(),
        OpenDescriptor(l) => format!("Ouvrir le descripteur {l}"),
        OpenResource(t) => format!("Détails : {t}"),
        Details => "Détails".into(),
        Close => "Fermer".into(),
        BackTo(l) => format!("Retour à {l}"),
        OtherLanguages => "Dans d’autres langues".into(),
        AlsoCalled => "Aussi appelé".into(),
        NoteHeading(NoteKind::Scope) => "Note d’application".into(),
        NoteHeading(NoteKind::Definition) => "Définition".into(),
        NoteHeading(NoteKind::Note) => "Note".into(),
        NoteHeading(NoteKind::Example) => "Exemple".into(),
        NoteHeading(NoteKind::History) => "Historique".into(),
        InTheAtlas => "Place dans l’atlas".into(),
        Broader => "Plus général".into(),
        Narrower => "Plus précis".into(),
        Related => "Voisins".into(),
        Documents(c) => format!("Documents ({})", n(c)),
        ConceptMap => "Carte des voisins".into(),
        ConceptMapHelp(l) => format!("{l} et ses voisins : choisissez un nœud pour vous y rendre. Les mêmes voisins sont listés plus bas."),
        SelectAsFilter => "Filtrer par ce descripteur".into(),
        Selected => "Filtre actif".into(),
        Visited => "déjà visité".into(),
        ReadOn(s) => format!("Lire sur {s}"),
        Translations => "Traductions".into(),
        IndexedLike => "Indexées de la même façon".into(),
        SharedDescriptors(c) => if c <= 1 { format!("{c} descripteur en commun") } else { format!("{c} descripteurs en commun") },
        Cart => "Panier".into(),
        CartButton(c) => format!("Panier ({c})"),
        SetAside => "Mettre de côté".into(),
        CartEmpty => "Rien n’est mis de côté. Le bouton « Mettre de côté » d’une ressource l’ajoute ici ; le panier reste d’une visite à l’autre.".into(),
        CartMissing => "n’est plus dans les communs".into(),
        ExportCsv => "Exporter en CSV".into(),
        ExportRis => "Exporter les références (RIS)".into(),
        Print => "Imprimer".into(),
        Clear => "Vider".into(),
        History => "Parcours".into(),
        HistoryEmpty => "Les descripteurs et ressources que vous ouvrez s’inscrivent ici, dans l’ordre.".into(),
        PrintPath => "Imprimer le parcours".into(),
        Help => "Aide".into(),
        Legend => "Légende de l’atlas".into(),
        Guide => "Naviguer dans l’atlas".into(),
        GuideStep(0) => "Tapez des mots : les résultats et tous les nombres se mettent à jour à chaque touche, et des descripteurs de l’atlas vous sont proposés.".into(),
        GuideStep(1) => "La matrice croise les composantes du territoire (lignes, numérotées) et les angles d’approche de la gouvernance (colonnes, lettrées) ; chaque case montre combien de ressources s’y trouvent. Choisissez une case, une ligne ou une colonne pour filtrer.".into(),
        GuideStep(2) => "Ouvrez un descripteur (i) pour voir sa définition, sa place dans l’atlas, ses voisins et ses documents ; passez de voisin en voisin sur la carte ou dans les listes.".into(),
        GuideStep(3) => "Plusieurs descripteurs d’une même dimension se combinent par « ou » ; le commutateur « et » ne garde que les ressources indexées par tous.".into(),
        GuideStep(4) => "Mettez des ressources de côté dans le panier pour les exporter ; votre parcours garde la trace des descripteurs visités. L’adresse de la page garde votre recherche : partagez-la.".into(),
        GuideStep(_) => String::new(),
        MapLabel(t) => format!("Carte locale : {t}"),
        SkipToResults => "Aller aux résultats".into(),
        Crashed => "L’atlas s’est arrêté à cause d’une erreur interne. Rechargez la page pour réessayer.".into(),
        ErrorUpdated => "L’atlas a été mis à jour depuis l’ouverture de cette page.".into(),
        ReloadPage => "Recharger la page".into(),
        StorageFailed => "Ce navigateur ne permet pas à l’atlas de garder votre panier et votre parcours : ils seront perdus en quittant la page.".into(),
        WrongAttribute(a, v, valid) => format!(
            "Pour le webmestre : l’attribut {a}=\"{v}\" ne désigne rien dans cet atlas ; il est ignoré. {}",
            match valid {
                Some("") => "Cet index n’en a aucun.".to_string(),
                Some(list) => format!("Valeurs possibles : {list}."),
                None => "Valeurs possibles : notations ou IRI de l’atlas.".to_string(),
            }
        ),
        FacetPlaces => "Lieux".into(),
        DidYouMean(q) => format!("Vouliez-vous dire « {q} » ?"),
        DescriptorsAtoZ => "Descripteurs de A à Z".into(),
        Hierarchy => "Hiérarchie des descripteurs".into(),
        Identifier => "Identifiant (IRI)".into(),
        Permalink => "Lien permanent vers ce descripteur".into(),
    }
}

fn res_fr(v: u32, n: &dyn Fn(u32) -> String) -> String {
    if v <= 1 {
        format!("{v} ressource")
    } else {
        format!("{} ressources", n(v))
    }
}

fn en(msg: Msg<'_>, n: &dyn Fn(u32) -> String) -> String {
    use Msg::*;
    let res = |v: u32| if v == 1 { "1 resource".to_string() } else { format!("{} resources", n(v)) };
    match msg {
        AtlasTitle => "Atlas of the commons".into(),
        Loading => "Loading the atlas…".into(),
        SearchLabel => "Search the commons".into(),
        SearchPlaceholder => "Words, atlas descriptors…".into(),
        SearchButton => "Search".into(),
        SuggestionsLabel => "Suggestions: descriptors and resources".into(),
        SuggestionCount(0) => "No suggestion".into(),
        SuggestionCount(1) => "1 suggestion".into(),
        SuggestionCount(c) => format!("{c} suggestions"),
        Searching => "Searching…".into(),
        ResultCount(0) => "No results".into(),
        ResultCount(1) => "1 result".into(),
        ResultCount(c) => format!("{} results", n(c)),
        PageOf(p, t) => format!("page {} of {}", n(p), n(t)),
        Filters => "Filters".into(),
        HideFilters => "Hide filters".into(),
        MatrixCaption(r, c) => format!("The atlas: {r} × {c}"),
        ShowMatrix => "Atlas matrix".into(),
        HideMatrix => "Hide the matrix".into(),
        ByDimension(d) => format!("By {d}"),
        FamilyCells(f) => format!("Cells of {f}"),
        WholeFamily => "The whole family".into(),
        MatrixListHelp => "Choose a family to see its cells and how many resources each holds.".into(),
        ReadingTheMatrix => "Reading the matrix".into(),
        HeatHelp => "Each cell counts the resources of the current search indexed where its two families meet: the darker the cell, the more it holds, from none (pale grey) to the busiest cell (the accent colour).".into(),
        VisitedHelp => "A dot after the number: the cell holds a descriptor you opened during this visit (see Path).".into(),
        OpenCellHelp => "An outlined cell holds the open descriptor.".into(),
        SearchAuthor(a) => format!("Search for resources by {a}"),
        CopyLink => "Copy link".into(),
        LinkCopied => "Link to this view copied.".into(),
        SortOldest => "oldest".into(),
        MatrixScrolls => "The table scrolls sideways.".into(),
        MatrixHelp => "Choose a cell to filter; arrow keys move, Enter or Space chooses.".into(),
        CellName(r, c, v) => format!("{r} × {c}: {}", res(v)),
        HeaderName(f, v) => format!("{f}: {}", res(v)),
        ShowMore(c) => format!("Show {c} more"),
        ShowLess => "Show less".into(),
        Expand(l) => format!("Expand {l}"),
        Collapse(l) => format!("Collapse {l}"),
        FilterWithin(d) => format!("Filter: {d}"),
        NoMatchInFacet => "No descriptor matches.".into(),
        CombineLabel => "Chosen descriptors".into(),
        CombineOr => "any of them (or)".into(),
        CombineAnd => "all of them (and)".into(),
        CombineHelp => "“or” shows resources indexed with at least one of the descriptors chosen in a dimension; “and” only those indexed with all of them.".into(),
        FacetSites => "Site".into(),
        FacetTypes => "Type".into(),
        FacetLangs => "Language".into(),
        FacetYears => "Year".into(),
        YearFrom => "From".into(),
        YearTo => "To".into(),
        AnyYear => "any".into(),
        CurrentSelection => "Current selection".into(),
        Remove(l) => format!("remove {l}"),
        ClearAll => "Clear all".into(),
        Results => "Results".into(),
        SortLabel => "Sort by".into(),
        SortRelevance => "relevance".into(),
        SortDate => "date".into(),
        Pages => "Result pages".into(),
        Previous => "Previous".into(),
        Next => "Next".into(),
        PageN(p) => format!("Page {}", n(p)),
        NoResults => "No resource matches this search.".into(),
        EmptyHint => "Try removing one of these:".into(),
        EmptyHintWords => "Try other words, or fewer words.".into(),
        NewTab => "(opens in a new tab)".into(),
        ScopeLabel => "Search in".into(),
        ThisSite(s) => format!("this site ({s})"),
        WholeCommons => "the whole commons".into(),
        ThisMap => "this local map".into(),
        WholeAtlas => "the whole atlas".into(),
        LanguageLabel => "Language".into(),
        ErrorMissing => "The atlas index cannot be found. Check the index address, or try again later.".into(),
        ErrorCorrupt => "The atlas index is damaged and cannot be read. It needs to be published again.".into(),
        ErrorVersion => "The atlas index is in another version than this widget. One of them needs updating.".into(),
        ErrorNetwork => "Part of the index could not be loaded. Check the connection and try again.".into(),
        ErrorNoIndex => "No index is set for this atlas.".into(),
        Retry => "Try again".into(),
        Descriptors => "Descriptors".into(),
        OtherType => "Other".into(),
        UnknownYear => "Unknown".into(),
        YearRange(a, b) if a == b => format!("{a}"),
        YearRange(a, b) => format!("{a}–{b}"),
        CellChip(r, c) => format!("{r} × {c}"),
        TextChip(t) => format!("“{t}”"),
        SelectDescriptor(l) => format!("Choose the descriptor {l}"),
        LangName(code) => match code {
            "fr" => "French".into(),
            "en" => "English".into(),
            "es" => "Spanish".into(),
            "pt" => "Portuguese".into(),
            other => other.into(),
        },
        By => "by".into(),
        OpenDescriptor(l) => format!("Open the descriptor {l}"),
        OpenResource(t) => format!("Details: {t}"),
        Details => "Details".into(),
        Close => "Close".into(),
        BackTo(l) => format!("Back to {l}"),
        OtherLanguages => "In other languages".into(),
        AlsoCalled => "Also called".into(),
        NoteHeading(NoteKind::Scope) => "Scope note".into(),
        NoteHeading(NoteKind::Definition) => "Definition".into(),
        NoteHeading(NoteKind::Note) => "Note".into(),
        NoteHeading(NoteKind::Example) => "Example".into(),
        NoteHeading(NoteKind::History) => "History".into(),
        InTheAtlas => "Place in the atlas".into(),
        Broader => "Broader".into(),
        Narrower => "Narrower".into(),
        Related => "Related".into(),
        Documents(c) => format!("Documents ({})", n(c)),
        ConceptMap => "Map of neighbours".into(),
        ConceptMapHelp(l) => format!("{l} and its neighbours: choose a node to move there. The same neighbours are listed below."),
        SelectAsFilter => "Filter by this descriptor".into(),
        Selected => "Active filter".into(),
        Visited => "visited".into(),
        ReadOn(s) => format!("Read it on {s}"),
        Translations => "Translations".into(),
        IndexedLike => "Indexed like this one".into(),
        SharedDescriptors(c) => if c == 1 { "1 shared descriptor".into() } else { format!("{c} shared descriptors") },
        Cart => "Cart".into(),
        CartButton(c) => format!("Cart ({c})"),
        SetAside => "Set aside".into(),
        CartEmpty => "Nothing set aside yet. A resource’s “Set aside” button adds it here; the cart stays from one visit to the next.".into(),
        CartMissing => "no longer in the commons".into(),
        ExportCsv => "Export as CSV".into(),
        ExportRis => "Export references (RIS)".into(),
        Print => "Print".into(),
        Clear => "Empty".into(),
        History => "Path".into(),
        HistoryEmpty => "The descriptors and resources you open are listed here, in order.".into(),
        PrintPath => "Print the path".into(),
        Help => "Help".into(),
        Legend => "Legend of the atlas".into(),
        Guide => "Finding your way in the atlas".into(),
        GuideStep(0) => "Type words: the results and every count update at each keystroke, and atlas descriptors are suggested.".into(),
        GuideStep(1) => "The matrix crosses the components of the territory (rows, numbered) with the angles of approach to governance (columns, lettered); each cell shows how many resources sit there. Choose a cell, a row or a column to filter.".into(),
        GuideStep(2) => "Open a descriptor (i) to see its scope, its place in the atlas, its neighbours and its documents; move from neighbour to neighbour on the map or in the lists.".into(),
        GuideStep(3) => "Several descriptors of one dimension combine with “or”; the “and” switch keeps only the resources indexed with all of them.".into(),
        GuideStep(4) => "Set resources aside in the cart to export them; your path keeps the descriptors you visited. The page address keeps your search: share it.".into(),
        GuideStep(_) => String::new(),
        MapLabel(t) => format!("Local map: {t}"),
        SkipToResults => "Skip to the results".into(),
        Crashed => "The atlas stopped because of an internal error. Reload the page to try again.".into(),
        ErrorUpdated => "The atlas was updated since this page was opened.".into(),
        ReloadPage => "Reload the page".into(),
        StorageFailed => "This browser does not let the atlas keep your cart and path: they will be lost when you leave the page.".into(),
        WrongAttribute(a, v, valid) => format!(
            "For the webmaster: the attribute {a}=\"{v}\" names nothing in this atlas and is ignored. {}",
            match valid {
                Some("") => "This index has none.".to_string(),
                Some(list) => format!("Valid values: {list}."),
                None => "Valid values: notations or IRIs of the atlas.".to_string(),
            }
        ),
        FacetPlaces => "Places".into(),
        DidYouMean(q) => format!("Did you mean “{q}”?"),
        DescriptorsAtoZ => "Descriptors A to Z".into(),
        Hierarchy => "Hierarchy of descriptors".into(),
        Identifier => "Identifier (IRI)".into(),
        Permalink => "Permalink to this descriptor".into(),
    }
}

fn es(msg: Msg<'_>, n: &dyn Fn(u32) -> String) -> String {
    use Msg::*;
    let res = |v: u32| if v == 1 { "1 recurso".to_string() } else { format!("{} recursos", n(v)) };
    match msg {
        AtlasTitle => "Atlas de los comunes".into(),
        Loading => "Cargando el atlas…".into(),
        SearchLabel => "Buscar en los comunes".into(),
        SearchPlaceholder => "Palabras, descriptores del atlas…".into(),
        SearchButton => "Buscar".into(),
        SuggestionsLabel => "Sugerencias: descriptores y recursos".into(),
        SuggestionCount(0) => "Ninguna sugerencia".into(),
        SuggestionCount(1) => "1 sugerencia".into(),
        SuggestionCount(c) => format!("{c} sugerencias"),
        Searching => "Buscando…".into(),
        ResultCount(0) => "Ningún resultado".into(),
        ResultCount(1) => "1 resultado".into(),
        ResultCount(c) => format!("{} resultados", n(c)),
        PageOf(p, t) => format!("página {} de {}", n(p), n(t)),
        Filters => "Filtros".into(),
        HideFilters => "Ocultar los filtros".into(),
        MatrixCaption(r, c) => format!("El atlas: {r} × {c}"),
        ShowMatrix => "Matriz del atlas".into(),
        HideMatrix => "Ocultar la matriz".into(),
        ByDimension(d) => format!("Por {d}"),
        FamilyCells(f) => format!("Casillas de {f}"),
        WholeFamily => "Toda la familia".into(),
        MatrixListHelp => "Elija una familia para ver sus casillas y cuántos recursos tiene cada una.".into(),
        ReadingTheMatrix => "Leer la matriz".into(),
        HeatHelp => "Cada casilla cuenta los recursos de la búsqueda actual indexados donde se cruzan sus dos familias: cuanto más oscura la casilla, más tiene, desde ninguno (gris pálido) hasta la casilla con más (el color de acento).".into(),
        VisitedHelp => "Un punto tras el número: la casilla contiene un descriptor que usted abrió durante esta visita (ver Recorrido).".into(),
        OpenCellHelp => "Una casilla enmarcada contiene el descriptor abierto.".into(),
        SearchAuthor(a) => format!("Buscar los recursos de {a}"),
        CopyLink => "Copiar el enlace".into(),
        LinkCopied => "Enlace a esta vista copiado.".into(),
        SortOldest => "más antiguos".into(),
        MatrixScrolls => "La tabla se desplaza hacia el lado.".into(),
        MatrixHelp => "Elija una casilla para filtrar; las flechas mueven, Intro o Espacio elige.".into(),
        CellName(r, c, v) => format!("{r} × {c}: {}", res(v)),
        HeaderName(f, v) => format!("{f}: {}", res(v)),
        ShowMore(c) => format!("Mostrar {c} más"),
        ShowLess => "Mostrar menos".into(),
        Expand(l) => format!("Desplegar {l}"),
        Collapse(l) => format!("Plegar {l}"),
        FilterWithin(d) => format!("Filtrar: {d}"),
        NoMatchInFacet => "Ningún descriptor corresponde.".into(),
        CombineLabel => "Descriptores elegidos".into(),
        CombineOr => "cualquiera de ellos (o)".into(),
        CombineAnd => "todos a la vez (y)".into(),
        CombineHelp => "«o» muestra los recursos indexados con al menos uno de los descriptores elegidos en una dimensión; «y» solo los indexados con todos.".into(),
        FacetSites => "Sitio".into(),
        FacetTypes => "Tipo".into(),
        FacetLangs => "Idioma".into(),
        FacetYears => "Año".into(),
        YearFrom => "Desde".into(),
        YearTo => "Hasta".into(),
        AnyYear => "todos".into(),
        CurrentSelection => "Selección actual".into(),
        Remove(l) => format!("quitar {l}"),
        ClearAll => "Borrar todo".into(),
        Results => "Resultados".into(),
        SortLabel => "Ordenar por".into(),
        SortRelevance => "pertinencia".into(),
        SortDate => "fecha".into(),
        Pages => "Páginas de resultados".into(),
        Previous => "Anterior".into(),
        Next => "Siguiente".into(),
        PageN(p) => format!("Página {}", n(p)),
        NoResults => "Ningún recurso corresponde a esta búsqueda.".into(),
        EmptyHint => "Pruebe a quitar uno de estos criterios:".into(),
        EmptyHintWords => "Pruebe otras palabras, o menos palabras.".into(),
        NewTab => "(se abre en una pestaña nueva)".into(),
        ScopeLabel => "Buscar en".into(),
        ThisSite(s) => format!("este sitio ({s})"),
        WholeCommons => "todos los comunes".into(),
        ThisMap => "este mapa local".into(),
        WholeAtlas => "todo el atlas".into(),
        LanguageLabel => "Idioma".into(),
        ErrorMissing => "No se encuentra el índice del atlas. Compruebe la dirección del índice o vuelva a intentarlo más tarde.".into(),
        ErrorCorrupt => "El índice del atlas está dañado y no se puede leer. Hay que volver a publicarlo.".into(),
        ErrorVersion => "El índice del atlas está en otra versión que este módulo. Hay que actualizar uno de los dos.".into(),
        ErrorNetwork => "No se pudo cargar una parte del índice. Compruebe la conexión y vuelva a intentarlo.".into(),
        ErrorNoIndex => "No se ha indicado ningún índice para este atlas.".into(),
        Retry => "Reintentar".into(),
        Descriptors => "Descriptores".into(),
        OtherType => "Otro".into(),
        UnknownYear => "Desconocido".into(),
        YearRange(a, b) if a == b => format!("{a}"),
        YearRange(a, b) => format!("{a}–{b}"),
        CellChip(r, c) => format!("{r} × {c}"),
        TextChip(t) => format!("«{t}»"),
        SelectDescriptor(l) => format!("Elegir el descriptor {l}"),
        LangName(code) => match code {
            "fr" => "francés".into(),
            "en" => "inglés".into(),
            "es" => "español".into(),
            "pt" => "portugués".into(),
            other => other.into(),
        },
        By => "por".into(),
        OpenDescriptor(l) => format!("Abrir el descriptor {l}"),
        OpenResource(t) => format!("Detalles: {t}"),
        Details => "Detalles".into(),
        Close => "Cerrar".into(),
        BackTo(l) => format!("Volver a {l}"),
        OtherLanguages => "En otros idiomas".into(),
        AlsoCalled => "También llamado".into(),
        NoteHeading(NoteKind::Scope) => "Nota de alcance".into(),
        NoteHeading(NoteKind::Definition) => "Definición".into(),
        NoteHeading(NoteKind::Note) => "Nota".into(),
        NoteHeading(NoteKind::Example) => "Ejemplo".into(),
        NoteHeading(NoteKind::History) => "Historia".into(),
        InTheAtlas => "Lugar en el atlas".into(),
        Broader => "Más general".into(),
        Narrower => "Más específico".into(),
        Related => "Vecinos".into(),
        Documents(c) => format!("Documentos ({})", n(c)),
        ConceptMap => "Mapa de vecinos".into(),
        ConceptMapHelp(l) => format!("{l} y sus vecinos: elija un nodo para ir allí. Los mismos vecinos aparecen en las listas de abajo."),
        SelectAsFilter => "Filtrar por este descriptor".into(),
        Selected => "Filtro activo".into(),
        Visited => "ya visitado".into(),
        ReadOn(s) => format!("Leer en {s}"),
        Translations => "Traducciones".into(),
        IndexedLike => "Indexados de la misma manera".into(),
        SharedDescriptors(c) => if c == 1 { "1 descriptor en común".into() } else { format!("{c} descriptores en común") },
        Cart => "Cesta".into(),
        CartButton(c) => format!("Cesta ({c})"),
        SetAside => "Guardar".into(),
        CartEmpty => "Aún no ha guardado nada. El botón «Guardar» de un recurso lo añade aquí; la cesta se conserva de una visita a otra.".into(),
        CartMissing => "ya no está en los comunes".into(),
        ExportCsv => "Exportar en CSV".into(),
        ExportRis => "Exportar las referencias (RIS)".into(),
        Print => "Imprimir".into(),
        Clear => "Vaciar".into(),
        History => "Recorrido".into(),
        HistoryEmpty => "Los descriptores y recursos que abre aparecen aquí, en orden.".into(),
        PrintPath => "Imprimir el recorrido".into(),
        Help => "Ayuda".into(),
        Legend => "Leyenda del atlas".into(),
        Guide => "Cómo navegar por el atlas".into(),
        GuideStep(0) => "Escriba palabras: los resultados y todos los números se actualizan con cada tecla, y se le proponen descriptores del atlas.".into(),
        GuideStep(1) => "La matriz cruza los componentes del territorio (filas, numeradas) con los ángulos de enfoque de la gobernanza (columnas, con letras); cada casilla muestra cuántos recursos contiene. Elija una casilla, una fila o una columna para filtrar.".into(),
        GuideStep(2) => "Abra un descriptor (i) para ver su definición, su lugar en el atlas, sus vecinos y sus documentos; pase de vecino en vecino en el mapa o en las listas.".into(),
        GuideStep(3) => "Varios descriptores de una misma dimensión se combinan con «o»; el conmutador «y» conserva solo los recursos indexados con todos.".into(),
        GuideStep(4) => "Guarde recursos en la cesta para exportarlos; su recorrido conserva los descriptores visitados. La dirección de la página conserva su búsqueda: compártala.".into(),
        GuideStep(_) => String::new(),
        MapLabel(t) => format!("Mapa local: {t}"),
        SkipToResults => "Ir a los resultados".into(),
        Crashed => "El atlas se detuvo por un error interno. Vuelva a cargar la página para reintentar.".into(),
        ErrorUpdated => "El atlas se actualizó desde que se abrió esta página.".into(),
        ReloadPage => "Volver a cargar la página".into(),
        StorageFailed => "Este navegador no permite al atlas guardar su cesta y su recorrido: se perderán al salir de la página.".into(),
        WrongAttribute(a, v, valid) => format!(
            "Para el webmaster: el atributo {a}=\"{v}\" no designa nada en este atlas; se ignora. {}",
            match valid {
                Some("") => "Este índice no tiene ninguno.".to_string(),
                Some(list) => format!("Valores posibles: {list}."),
                None => "Valores posibles: notaciones o IRI del atlas.".to_string(),
            }
        ),
        FacetPlaces => "Lugares".into(),
        DidYouMean(q) => format!("¿Quiso decir «{q}»?"),
        DescriptorsAtoZ => "Descriptores de la A a la Z".into(),
        Hierarchy => "Jerarquía de descriptores".into(),
        Identifier => "Identificador (IRI)".into(),
        Permalink => "Enlace permanente a este descriptor".into(),
    }
}

fn pt(msg: Msg<'_>, n: &dyn Fn(u32) -> String) -> String {
    use Msg::*;
    let res = |v: u32| if v == 1 { "1 recurso".to_string() } else { format!("{} recursos", n(v)) };
    match msg {
        AtlasTitle => "Atlas dos comuns".into(),
        Loading => "Carregando o atlas…".into(),
        SearchLabel => "Pesquisar nos comuns".into(),
        SearchPlaceholder => "Palavras, descritores do atlas…".into(),
        SearchButton => "Pesquisar".into(),
        SuggestionsLabel => "Sugestões: descritores e recursos".into(),
        SuggestionCount(0) => "Nenhuma sugestão".into(),
        SuggestionCount(1) => "1 sugestão".into(),
        SuggestionCount(c) => format!("{c} sugestões"),
        Searching => "Pesquisando…".into(),
        ResultCount(0) => "Nenhum resultado".into(),
        ResultCount(1) => "1 resultado".into(),
        ResultCount(c) => format!("{} resultados", n(c)),
        PageOf(p, t) => format!("página {} de {}", n(p), n(t)),
        Filters => "Filtros".into(),
        HideFilters => "Ocultar os filtros".into(),
        MatrixCaption(r, c) => format!("O atlas: {r} × {c}"),
        ShowMatrix => "Matriz do atlas".into(),
        HideMatrix => "Ocultar a matriz".into(),
        ByDimension(d) => format!("Por {d}"),
        FamilyCells(f) => format!("Células de {f}"),
        WholeFamily => "Toda a família".into(),
        MatrixListHelp => "Escolha uma família para ver suas células e quantos recursos cada uma tem.".into(),
        ReadingTheMatrix => "Ler a matriz".into(),
        HeatHelp => "Cada célula conta os recursos da busca atual indexados onde suas duas famílias se cruzam: quanto mais escura a célula, mais ela tem, de nenhum (cinza claro) à célula com mais (a cor de destaque).".into(),
        VisitedHelp => "Um ponto depois do número: a célula contém um descritor que você abriu durante esta visita (ver Percurso).".into(),
        OpenCellHelp => "Uma célula com contorno contém o descritor aberto.".into(),
        SearchAuthor(a) => format!("Buscar os recursos de {a}"),
        CopyLink => "Copiar o link".into(),
        LinkCopied => "Link desta visualização copiado.".into(),
        SortOldest => "mais antigos".into(),
        MatrixScrolls => "A tabela rola para o lado.".into(),
        MatrixHelp => "Escolha uma célula para filtrar; as setas movem, Enter ou Espaço escolhe.".into(),
        CellName(r, c, v) => format!("{r} × {c}: {}", res(v)),
        HeaderName(f, v) => format!("{f}: {}", res(v)),
        ShowMore(c) => format!("Mostrar mais {c}"),
        ShowLess => "Mostrar menos".into(),
        Expand(l) => format!("Expandir {l}"),
        Collapse(l) => format!("Recolher {l}"),
        FilterWithin(d) => format!("Filtrar: {d}"),
        NoMatchInFacet => "Nenhum descritor corresponde.".into(),
        CombineLabel => "Descritores escolhidos".into(),
        CombineOr => "qualquer um deles (ou)".into(),
        CombineAnd => "todos ao mesmo tempo (e)".into(),
        CombineHelp => "“ou” mostra os recursos indexados com pelo menos um dos descritores escolhidos numa dimensão; “e” somente os indexados com todos.".into(),
        FacetSites => "Site".into(),
        FacetTypes => "Tipo".into(),
        FacetLangs => "Idioma".into(),
        FacetYears => "Ano".into(),
        YearFrom => "De".into(),
        YearTo => "Até".into(),
        AnyYear => "todos".into(),
        CurrentSelection => "Seleção atual".into(),
        Remove(l) => format!("remover {l}"),
        ClearAll => "Limpar tudo".into(),
        Results => "Resultados".into(),
        SortLabel => "Ordenar por".into(),
        SortRelevance => "relevância".into(),
        SortDate => "data".into(),
        Pages => "Páginas de resultados".into(),
        Previous => "Anterior".into(),
        Next => "Seguinte".into(),
        PageN(p) => format!("Página {}", n(p)),
        NoResults => "Nenhum recurso corresponde a esta pesquisa.".into(),
        EmptyHint => "Tente remover um destes critérios:".into(),
        EmptyHintWords => "Tente outras palavras, ou menos palavras.".into(),
        NewTab => "(abre numa nova aba)".into(),
        ScopeLabel => "Pesquisar em".into(),
        ThisSite(s) => format!("este site ({s})"),
        WholeCommons => "todos os comuns".into(),
        ThisMap => "este mapa local".into(),
        WholeAtlas => "todo o atlas".into(),
        LanguageLabel => "Idioma".into(),
        ErrorMissing => "O índice do atlas não foi encontrado. Verifique o endereço do índice ou tente mais tarde.".into(),
        ErrorCorrupt => "O índice do atlas está danificado e não pode ser lido. É preciso publicá-lo de novo.".into(),
        ErrorVersion => "O índice do atlas está numa versão diferente deste módulo. É preciso atualizar um dos dois.".into(),
        ErrorNetwork => "Uma parte do índice não pôde ser carregada. Verifique a conexão e tente de novo.".into(),
        ErrorNoIndex => "Nenhum índice foi indicado para este atlas.".into(),
        Retry => "Tentar de novo".into(),
        Descriptors => "Descritores".into(),
        OtherType => "Outro".into(),
        UnknownYear => "Desconhecido".into(),
        YearRange(a, b) if a == b => format!("{a}"),
        YearRange(a, b) => format!("{a}–{b}"),
        CellChip(r, c) => format!("{r} × {c}"),
        TextChip(t) => format!("“{t}”"),
        SelectDescriptor(l) => format!("Escolher o descritor {l}"),
        LangName(code) => match code {
            "fr" => "francês".into(),
            "en" => "inglês".into(),
            "es" => "espanhol".into(),
            "pt" => "português".into(),
            other => other.into(),
        },
        By => "por".into(),
        OpenDescriptor(l) => format!("Abrir o descritor {l}"),
        OpenResource(t) => format!("Detalhes: {t}"),
        Details => "Detalhes".into(),
        Close => "Fechar".into(),
        BackTo(l) => format!("Voltar a {l}"),
        OtherLanguages => "Em outras línguas".into(),
        AlsoCalled => "Também chamado".into(),
        NoteHeading(NoteKind::Scope) => "Nota de aplicação".into(),
        NoteHeading(NoteKind::Definition) => "Definição".into(),
        NoteHeading(NoteKind::Note) => "Nota".into(),
        NoteHeading(NoteKind::Example) => "Exemplo".into(),
        NoteHeading(NoteKind::History) => "Histórico".into(),
        InTheAtlas => "Lugar no atlas".into(),
        Broader => "Mais geral".into(),
        Narrower => "Mais específico".into(),
        Related => "Vizinhos".into(),
        Documents(c) => format!("Documentos ({})", n(c)),
        ConceptMap => "Mapa de vizinhos".into(),
        ConceptMapHelp(l) => format!("{l} e os seus vizinhos: escolha um nó para ir até lá. Os mesmos vizinhos estão listados abaixo."),
        SelectAsFilter => "Filtrar por este descritor".into(),
        Selected => "Filtro ativo".into(),
        Visited => "já visitado".into(),
        ReadOn(s) => format!("Ler em {s}"),
        Translations => "Traduções".into(),
        IndexedLike => "Indexados da mesma forma".into(),
        SharedDescriptors(c) => if c == 1 { "1 descritor em comum".into() } else { format!("{c} descritores em comum") },
        Cart => "Cesto".into(),
        CartButton(c) => format!("Cesto ({c})"),
        SetAside => "Guardar".into(),
        CartEmpty => "Ainda não guardou nada. O botão «Guardar» de um recurso adiciona-o aqui; o cesto mantém-se de uma visita para outra.".into(),
        CartMissing => "já não está nos comuns".into(),
        ExportCsv => "Exportar em CSV".into(),
        ExportRis => "Exportar as referências (RIS)".into(),
        Print => "Imprimir".into(),
        Clear => "Esvaziar".into(),
        History => "Percurso".into(),
        HistoryEmpty => "Os descritores e recursos que abre aparecem aqui, por ordem.".into(),
        PrintPath => "Imprimir o percurso".into(),
        Help => "Ajuda".into(),
        Legend => "Legenda do atlas".into(),
        Guide => "Como navegar no atlas".into(),
        GuideStep(0) => "Escreva palavras: os resultados e todos os números atualizam-se a cada tecla, e são sugeridos descritores do atlas.".into(),
        GuideStep(1) => "A matriz cruza os componentes do território (linhas, numeradas) com os ângulos de abordagem da governança (colunas, com letras); cada casa mostra quantos recursos contém. Escolha uma casa, uma linha ou uma coluna para filtrar.".into(),
        GuideStep(2) => "Abra um descritor (i) para ver a sua definição, o seu lugar no atlas, os seus vizinhos e os seus documentos; passe de vizinho em vizinho no mapa ou nas listas.".into(),
        GuideStep(3) => "Vários descritores de uma mesma dimensão combinam-se com «ou»; o comutador «e» mantém apenas os recursos indexados com todos.".into(),
        GuideStep(4) => "Guarde recursos no cesto para os exportar; o seu percurso guarda os descritores visitados. O endereço da página guarda a sua pesquisa: partilhe-o.".into(),
        GuideStep(_) => String::new(),
        MapLabel(t) => format!("Mapa local: {t}"),
        SkipToResults => "Ir para os resultados".into(),
        Crashed => "O atlas parou por causa de um erro interno. Recarregue a página para tentar de novo.".into(),
        ErrorUpdated => "O atlas foi atualizado desde que esta página foi aberta.".into(),
        ReloadPage => "Recarregar a página".into(),
        StorageFailed => "Este navegador não permite ao atlas guardar o seu cesto e o seu percurso: serão perdidos ao sair da página.".into(),
        WrongAttribute(a, v, valid) => format!(
            "Para o webmaster: o atributo {a}=\"{v}\" não designa nada neste atlas; é ignorado. {}",
            match valid {
                Some("") => "Este índice não tem nenhum.".to_string(),
                Some(list) => format!("Valores possíveis: {list}."),
                None => "Valores possíveis: notações ou IRI do atlas.".to_string(),
            }
        ),
        FacetPlaces => "Lugares".into(),
        DidYouMean(q) => format!("Quis dizer «{q}»?"),
        DescriptorsAtoZ => "Descritores de A a Z".into(),
        Hierarchy => "Hierarquia dos descritores".into(),
        Identifier => "Identificador (IRI)".into(),
        Permalink => "Link permanente para este descritor".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visitor_languages_map_to_interface_languages_with_english_as_fallback() {
        assert_eq!(UiLang::from_lang(&Lang::parse("pt-BR").unwrap()), UiLang::Pt);
        assert_eq!(UiLang::from_lang(&Lang::parse("FR").unwrap()), UiLang::Fr);
        assert_eq!(UiLang::from_lang(&Lang::parse("de").unwrap()), UiLang::En);
    }

    #[test]
    fn result_counts_agree_in_number_in_every_language() {
        assert_eq!(text(UiLang::En, Msg::ResultCount(1)), "1 result");
        assert_eq!(text(UiLang::En, Msg::ResultCount(42)), "42 results");
        assert_eq!(text(UiLang::Fr, Msg::ResultCount(42)), "42 résultats");
        assert_eq!(text(UiLang::Es, Msg::ResultCount(1)), "1 resultado");
        assert_eq!(text(UiLang::Pt, Msg::ResultCount(12345)), "12.345 resultados");
        assert_eq!(text(UiLang::Fr, Msg::ResultCount(12345)), "12\u{202f}345 résultats");
        assert_eq!(text(UiLang::En, Msg::ResultCount(1234)), "1,234 results");
    }

    #[test]
    fn dates_read_as_each_language_writes_them() {
        use crate::model::PartialDate;
        let d = |year, month, day| PartialDate { year, month, day };
        assert_eq!(date(UiLang::Fr, d(2024, Some(3), Some(12))), "12 mars 2024");
        assert_eq!(date(UiLang::Fr, d(2024, Some(3), Some(1))), "1er mars 2024");
        assert_eq!(date(UiLang::En, d(2024, Some(8), None)), "August 2024");
        assert_eq!(date(UiLang::Es, d(2019, Some(12), Some(5))), "5 de diciembre de 2019");
        assert_eq!(date(UiLang::Pt, d(2019, Some(3), None)), "março de 2019");
        assert_eq!(date(UiLang::Pt, d(2019, None, None)), "2019");
        assert_eq!(date(UiLang::En, d(2019, Some(13), None)), "2019");
    }

    #[test]
    fn every_message_has_a_non_empty_text_in_every_language() {
        let msgs = [
            Msg::AtlasTitle, Msg::Loading, Msg::SearchLabel, Msg::ErrorMissing, Msg::ErrorCorrupt,
            Msg::ErrorVersion, Msg::ErrorNetwork, Msg::CombineHelp, Msg::Remove("x"), Msg::NoResults,
            Msg::ErrorUpdated, Msg::ReloadPage, Msg::StorageFailed, Msg::WrongAttribute("site", "x", Some("a, b")),
            Msg::WrongAttribute("local-map", "x", Some("")), Msg::WrongAttribute("sub-atlas", "x", None),
        ];
        for lang in UiLang::ALL {
            for m in msgs {
                assert!(!text(lang, m).trim().is_empty(), "{lang:?} {m:?}");
            }
        }
        // The four languages really differ where a visitor reads them first.
        let titles: std::collections::BTreeSet<String> = UiLang::ALL.iter().map(|l| text(*l, Msg::SearchLabel)).collect();
        assert_eq!(titles.len(), 4);
    }
}

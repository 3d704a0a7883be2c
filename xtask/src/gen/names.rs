//! People and places for the generated resources.
//!
//! Author names mix real first names and surnames of each language area with surnames made of
//! the language's pseudo-words, so that an author query can hit one record or thousands, as in
//! real data. Places are real towns of the regions where the member sites work, with their ISO
//! 3166 codes; a few carry a comma or an apostrophe to exercise CSV quoting and escaping.

use super::rng::Rng;
use super::words::{capitalize, Lang, Vocabulary};

#[rustfmt::skip]
const FR_FIRST: &[&str] = &[
    "Anne", "Karim", "Claire", "Mamadou", "Sophie", "Pierre", "Fatou", "Julien", "Nathalie",
    "Éric", "Hélène", "Yves", "Aïcha", "François", "Léa", "Michel", "Camille", "Jérôme", "Océane",
    "Théo", "Brigitte", "Moussa", "Cécile", "Gaëlle",
];
#[rustfmt::skip]
const FR_LAST: &[&str] = &[
    "Martin", "Benali", "Dubois", "Diop", "Lefèvre", "Moreau", "Girard", "Traoré", "Rousseau",
    "Fournier", "Calame", "Mercier", "Ndiaye", "Chevalier", "Lemaître", "Perrin", "Garnier",
    "Boucher", "Côté", "Gagnon",
];
#[rustfmt::skip]
const EN_FIRST: &[&str] = &[
    "John", "Mary", "David", "Sarah", "James", "Emma", "Michael", "Olivia", "Robert", "Grace",
    "Thomas", "Amina", "William", "Chloe", "Daniel", "Priya", "George", "Ruth", "Samuel", "Zoe",
];
#[rustfmt::skip]
const EN_LAST: &[&str] = &[
    "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Evans", "O'Connor", "Patel", "Walker",
    "Wright", "Green", "Hughes", "Okafor", "Mensah", "Clarke", "Hall", "Young", "King",
];
#[rustfmt::skip]
const ES_FIRST: &[&str] = &[
    "José", "María", "Juan", "Lucía", "Carlos", "Ana", "Andrés", "Sofía", "Miguel", "Valentina",
    "Javier", "Camila", "Pablo", "Inés", "Diego", "Ximena", "Raúl", "Begoña", "Iñaki", "Nuria",
];
#[rustfmt::skip]
const ES_LAST: &[&str] = &[
    "García", "Rodríguez", "Martínez", "López", "González", "Pérez", "Sánchez", "Ramírez",
    "Torres", "Flores", "Núñez", "Muñoz", "Castaño", "Ibáñez", "Quispe", "Mamani", "Vargas",
    "Herrera",
];
#[rustfmt::skip]
const PT_FIRST: &[&str] = &[
    "João", "Maria", "António", "Ana", "Francisco", "Beatriz", "Luís", "Mariana", "Pedro", "Inês",
    "Paulo", "Conceição", "Tiago", "Fernanda", "Rafael", "Gonçalo", "Luíza", "Sebastião",
];
#[rustfmt::skip]
const PT_LAST: &[&str] = &[
    "Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Sousa",
    "Gonçalves", "Araújo", "Conceição", "Magalhães", "Loureiro", "Assunção", "Brandão",
];

/// A generated author name for a resource written in `lang`.
pub fn person(rng: &mut Rng, lang: Lang, vocab: &[Vocabulary; 4]) -> String {
    // Mostly names of the resource's language area, sometimes from elsewhere.
    let area = if rng.chance(0.75) {
        lang
    } else {
        rng.pick(&Lang::ALL)
    };
    let (first, last) = match area {
        Lang::Fr => (FR_FIRST, FR_LAST),
        Lang::En => (EN_FIRST, EN_LAST),
        Lang::Es => (ES_FIRST, ES_LAST),
        Lang::Pt => (PT_FIRST, PT_LAST),
    };
    let given = rng.pick(first);
    let family = if rng.chance(0.4) {
        rng.pick(last).to_string()
    } else {
        // A surname from the pseudo-language: the Zipf rank makes some names prolific.
        let mut s = capitalize(vocab[area.index()].content_word(rng));
        if area != Lang::En && rng.chance(0.15) {
            s.push('-');
            s.push_str(rng.pick(last));
        }
        s
    };
    if rng.chance(0.05) {
        // An initial, as bibliographic data often has.
        let initial: String = given.chars().take(1).collect();
        format!("{initial}. {family}")
    } else {
        format!("{given} {family}")
    }
}

/// (place, ISO 3166 code, language area).
const PLACES: &[(&str, &str, Lang)] = &[
    ("Paris", "FR", Lang::Fr),
    ("Lyon", "FR", Lang::Fr),
    ("Grenoble", "FR", Lang::Fr),
    ("Marseille", "FR", Lang::Fr),
    ("Lille", "FR", Lang::Fr),
    ("Nantes", "FR", Lang::Fr),
    ("Loos-en-Gohelle", "FR", Lang::Fr),
    ("L'Haÿ-les-Roses", "FR", Lang::Fr),
    ("Saint-Denis, La Réunion", "FR", Lang::Fr),
    ("Bruxelles", "BE", Lang::Fr),
    ("Liège", "BE", Lang::Fr),
    ("Genève", "CH", Lang::Fr),
    ("Lausanne", "CH", Lang::Fr),
    ("Montréal", "CA", Lang::Fr),
    ("Québec", "CA", Lang::Fr),
    ("Dakar", "SN", Lang::Fr),
    ("Saint-Louis", "SN", Lang::Fr),
    ("Bamako", "ML", Lang::Fr),
    ("Ouagadougou", "BF", Lang::Fr),
    ("Rabat", "MA", Lang::Fr),
    ("Tunis", "TN", Lang::Fr),
    ("Cotonou", "BJ", Lang::Fr),
    ("London", "GB", Lang::En),
    ("Bristol", "GB", Lang::En),
    ("Totnes", "GB", Lang::En),
    ("Glasgow", "GB", Lang::En),
    ("Detroit", "US", Lang::En),
    ("Portland, Oregon", "US", Lang::En),
    ("Cleveland", "US", Lang::En),
    ("Kerala", "IN", Lang::En),
    ("Bangalore", "IN", Lang::En),
    ("Nairobi", "KE", Lang::En),
    ("Cape Town", "ZA", Lang::En),
    ("Accra", "GH", Lang::En),
    ("Barcelona", "ES", Lang::Es),
    ("Madrid", "ES", Lang::Es),
    ("Bilbao", "ES", Lang::Es),
    ("Sevilla", "ES", Lang::Es),
    ("Ciudad de México", "MX", Lang::Es),
    ("Oaxaca", "MX", Lang::Es),
    ("Bogotá", "CO", Lang::Es),
    ("Medellín", "CO", Lang::Es),
    ("Buenos Aires", "AR", Lang::Es),
    ("Rosario", "AR", Lang::Es),
    ("Santiago", "CL", Lang::Es),
    ("Valparaíso", "CL", Lang::Es),
    ("Lima", "PE", Lang::Es),
    ("Cusco", "PE", Lang::Es),
    ("La Paz", "BO", Lang::Es),
    ("Montevideo", "UY", Lang::Es),
    ("Quito", "EC", Lang::Es),
    ("Porto Alegre", "BR", Lang::Pt),
    ("São Paulo", "BR", Lang::Pt),
    ("Rio de Janeiro", "BR", Lang::Pt),
    ("Belo Horizonte", "BR", Lang::Pt),
    ("Recife", "BR", Lang::Pt),
    ("Curitiba", "BR", Lang::Pt),
    ("Belém", "BR", Lang::Pt),
    ("Lisboa", "PT", Lang::Pt),
    ("Porto", "PT", Lang::Pt),
    ("Coimbra", "PT", Lang::Pt),
    ("Maputo", "MZ", Lang::Pt),
    ("Luanda", "AO", Lang::Pt),
    ("Praia", "CV", Lang::Pt),
];

/// A place and its country for a resource written in `lang`.
pub fn place(rng: &mut Rng, lang: Lang) -> (&'static str, &'static str) {
    let local = rng.chance(0.8);
    loop {
        let (name, country, area) = rng.pick(PLACES);
        if !local || area == lang {
            return (name, country);
        }
    }
}

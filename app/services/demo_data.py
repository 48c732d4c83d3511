"""Word lists for the demo book: the customers of an office equipment supplier in Lyon.

Phone numbers use the ranges that the French (ARCEP) and British (Ofcom) regulators set aside
for fiction, and e-mail domains end in the reserved `.example`, so that nothing in the demo can
reach a real person.
"""

from __future__ import annotations

FIRST_NAMES_M = (
    "Jean", "Pierre", "Michel", "Philippe", "Alain", "Nicolas", "Christophe", "Laurent",
    "Stéphane", "Julien", "Sébastien", "Thomas", "Antoine", "Mathieu", "Olivier", "François",
    "Éric", "Karim", "Mehdi", "Lucas", "Hugo", "Romain", "Guillaume", "Bruno", "Yannick",
    "Benoît", "Jérôme", "Damien", "Thierry", "Rémi",
)  # fmt: skip
FIRST_NAMES_F = (
    "Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Sophie", "Valérie", "Sandrine",
    "Céline", "Aurélie", "Émilie", "Julie", "Camille", "Laura", "Claire", "Anne", "Hélène",
    "Christine", "Agnès", "Nadia", "Samira", "Léa", "Manon", "Chloé", "Élodie", "Virginie",
    "Florence", "Martine", "Brigitte", "Pauline",
)  # fmt: skip
SURNAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet",
    "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin",
    "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier",
    "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Nguyen", "Benali", "Da Silva",
    "Perret", "Brun", "Chapuis", "Grosjean", "Vial", "Berthet", "Lacroix", "Revol", "Chabert",
    "Ferrand", "Jacquet", "Collomb", "Bouvier", "Dufour", "Giraud", "Pernet", "Charvet",
)  # fmt: skip

# {surname}: a surname; {place}: "du Rhône"...; {adj_m}, {adj_f}, {adj_mp}: "Lyonnais(e)(s)"...
BUSINESS_PATTERNS = (
    "Boulangerie {surname}", "Pharmacie {surname}", "Garage {surname}", "Cabinet {surname}",
    "Imprimerie {surname}", "Menuiserie {surname}", "Transports {surname}", "Plomberie {surname}",
    "Boucherie {surname}", "Optique {surname}", "Cabinet dentaire {surname}",
    "Étude de Maître {surname}", "Agence immobilière {surname}", "{surname} Conseil",
    "{surname} Informatique", "{surname} Électricité", "{surname} Bâtiment", "{surname} & Fils",
    "{surname} Expertise Comptable", "{surname} Architectes", "{surname} Traiteur",
    "Transports {place}", "Imprimerie {place}", "Menuiserie {place}", "Librairie {place}",
    "Clinique vétérinaire {place}", "Auto-école {place}", "Pharmacie {place}", "Crèche {place}",
    "Hôtel {place}", "Laboratoire {place}", "Bureau d'études {place}", "Fromagerie {place}",
    "Transports {adj_mp}", "Imprimerie {adj_f}", "Menuiserie {adj_f}", "Brasserie {adj_f}",
    "Maçonnerie {adj_f}", "Agence {adj_f}", "Garage {adj_m}", "Laboratoire {adj_m}",
    "Nettoyage {adj_m}", "Bureau d'études {adj_m}", "Traiteurs {adj_mp}", "Ateliers {adj_mp}",
)  # fmt: skip
PLACES = (
    "du Rhône", "des Monts d'Or", "de la Croix-Rousse", "du Beaujolais", "de la Part-Dieu",
    "de Fourvière", "des Brotteaux", "de la Guillotière", "du Vieux-Lyon", "de Gerland",
    "des Pentes", "du Pilat", "des Dombes", "de Bellecour", "du Confluent", "de Vaise",
    "de Monplaisir", "de la Saône", "du Grand Parc",
)  # fmt: skip
ADJECTIVES = (  # masculine, feminine, masculine plural
    ("Lyonnais", "Lyonnaise", "Lyonnais"),
    ("Rhodanien", "Rhodanienne", "Rhodaniens"),
    ("Dauphinois", "Dauphinoise", "Dauphinois"),
    ("Savoyard", "Savoyarde", "Savoyards"),
    ("Beaujolais", "Beaujolaise", "Beaujolais"),
    ("Forézien", "Forézienne", "Foréziens"),
)
LONG_NAMES = (
    "Société Coopérative Agricole des Producteurs de la Vallée du Rhône",
    "Association Départementale pour l'Éducation et l'Insertion des Jeunes du Rhône",
    "Groupement d'Intérêt Économique des Pharmacies Lyonnaises Réunies",
    "Société d'Exploitation des Établissements Thermaux d'Auvergne-Rhône-Alpes",
    "Compagnie Générale de Maintenance Industrielle et de Services Associés",
    "Syndicat Intercommunal d'Aménagement et d'Entretien des Berges de la Saône",
    "Office de Gestion des Résidences Étudiantes de l'Agglomération Lyonnaise",
    "Fédération Régionale des Coopératives Laitières de Savoie et du Dauphiné",
    "Centre de Formation des Apprentis des Métiers de l'Automobile du Rhône",
)
LEGAL_FORMS = ("SARL", "SAS", "SAS", "SARL", "SA", "EURL", "SASU", "SNC")
LIBERAL_PROFESSIONS = ("Étude", "Cabinet", "Pharmacie", "Clinique")  # their own legal forms
LIBERAL_FORMS = ("SELARL", "SELARL", "SCP", "SELAS")
SCI_NAMES = ("Les Tilleuls", "du Parc", "Bellevue", "Les Canuts", "Saint-Jean", "des Terreaux")

STREETS = (
    "rue de la République", "avenue Jean Jaurès", "cours Lafayette", "boulevard des Belges",
    "quai Perrache", "rue Garibaldi", "avenue Berthelot", "chemin des Pivolles", "route de Genas",
    "rue du Dauphiné", "impasse des Lilas", "allée des Tilleuls", "rue Paul Bert",
    "rue Victor Hugo", "rue Pasteur", "avenue de la Libération", "rue des Entrepreneurs",
    "rue Marcel Mérieux", "cours Émile Zola", "rue Juliette Récamier", "montée de la Grande Côte",
    "rue du Président Édouard Herriot", "avenue Félix Faure", "rue de Marseille",
    "chemin de la Sauvegarde", "rue Saint-Georges", "route de Lyon", "rue de la Gare",
    "rue des Artisans", "avenue du Général de Gaulle",
)  # fmt: skip
BUSINESS_LINE2 = (
    "Bâtiment B", "ZI des Glaises", "Parc d'activités du Chêne", "ZA de la Plaine",
    "Immeuble Le Britannia", "3e étage", "Porte 12", "ZAC des Gaulnes", "Hall A",
    "Espace Entreprises Mi-Plaine",
)  # fmt: skip
HOME_LINE2 = ("Résidence Les Érables, appartement 24", "Bâtiment C", "Lieu-dit Les Granges")

# (postcode, city, telephone zone digit)
FR_CITIES = (
    ("69001", "Lyon", "4"), ("69002", "Lyon", "4"), ("69003", "Lyon", "4"),
    ("69006", "Lyon", "4"), ("69007", "Lyon", "4"), ("69009", "Lyon", "4"),
    ("69100", "Villeurbanne", "4"), ("69200", "Vénissieux", "4"), ("69500", "Bron", "4"),
    ("69120", "Vaulx-en-Velin", "4"), ("69300", "Caluire-et-Cuire", "4"), ("69130", "Écully", "4"),
    ("69160", "Tassin-la-Demi-Lune", "4"), ("69800", "Saint-Priest", "4"),
    ("69330", "Meyzieu", "4"), ("69400", "Villefranche-sur-Saône", "4"),
    ("69760", "Limonest", "4"), ("69740", "Genas", "4"), ("69680", "Chassieu", "4"),
    ("69150", "Décines-Charpieu", "4"), ("69600", "Oullins", "4"), ("69210", "L'Arbresle", "4"),
    ("69220", "Belleville-en-Beaujolais", "4"), ("69960", "Corbas", "4"),
    ("38000", "Grenoble", "4"), ("38200", "Vienne", "4"), ("38300", "Bourgoin-Jallieu", "4"),
    ("42000", "Saint-Étienne", "4"), ("42300", "Roanne", "4"), ("01000", "Bourg-en-Bresse", "4"),
    ("71000", "Mâcon", "3"), ("74000", "Annecy", "4"), ("73000", "Chambéry", "4"),
    ("26000", "Valence", "4"), ("63000", "Clermont-Ferrand", "4"), ("21000", "Dijon", "3"),
    ("75011", "Paris", "1"), ("75008", "Paris", "1"), ("13002", "Marseille", "4"),
)  # fmt: skip
# As French mail writes them: a CS or BP box, then "postcode CITY CEDEX nn".
FR_CEDEX = (
    ("CS 20215", "69442", "LYON CEDEX 03", "4"), ("CS 70112", "69289", "LYON CEDEX 02", "4"),
    ("CS 10321", "69361", "LYON CEDEX 07", "4"), ("BP 2104", "69603", "VILLEURBANNE CEDEX", "4"),
    ("CS 50032", "69572", "DARDILLY CEDEX", "4"), ("BP 156", "69672", "BRON CEDEX", "4"),
    ("CS 40088", "38041", "GRENOBLE CEDEX 9", "4"),
    ("BP 509", "42007", "SAINT-ETIENNE CEDEX 1", "4"),
    ("CS 60014", "75382", "PARIS CEDEX 08", "1"),
)  # fmt: skip

# Fiction ranges: +33 1 99 00, 3 53 01, 4 65 71 (landlines), 6 39 98 (mobiles).
FR_PHONE_PREFIX = {"1": "+33 1 99 00", "3": "+33 3 53 01", "4": "+33 4 65 71"}
FR_MOBILE_PREFIX = "+33 6 39 98"

# (name, address line 1, postcode, city, language), per country
FOREIGN = {
    "BE": (
        ("Imprimerie Van Damme SRL", "Chaussée de Louvain 412", "1030", "Schaerbeek", "fr"),
        ("Bureau Verhaegen NV", "Kortrijksesteenweg 1050", "9051", "Gent", "en"),
        ("Liège Fournitures SA", "Rue Saint-Gilles 58", "4000", "Liège", "fr"),
    ),
    "DE": (
        ("Schneider Bürotechnik GmbH", "Hauptstraße 27", "66111", "Saarbrücken", "en"),
        ("Keller & Wagner KG", "Kaiserstraße 12", "60311", "Frankfurt am Main", "en"),
        ("Hoffmann Druck GmbH", "Bertoldstraße 44", "79098", "Freiburg im Breisgau", "en"),
    ),
    "CH": (
        ("Papeterie Rochat SA", "Rue du Rhône 65", "1204", "Genève", "fr"),
        ("Fiduciaire Favre Sàrl", "Avenue de la Gare 10", "1003", "Lausanne", "fr"),
        ("Keller Treuhand AG", "Bahnhofstrasse 21", "8001", "Zürich", "en"),
    ),
    "GB": (
        ("Harrington Office Supplies Ltd", "14 Leonard Street", "EC2A 4LX", "London", "en"),
        ("Blackwood & Partners LLP", "3 Piccadilly Place", "M1 3BN", "Manchester", "en"),
        ("Thistle Print Ltd", "22 Rose Street", "EH2 2PR", "Edinburgh", "en"),
    ),
}
FOREIGN_PHONES = {  # {pairs}: two groups of two digits; {three}: three digits
    "BE": "+32 2 555 {pairs}",
    "DE": "+49 30 555 {pairs}",
    "CH": "+41 22 555 {pairs}",
    "GB": "+44 20 7946 0{three}",  # Ofcom's drama range
}
FOREIGN_CONTACT_NAMES = {
    "BE": ("Pieter Claes", "Sophie Lambert", "Marc Dubois"),
    "DE": ("Anna Schmidt", "Jonas Weber", "Katrin Fischer"),
    "CH": ("Nicole Favre", "Daniel Meier", "Laurence Rochat"),
    "GB": ("Emma Clarke", "James Whitfield", "Olivia Hughes"),
}

ROLES = (  # as a man, as a woman holds it
    ("Comptabilité", "Comptabilité"),
    ("Comptabilité", "Comptabilité"),
    ("Gérant", "Gérante"),
    ("Service achats", "Service achats"),
    ("Directeur administratif et financier", "Directrice administrative et financière"),
    ("Assistant de direction", "Assistante de direction"),
    ("Comptable fournisseurs", "Comptable fournisseurs"),
    ("Responsable des services généraux", "Responsable des services généraux"),
    ("Office manager", "Office manager"),
    ("Secrétariat", "Secrétariat"),
    ("Président", "Présidente"),
)
FOREIGN_ROLES = {
    "en": ("Accounts payable", "Finance manager", "Office manager", "Purchasing"),
    "fr": ("Comptabilité", "Service achats", "Comptable fournisseurs", "Secrétariat"),
}
BEST_TIMES = (
    "Matin, 9 h – 12 h", "Après-midi, 14 h – 17 h", "Mardi et jeudi matin", "Avant 10 h",
    "Entre 13 h 30 et 15 h", "Du lundi au vendredi, 8 h 30 – 12 h", "Fin de journée",
    "Éviter le lundi", None,
)  # fmt: skip
MAIL_LOCALS = ("compta", "comptabilite", "factures", "achats", "contact", "administration")
PERSONAL_DOMAINS = ("courriel.example", "messagerie.example", "boite.example")

CREDIT_REASONS = (  # (reason, lowest and highest share of the invoice, in percent)
    ("Remise commerciale", 5, 15),
    ("Retour marchandise", 10, 60),
    ("Erreur de facturation", 100, 100),
    ("Geste commercial suite à un retard de livraison", 3, 10),
    ("Article défectueux", 10, 40),
    ("Annulation de commande", 100, 100),
)
HOLD_REASONS = (
    "Litige sur la livraison du copieur, expertise en cours",
    "Procédure de sauvegarde : créance déclarée au mandataire judiciaire",
    "Changement de gérant, nouveaux interlocuteurs à identifier",
)
